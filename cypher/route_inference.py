"""Hops a chart implies without drawing them: read from memberships, organisations and appointments.

Administrators record who sits where, in which role, for whom and at which
organisation; few draw "disseminates to" edges by hand. The contact path
still needs those hops, so they are inferred here by the rules of
`graphmodel.routing.INFERRED_RULES`, each hop marked with the records it
comes from and the rule that allows it (`RouteEdge.inference`, a `Phrase`
of the message catalogue, said in the language of whoever is shown it):

* `key_person_to_municipality`: a key person of a network reaches the
  municipality their `organisation` (an id or the municipality's name) or
  their membership's `represents` names;
* `contact_in_network`: a contact person who sits in a network reaches it;
* `appointing_structure_contact`: a representative appointed by a support
  structure has as contact person whoever sits as contact person in a
  network of that structure (or works there);
* `speaks_for`: a municipal representative (or a co-opted member speaking
  for municipalities) reaches the municipalities they represent, directly or
  through an association, network, county or region whose municipalities the
  graph knows - but only when the chart gives them no contact person and
  their region records no network of municipal key persons. Where it records
  one (as Örebro län does, 003), the information travels through it, and
  representation alone is no route.

An inferred hop is never added where a drawn edge already makes it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from cypher.explain import NodeRef
from graphmodel.messages import Phrase
from graphmodel.place_names import municipality_name
from graphmodel.routing import (
    CONTACT_PERSON_ROLE, KEY_PERSON_ROLE, SPEAKING_ROLES, carries,
)

# Edges from a municipality to what it belongs to: an association, a network, a county.
_MEMBERSHIP_OF_MUNICIPALITY = ("PART_OF", "MEMBER_OF", "LOCATED_IN", "BELONGS_TO")


@dataclass(frozen=True)
class Inference:
    """The inferred edges, and the territories whose charts record a network of municipal key persons."""

    edges: list
    networked: frozenset[str]


def infer(nodes: dict, edges: list) -> Inference:
    """Every hop the chart implies and does not draw; `nodes` and `edges` as the route index holds them."""
    facts = _Facts(nodes, edges)
    drawn = {(edge.source, edge.type, edge.target) for edge in edges}
    inferred, seen = [], set()
    implied = [edge for membership in facts.memberships for edge in facts.implied_by(membership)]
    implied += list(facts.area_contacts_inform())
    # Only a representative with no contact person, drawn or inferred, speaks for municipalities directly.
    with_contact = {edge.target for edge in [*edges, *implied] if edge.type == "CONTACT_PERSON_FOR"}
    implied += [edge for membership in facts.memberships if membership.source not in with_contact
                for edge in facts.speaking_for(membership)]
    for edge in implied:
        # The same hop from two memberships stays twice when their dates differ: each holds on its own days.
        key = (edge.source, edge.type, edge.target, edge.start, edge.end)
        if key[:3] not in drawn and key not in seen:
            seen.add(key)
            inferred.append(edge)
    return Inference(inferred, facts.networked)


class _Facts:
    def __init__(self, nodes: dict, edges: list) -> None:
        self.nodes = nodes
        self.memberships = [edge for edge in edges if edge.type == "MEMBER_OF"]
        self.incoming: dict[str, list] = defaultdict(list)
        self.outgoing: dict[str, list] = defaultdict(list)
        for edge in edges:
            self.incoming[edge.target].append(edge)
            self.outgoing[edge.source].append(edge)
        self.municipality_by_name = _municipality_names(nodes)
        self.networked = frozenset(self._networked_territories())

    # -- what each membership implies
    def implied_by(self, membership) -> Iterable:
        person, group = membership.source, membership.target
        if person not in self.nodes or group not in self.nodes or self.nodes[person].kind != "person":
            return
        group_kind = self.nodes[group].kind
        if membership.role == KEY_PERSON_ROLE and group_kind == "network":
            yield from self._key_person_reaches(membership)
        if membership.role == CONTACT_PERSON_ROLE and group_kind == "network":
            yield _edge(membership, person, "DISSEMINATES_TO", group, "contact_in_network",
                        Phrase("inference.contact_in_network", person=self._label(person),
                               network=self._label(group)))
        if membership.role in SPEAKING_ROLES and carries(membership.role, membership.represents):
            yield from self._contact_of_appointing_structure(membership)

    def area_contacts_inform(self) -> Iterable:
        """The contact person named for an area informs its LAGs that report to a group the contact sits in."""
        for named in [edge for edges in self.outgoing.values() for edge in edges if edge.type == "CONTACT_PERSON_FOR"]:
            person, area = named.source, named.target
            if self.nodes.get(area) is None or self.nodes[area].kind != "knowledge_area":
                continue
            covering = {edge.source for edge in self.incoming[area] if edge.type == "COVERS"}
            for seat in self.outgoing[person]:
                if seat.type != "MEMBER_OF":
                    continue
                for report in self.incoming[seat.target]:
                    if report.type == "REPORTS_TO" and report.source in covering:
                        start, end = _overlap(seat, report)
                        record = Phrase("inference.area_contact", person=self._label(person),
                                        area=self._label(area), group=self._label(seat.target),
                                        lag=self._label(report.source))
                        yield replace(_edge(seat, person, "INFORMS", report.source, "area_contact_informs_lag",
                                            record), start=start, end=end)

    def speaking_for(self, membership) -> Iterable:
        """A representative's direct reach, where the region records no network of key persons to go through."""
        person, group = membership.source, membership.target
        if person not in self.nodes or group not in self.nodes or self.nodes[person].kind != "person":
            return
        if membership.role in SPEAKING_ROLES and carries(membership.role, membership.represents) \
                and not self._territories(group) & self.networked:
            yield from self._speaks_for(membership)

    def _key_person_reaches(self, membership) -> Iterable:
        person = membership.source
        organisation = self.nodes[person].organisation
        places = {uid: Phrase("inference.works_for", person=self._label(person), place=self._label(uid))
                  for uid in self._municipalities_named(organisation)}
        for represented in membership.represents:
            for uid in self._municipalities_within(represented):
                places.setdefault(uid, Phrase("inference.represents", person=self._label(person),
                                              represented=self._label(represented)))
        for uid, record in sorted(places.items()):
            yield _edge(membership, person, "DISSEMINATES_TO", uid, "key_person_to_municipality",
                        Phrase("inference.key_person", record=record, network=self._label(membership.target)))

    def _contact_of_appointing_structure(self, membership) -> Iterable:
        structure = membership.appointed_by
        if not structure or structure not in self.nodes:
            return
        networks = {edge.source for edge in self.incoming[structure] if edge.type == "PART_OF"}
        for contact in self.memberships:
            if contact.role != CONTACT_PERSON_ROLE or contact.source == membership.source:
                continue
            works_there = self.nodes.get(contact.source) and self.nodes[contact.source].organisation == structure
            if contact.target in networks or (works_there and self.nodes[contact.target].kind == "network"):
                start, end = _overlap(membership, contact)
                if start is not None and end is not None and end < start:
                    continue
                record = Phrase("inference.appointed", person=self._label(membership.source),
                                structure=self._label(structure), contact=self._label(contact.source),
                                network=self._label(contact.target))
                yield replace(_edge(membership, contact.source, "CONTACT_PERSON_FOR", membership.source,
                                    "appointing_structure_contact", record), start=start, end=end)

    def _speaks_for(self, membership) -> Iterable:
        person, group = membership.source, membership.target
        for represented in membership.represents:
            for uid in sorted(self._municipalities_within(represented)):
                record = Phrase("inference.sits_and_represents", person=self._label(person),
                                group=self._label(group), represented=self._label(represented))
                yield _edge(membership, person, "DISSEMINATES_TO", uid, "speaks_for", record)

    # -- territories and names
    def _networked_territories(self) -> set[str]:
        """Territories with a network that has (had) municipal key persons: their information goes through it."""
        found: set[str] = set()
        for membership in self.memberships:
            network = membership.target
            if membership.role == KEY_PERSON_ROLE and network in self.nodes and self.nodes[network].kind == "network":
                found |= self._territories(network)
        return found

    def _territories(self, uid: str) -> set[str]:
        """The region, county or healthcare region a body belongs to, with the counties a region serves."""
        owners = {edge.target for edge in self.outgoing[uid] if edge.type == "BELONGS_TO"}
        served = {edge.target for owner in owners for edge in self.outgoing[owner] if edge.type == "SERVES"}
        serving = {edge.source for owner in owners for edge in self.incoming[owner] if edge.type == "SERVES"}
        return owners | served | serving

    def _municipalities_within(self, uid: str) -> set[str]:
        """A municipality itself; for an association, network, county or region, the municipalities in it."""
        node = self.nodes.get(uid)
        if node is None:
            return set()
        if node.kind == "municipality":
            return {uid}
        places = {uid} | {edge.target for edge in self.outgoing[uid] if edge.type == "SERVES"}
        return {edge.source for place in places for edge in self.incoming[place]
                if edge.type in _MEMBERSHIP_OF_MUNICIPALITY and self.nodes.get(edge.source)
                and self.nodes[edge.source].kind == "municipality"}

    def _municipalities_named(self, organisation: str | None) -> set[str]:
        if not organisation:
            return set()
        if organisation in self.nodes:
            return {organisation} if self.nodes[organisation].kind == "municipality" else set()
        return set(self.municipality_by_name.get(organisation.strip().casefold(), ()))

    def _label(self, uid: str) -> str:
        node = self.nodes.get(uid)
        return uid if node is None else NodeRef(uid, node.name, node.kind).label()


def _municipality_names(nodes: dict) -> dict[str, list[str]]:
    """'falun', 'falun kommun' and 'falu kommun' -> the municipality's id (a name two municipalities share leads to both)."""
    names: dict[str, list[str]] = defaultdict(list)
    for uid, node in nodes.items():
        if node.kind == "municipality":
            for name in {node.name, f"{node.name} kommun", municipality_name(node.name)}:
                names[name.casefold()].append(uid)
    return names


def _edge(membership, source: str, rel_type: str, target: str, rule: str, record: Phrase):
    # A phrase, not a sentence: the index is built once for every request, and each says it in its own language.
    return replace(membership, source=source, type=rel_type, target=target, role=None, represents=(),
                   appointed_by=None, inference=Phrase("inference.hop", record=record,
                                                       rule=Phrase(f"inference.rule.{rule}")))


def _overlap(first, second) -> tuple[datetime.date | None, datetime.date | None]:
    starts = [day for day in (first.start, second.start) if day is not None]
    ends = [day for day in (first.end, second.end) if day is not None]
    return (max(starts) if starts else None), (min(ends) if ends else None)
