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

Every inferred hop comes from the records of one node, its *producer*: the
member whose memberships imply it, or the contact person named for an area.
A hop's producer is its source, except for `appointing_structure_contact`,
whose hop (a CONTACT_PERSON_FOR) leads to the representative who produced it.
So the hops of one producer can be made again alone (`Rules.inferred_by`),
and after a write the route index makes again only those of the producers
whose records the write can have changed (`affected_producers`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, replace

from cypher.explain import NodeRef
from graphmodel.messages import Phrase
from graphmodel.place_names import municipality_name
from graphmodel.routing import (
    CONTACT_PERSON_ROLE, KEY_PERSON_ROLE, SPEAKING_ROLES, carries,
)

# Edges from a municipality to what it belongs to: an association, a network, a county.
_MEMBERSHIP_OF_MUNICIPALITY = ("PART_OF", "MEMBER_OF", "LOCATED_IN", "BELONGS_TO")
# The relation types an inferred hop has; edges of other types are all drawn.
INFERRED_TYPES = frozenset({"DISSEMINATES_TO", "CONTACT_PERSON_FOR", "INFORMS"})

# The drawn edges of one type at one node, leaving it (True) or arriving (False), in the index's order.
Drawn = Callable[[str, str, bool], Sequence]


@dataclass(frozen=True)
class Inference:
    """The inferred edges, and the territories whose charts record a network of municipal key persons."""

    edges: list
    networked: frozenset[str]


def producer_of(edge) -> str:
    """The node whose records imply an inferred edge (see the module's words on producers)."""
    return edge.target if edge.type == "CONTACT_PERSON_FOR" else edge.source


def inferred_order(edge) -> tuple:
    """Inferred edges in one order however they were made: by what the hop joins, then its dates."""
    return (edge.source, edge.type, edge.target, _day(edge.start), _day(edge.end))


def _day(day: datetime.date | None) -> str:
    return day.isoformat() if day is not None else ""


def folded(text: str) -> str:
    return text.strip().casefold()


@dataclass
class Context:
    """What the rules read beyond the edges at a node, kept with the index and brought up to date with it:
    the municipalities by name, the nodes naming each organisation, and the networks of key persons."""

    municipality_by_name: dict[str, list[str]]  # folded name -> the municipalities of that name
    staff: dict[str, list[str]]  # folded organisation -> the nodes that name it as theirs
    networked_by: dict[str, frozenset[str]]  # a network with (former) key persons -> its territories

    @property
    def networked(self) -> frozenset[str]:
        return frozenset().union(*self.networked_by.values())

    def copy(self) -> Context:
        """A copy whose maps can change without the original's readers seeing it (their lists are replaced,
        never changed in place)."""
        return Context(dict(self.municipality_by_name), dict(self.staff), dict(self.networked_by))


def context_of(nodes: dict, drawn: Drawn, memberships: Iterable) -> Context:
    """The context of a whole graph: `memberships` is every drawn MEMBER_OF edge."""
    names: dict[str, list[str]] = defaultdict(list)
    staff: dict[str, list[str]] = defaultdict(list)
    for uid, node in nodes.items():
        if node.kind == "municipality":
            for name in municipality_names(node):
                names[name].append(uid)
        if node.organisation:
            staff[folded(node.organisation)].append(uid)
    networks = {membership.target for membership in memberships if membership.role == KEY_PERSON_ROLE}
    networked_by = {}
    for network in networks:
        territories = network_territories(nodes, drawn, network)
        if territories is not None:
            networked_by[network] = territories
    return Context(dict(names), dict(staff), networked_by)


def municipality_names(node) -> set[str]:
    """'falun', 'falun kommun' and 'falu kommun' for Falun: how a person's organisation may name it."""
    return {name.casefold() for name in (node.name, f"{node.name} kommun", municipality_name(node.name))}


def network_territories(nodes: dict, drawn: Drawn, network: str) -> frozenset[str] | None:
    """A network's territories if it is one and has (had) municipal key persons, else None."""
    node = nodes.get(network)
    if node is None or node.kind != "network":
        return None
    if not any(seat.role == KEY_PERSON_ROLE for seat in drawn(network, "MEMBER_OF", False)):
        return None
    return frozenset(territories_of(drawn, network))


def territories_of(drawn: Drawn, uid: str) -> set[str]:
    """The region, county or healthcare region a body belongs to, with the counties a region serves."""
    owners = {edge.target for edge in drawn(uid, "BELONGS_TO", True)}
    served = {edge.target for owner in owners for edge in drawn(owner, "SERVES", True)}
    serving = {edge.source for owner in owners for edge in drawn(owner, "SERVES", False)}
    return owners | served | serving


def infer(nodes: dict, edges: list) -> Inference:
    """Every hop the chart implies and does not draw; `nodes` and `edges` as the route index holds them."""
    typed: dict[tuple[str, str, bool], list] = defaultdict(list)
    for edge in edges:
        typed[(edge.source, edge.type, True)].append(edge)
        typed[(edge.target, edge.type, False)].append(edge)

    def drawn(uid: str, rel_type: str, outgoing: bool) -> list:
        return typed.get((uid, rel_type, outgoing), [])

    memberships = [edge for edge in edges if edge.type == "MEMBER_OF"]
    context = context_of(nodes, drawn, memberships)
    rules = Rules(nodes, drawn, context)
    return Inference(rules.inferred_by_all(producers(nodes, edges)), context.networked)


def producers(nodes: dict, edges: Iterable) -> list[str]:
    """The nodes whose records may imply a hop: every member in a role some rule reads, and every contact
    person named for a knowledge area."""
    return sorted({edge.source for edge in edges if (edge.type == "MEMBER_OF" and _may_imply(edge)) or (
        edge.type == "CONTACT_PERSON_FOR" and edge.target in nodes and nodes[edge.target].kind == "knowledge_area")})


# The roles of the memberships a rule reads (`Rules.implied_by`, `Rules.speaking_for`).
_PRODUCING_ROLES = frozenset({KEY_PERSON_ROLE, CONTACT_PERSON_ROLE, *SPEAKING_ROLES})


def _may_imply(membership) -> bool:
    """Whether a rule reads this membership: a key person's or contact person's; a speaking member's only
    if it names whom they represent or who appointed them."""
    if membership.role in SPEAKING_ROLES:
        return bool(membership.represents or membership.appointed_by)
    return membership.role in _PRODUCING_ROLES


class Rules:
    """The rules applied to one producer's records at a time."""

    def __init__(self, nodes: dict, drawn: Drawn, context: Context) -> None:
        self.nodes = nodes
        self._drawn = drawn
        self.context = context
        self.networked = context.networked

    def drawn(self, uid: str, rel_type: str, outgoing: bool) -> Sequence:
        """Only what the chart draws: the index's lists of these types hold inferred edges too."""
        edges = self._drawn(uid, rel_type, outgoing)
        if rel_type in INFERRED_TYPES:
            return [edge for edge in edges if edge.inference is None]
        return edges

    def inferred_by_all(self, uids: Iterable[str]) -> list:
        found = [edge for uid in uids for edge in self.inferred_by(uid)]
        found.sort(key=inferred_order)
        return found

    def inferred_by(self, producer: str) -> list:
        """The hops `producer`'s records imply and no drawn edge makes, each once, in `inferred_order`.

        Where two records imply the same hop on the same dates, the first (by the order of the rules
        below, then of the records) explains it."""
        memberships = [seat for seat in self._drawn(producer, "MEMBER_OF", True) if _may_imply(seat)]
        named = self.drawn(producer, "CONTACT_PERSON_FOR", True)
        if not memberships and not named:
            return []
        implied = [edge for membership in memberships for edge in self.implied_by(membership)]
        if named:
            implied += list(self.area_contact_informs(producer, named))
        # Only a representative with no contact person, drawn or inferred, speaks for municipalities directly.
        has_contact = bool(self.drawn(producer, "CONTACT_PERSON_FOR", False)) or any(
            edge.type == "CONTACT_PERSON_FOR" and edge.target == producer for edge in implied)
        if not has_contact:
            implied += [edge for membership in memberships for edge in self.speaking_for(membership)]
        if not implied:
            return []
        drawn = {(edge.source, edge.type, edge.target)
                 for rel_type, outgoing in (("DISSEMINATES_TO", True), ("INFORMS", True),
                                            ("CONTACT_PERSON_FOR", False))
                 for edge in self.drawn(producer, rel_type, outgoing)}
        found, seen = [], set()
        for edge in implied:
            # The same hop from two memberships stays twice when their dates differ: each holds on its own days.
            key = (edge.source, edge.type, edge.target, edge.start, edge.end)
            if key[:3] not in drawn and key not in seen:
                seen.add(key)
                found.append(edge)
        found.sort(key=inferred_order)
        return found

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

    def area_contact_informs(self, person: str, named_for: Sequence) -> Iterable:
        """The contact person named for an area informs its LAGs that report to a group the contact sits in."""
        for named in named_for:
            area = named.target
            if self.nodes.get(area) is None or self.nodes[area].kind != "knowledge_area":
                continue
            covering = {edge.source for edge in self.drawn(area, "COVERS", False)}
            for seat in self.drawn(person, "MEMBER_OF", True):
                for report in self.drawn(seat.target, "REPORTS_TO", False):
                    if report.source in covering:
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
                and not territories_of(self.drawn, group) & self.networked:
            yield from self._speaks_for(membership)

    def _key_person_reaches(self, membership) -> Iterable:
        person = membership.source
        organisation = self.nodes[person].organisation
        places = {uid: Phrase("inference.works_for", person=self._label(person), place=self._label(uid))
                  for uid in self._municipalities_named(organisation)}
        for represented in membership.represents:
            for uid in self.municipalities_within(represented):
                places.setdefault(uid, Phrase("inference.represents", person=self._label(person),
                                              represented=self._label(represented)))
        for uid, record in sorted(places.items()):
            yield _edge(membership, person, "DISSEMINATES_TO", uid, "key_person_to_municipality",
                        Phrase("inference.key_person", record=record, network=self._label(membership.target)))

    def _contact_of_appointing_structure(self, membership) -> Iterable:
        structure = membership.appointed_by
        if not structure or structure not in self.nodes:
            return
        for contact in self._contacts_of(structure):
            if contact.source == membership.source:
                continue
            start, end = _overlap(membership, contact)
            if start is not None and end is not None and end < start:
                continue
            record = Phrase("inference.appointed", person=self._label(membership.source),
                            structure=self._label(structure), contact=self._label(contact.source),
                            network=self._label(contact.target))
            yield replace(_edge(membership, contact.source, "CONTACT_PERSON_FOR", membership.source,
                                "appointing_structure_contact", record), start=start, end=end)

    def _contacts_of(self, structure: str) -> list:
        """The contact persons' memberships of the networks that are part of `structure`, and of any network
        for those who work there; in the index's order of edges."""
        found = {contact for network in self.drawn(structure, "PART_OF", False)
                 for contact in self.drawn(network.source, "MEMBER_OF", False) if contact.role == CONTACT_PERSON_ROLE}
        for uid in self.context.staff.get(folded(structure), ()):
            if self.nodes[uid].organisation == structure:
                found.update(contact for contact in self.drawn(uid, "MEMBER_OF", True)
                             if contact.role == CONTACT_PERSON_ROLE and contact.target in self.nodes
                             and self.nodes[contact.target].kind == "network")
        return sorted(found, key=drawn_order)

    def _speaks_for(self, membership) -> Iterable:
        person, group = membership.source, membership.target
        for represented in membership.represents:
            for uid in sorted(self.municipalities_within(represented)):
                record = Phrase("inference.sits_and_represents", person=self._label(person),
                                group=self._label(group), represented=self._label(represented))
                yield _edge(membership, person, "DISSEMINATES_TO", uid, "speaks_for", record)

    # -- territories and names
    def municipalities_within(self, uid: str) -> set[str]:
        """A municipality itself; for an association, network, county or region, the municipalities in it."""
        node = self.nodes.get(uid)
        if node is None:
            return set()
        if node.kind == "municipality":
            return {uid}
        places = {uid} | {edge.target for edge in self.drawn(uid, "SERVES", True)}
        return {edge.source for place in places for rel_type in _MEMBERSHIP_OF_MUNICIPALITY
                for edge in self.drawn(place, rel_type, False)
                if self.nodes.get(edge.source) and self.nodes[edge.source].kind == "municipality"}

    def _municipalities_named(self, organisation: str | None) -> set[str]:
        if not organisation:
            return set()
        if organisation in self.nodes:
            return {organisation} if self.nodes[organisation].kind == "municipality" else set()
        return set(self.context.municipality_by_name.get(folded(organisation), ()))

    def _label(self, uid: str) -> str:
        node = self.nodes.get(uid)
        return uid if node is None else NodeRef(uid, node.name, node.kind).label()


# -- after a write: whose hops to make again
@dataclass(frozen=True)
class Dependents:
    """Who names whom besides an edge's ends, for `affected_producers` and for the rows a write makes stale: by
    each node an edge's `represents` names, and by each that appointed, the edges' sources (with how many
    such edges each has)."""

    representing: dict[str, dict[str, int]]
    appointed: dict[str, dict[str, int]]

    @classmethod
    def of(cls, edges: Iterable) -> Dependents:
        dependents = cls({}, {})
        dependents._count(edges, 1)
        return dependents

    def changed(self, removed: Iterable, added: Iterable) -> Dependents:
        """These dependents after drawn edges were removed and added; this object stays as it was."""
        changed = Dependents(dict(self.representing), dict(self.appointed))
        copied: set[tuple[int, str]] = set()
        changed._count(removed, -1, copied)
        changed._count(added, 1, copied)
        return changed

    def naming(self, uid: str) -> set[str]:
        """The sources of the edges that name `uid` as whom they represent or who appointed."""
        return {*self.representing.get(uid, ()), *self.appointed.get(uid, ())}

    def _count(self, edges: Iterable, step: int, copied: set[tuple[int, str]] | None = None) -> None:
        for edge in edges:
            keys = [(self.representing, uid) for uid in edge.represents]
            if edge.appointed_by:
                keys.append((self.appointed, edge.appointed_by))
            for table, key in keys:
                sources = table.get(key, {})
                if copied is not None and (id(table), key) not in copied:
                    sources = dict(sources)  # the earlier index's readers keep the one they have
                    copied.add((id(table), key))
                sources[edge.source] = sources.get(edge.source, 0) + step
                if sources[edge.source] <= 0:
                    del sources[edge.source]
                if sources:
                    table[key] = sources
                else:
                    table.pop(key, None)


@dataclass(frozen=True)
class State:
    """What the rules read, before or after a write."""

    nodes: dict
    drawn: Drawn
    context: Context
    dependents: Dependents


def updated_context(before: State, nodes_after: dict, drawn_after: Drawn, changed_nodes: Set[str],
                    changed_edges: Sequence) -> Context:
    """`before.context` after a write that changed the rows of `changed_nodes` and added or removed the drawn
    `changed_edges`."""
    context = before.context.copy()
    for uid in changed_nodes:
        old, new = before.nodes.get(uid), nodes_after.get(uid)
        _moved(context.municipality_by_name, uid,
               municipality_names(old) if old is not None and old.kind == "municipality" else set(),
               municipality_names(new) if new is not None and new.kind == "municipality" else set())
        _moved(context.staff, uid, {folded(old.organisation)} if old is not None and old.organisation else set(),
               {folded(new.organisation)} if new is not None and new.organisation else set())
    # A network gains or loses key persons, a kind or territories.
    networks = _regrouped(changed_nodes, changed_edges) | {
        edge.target for edge in changed_edges if edge.type == "MEMBER_OF"}
    for drawn in (before.drawn, drawn_after):
        networks |= _groups_of_territories(drawn, _served_changed(changed_edges))
    for network in networks:
        territories = network_territories(nodes_after, drawn_after, network)
        if territories is None:
            context.networked_by.pop(network, None)
        else:
            context.networked_by[network] = territories
    return context


def _moved(table: dict[str, list[str]], uid: str, before: set[str], after: set[str]) -> None:
    """`uid` taken off the lists of `before`'s keys and put on those of `after`'s, each list replaced."""
    for key in before - after:
        kept = [item for item in table.get(key, ()) if item != uid]
        if kept:
            table[key] = kept
        else:
            table.pop(key, None)
    for key in after - before:
        table[key] = sorted({*table.get(key, ()), uid})


def affected_producers(changed_nodes: Set[str], changed_edges: Sequence, before: State, after: State) -> set[str]:
    """The producers whose hops a write may have changed: it changed the rows of `changed_nodes` and added or
    removed the drawn `changed_edges`. Each rule reads a producer's records and a few steps around them (its
    groups and their territories, whom it represents, its organisation, the structure that appointed it);
    this walks those steps backwards from what changed, in the graph before and after."""
    changed = set(changed_nodes) | {uid for edge in changed_edges for uid in (edge.source, edge.target)}
    found = set(changed)
    regrouped = _regrouped(changed_nodes, changed_edges)
    networked = before.context.networked ^ after.context.networked
    for state in (before, after):
        drawn = state.drawn
        # A group's kind, name, members or territories (and where its region's networks changed): its members.
        groups = regrouped | _groups_of_territories(drawn, _served_changed(changed_edges))
        groups |= _groups_of_territories(drawn, networked)
        found |= _sources(drawn, groups, "MEMBER_OF")
        # The LAGs covering an area: the hops of the contact persons named for it.
        areas = set(changed) | _targets(drawn, changed, "COVERS")
        found |= {edge.source for edge in _at(drawn, areas, "CONTACT_PERSON_FOR", False) if edge.inference is None}
        # The municipalities within what a membership represents.
        represented = set(changed)
        for rel_type in _MEMBERSHIP_OF_MUNICIPALITY:
            represented |= _targets(drawn, changed, rel_type)
        represented |= _sources(drawn, represented, "SERVES")
        found.update(member for uid in represented for member in state.dependents.representing.get(uid, ()))
        # A municipality a person's organisation names, by its id or its name.
        for uid in changed:
            node = state.nodes.get(uid)
            names = municipality_names(node) if node is not None and node.kind == "municipality" else set()
            found.update(member for name in names | {folded(uid)} for member in state.context.staff.get(name, ()))
        # A structure that appointed a member, its networks and their contact persons.
        networks = set(changed) | _targets(drawn, changed, "MEMBER_OF")
        structures = networks | _targets(drawn, networks, "PART_OF")
        for uid in set(changed) | _sources(drawn, changed, "MEMBER_OF"):
            node = state.nodes.get(uid)
            if node is not None and node.organisation:
                structures.add(node.organisation)
        found.update(member for uid in structures for member in state.dependents.appointed.get(uid, ()))
    return found


def _regrouped(changed_nodes: Set[str], changed_edges: Sequence) -> set[str]:
    """The bodies whose row, owners or reporting groups changed, so their members' hops may have: not the far
    end of a BELONGS_TO, SERVES or MEMBER_OF, whose other members' hops an edge arriving there leaves alone."""
    return set(changed_nodes) | {uid for edge in changed_edges
                                 for uid in ((edge.source,) if edge.type in _ONE_SIDED else (edge.source, edge.target))}


_ONE_SIDED = ("BELONGS_TO", "SERVES", "MEMBER_OF")


def _served_changed(changed_edges: Sequence) -> set[str]:
    """Both ends of every changed SERVES: the territories of bodies belonging to either may have changed."""
    return {uid for edge in changed_edges if edge.type == "SERVES" for uid in (edge.source, edge.target)}


def _groups_of_territories(drawn: Drawn, places: Iterable[str]) -> set[str]:
    """The bodies whose territories (`territories_of`) include or are served by one of `places`."""
    owners = set(places) | _targets(drawn, places, "SERVES") | _sources(drawn, places, "SERVES")
    return _sources(drawn, owners, "BELONGS_TO")


def _at(drawn: Drawn, uids: Iterable[str], rel_type: str, outgoing: bool) -> list:
    return [edge for uid in uids for edge in drawn(uid, rel_type, outgoing)]


def _targets(drawn: Drawn, uids: Iterable[str], rel_type: str) -> set[str]:
    return {edge.target for edge in _at(drawn, uids, rel_type, True)}


def _sources(drawn: Drawn, uids: Iterable[str], rel_type: str) -> set[str]:
    return {edge.source for edge in _at(drawn, uids, rel_type, False)}


def drawn_order(edge) -> tuple:
    """Drawn edges in the order of their rows (`cypher.route_patch.in_order`): every column, none first."""
    return (edge.source, edge.type, edge.target, edge.role or "", edge.represents, _day(edge.start),
            _day(edge.end), edge.document or "", edge.appointed_by or "")


def _edge(membership, source: str, rel_type: str, target: str, rule: str, record: Phrase):
    # A phrase, not a sentence: the index is built once for every request, and each says it in its own language.
    return replace(membership, source=source, type=rel_type, target=target, role=None, represents=(),
                   appointed_by=None, inference=Phrase("inference.hop", record=record,
                                                       rule=Phrase(f"inference.rule.{rule}")))


def _overlap(first, second) -> tuple[datetime.date | None, datetime.date | None]:
    starts = [day for day in (first.start, second.start) if day is not None]
    ends = [day for day in (first.end, second.end) if day is not None]
    return (max(starts) if starts else None), (min(ends) if ends else None)
