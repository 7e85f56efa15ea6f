"""Erasing a person on request: the node, every edge touching it, and ids of it kept on other edges.

`erase_person()` reads what will go and deletes it in one write transaction,
so the report says exactly what was removed and a failure leaves the graph as
it was. `preview_erasure()` runs the same reads without writing (a dry run).

An erasure is also registered, by a digest of the id rather than the id
itself (ids of people are made from their names), so that loading the
built-in reference data again does not bring an erased person back:
`honour_erasures()` drops registered people from a chart before it is loaded.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import neo4j

from cypher.explain import NodeRef, iso
from cypher.params import QueryParameterError, UnknownId
from graphmodel.engine import Graph
from graphmodel.model import EDGE_CLASSES, ENTITY_LABEL, ERASED_LABEL, NODE_KINDS, ROLES
from importers.chart import Chart
from importers.validate_chart import kinds_with_relation, target_kinds

__all__ = [
    "ErasureReport", "NotAPerson", "erase_person", "erasure_digest", "honour_erasures", "person_edge_types",
    "preview_erasure", "registered_erasures", "without_people",
]

PERSON = NODE_KINDS["person"].key
CHAIR = ROLES["chair"].key
PARAMETER = "uid"
Run = Callable[..., list[dict[str, Any]]]
BeforeCommit = Callable[[neo4j.Transaction, "ErasureReport"], None]


class NotAPerson(QueryParameterError):
    """The id names a node that is not a person; only people can be erased."""

    def __init__(self, uid: str, kind: str | None) -> None:
        shown = _a(f"{NODE_KINDS[kind].en} ({kind})") if kind in NODE_KINDS else f"a node of kind {kind!r}"
        super().__init__(PARAMETER, f"'{uid}' is {shown}, not a person; only people can be erased")
        self.uid = uid
        self.kind = kind


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


@cache
def person_edge_types() -> tuple[str, ...]:
    """Every relation type the model lets start or end at a person, in the model's order."""
    return tuple(rel_type for rel_type in EDGE_CLASSES
                 if PERSON in kinds_with_relation(rel_type) | target_kinds(rel_type))


# -- the report -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tenure:
    """When an edge held, and whether it held on the report's day."""

    start: datetime.date | None
    end: datetime.date | None
    current: bool

    @classmethod
    def of(cls, row: dict[str, Any], on: datetime.date) -> Tenure:
        start, end = _native(row["start"]), _native(row["end"])
        return cls(start, end, (start is None or start <= on) and (end is None or end >= on))

    def as_json(self) -> dict[str, Any]:
        return {"start": iso(self.start), "end": iso(self.end), "current": self.current}


@dataclass(frozen=True)
class Membership:
    """A group the person sits (or sat) in, with every role held there."""

    group: NodeRef
    roles: tuple[tuple[str, Tenure], ...]

    def as_json(self) -> dict[str, Any]:
        return {"group": self.group.as_json(),
                "roles": [{"role": role, **tenure.as_json()} for role, tenure in self.roles]}


@dataclass(frozen=True)
class Vacancy:
    """A group the person chaired, or a post they held, and whether anyone else does so on the day."""

    node: NodeRef
    tenure: Tenure
    others_current: int

    @property
    def left_vacant(self) -> bool:
        return self.others_current == 0

    def as_json(self, node_key: str, vacant_key: str) -> dict[str, Any]:
        return {node_key: self.node.as_json(), **self.tenure.as_json(), vacant_key: self.left_vacant}


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure removes (or, as a dry run, would remove)."""

    person: NodeRef
    on: datetime.date
    erased: bool
    edges: dict[str, int]
    memberships: tuple[Membership, ...]
    chairs: tuple[Vacancy, ...]
    posts: tuple[Vacancy, ...]
    id_references: int

    @property
    def edges_total(self) -> int:
        return sum(self.edges.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "person": {"uid": self.person.uid, "name": self.person.name},
            "on": self.on.isoformat(),
            "erased": self.erased,
            "edges_removed": dict(self.edges),
            "edges_removed_total": self.edges_total,
            "memberships": [membership.as_json() for membership in self.memberships],
            "chairs": [chair.as_json("group", "without_current_chair") for chair in self.chairs],
            "posts": [post.as_json("post", "without_current_holder") for post in self.posts],
            "id_references_cleared": self.id_references,
        }


# -- reading what goes ------------------------------------------------------------------------------
_CURRENT = "(r.start IS NULL OR r.start <= date($on)) AND (r.end IS NULL OR r.end >= date($on))"
NODE = f"MATCH (p:{ENTITY_LABEL} {{uid: $uid}}) RETURN p.name AS name, p.kind AS kind"
EDGES_BY_TYPE = (f"MATCH (p:{ENTITY_LABEL} {{uid: $uid}})-[r]-() "
                 "RETURN type(r) AS type, count(DISTINCT r) AS edges")
MEMBERSHIPS = (f"MATCH (p:{ENTITY_LABEL} {{uid: $uid}})-[r:MEMBER_OF]->(g:{ENTITY_LABEL}) "
               "RETURN g.uid AS uid, g.name AS name, g.kind AS kind, r.role AS role, r.start AS start, r.end AS end")
POSTS = (f"MATCH (p:{ENTITY_LABEL} {{uid: $uid}})-[r:HOLDS_POST]->(g:{ENTITY_LABEL}) "
         "RETURN g.uid AS uid, g.name AS name, g.kind AS kind, r.start AS start, r.end AS end")
OTHER_CHAIRS = (f"UNWIND $targets AS target MATCH (g:{ENTITY_LABEL} {{uid: target}}) "
                f"OPTIONAL MATCH (other:{ENTITY_LABEL})-[r:MEMBER_OF {{role: $chair}}]->(g) "
                f"WHERE other.uid <> $uid AND {_CURRENT} RETURN target AS uid, count(r) AS others")
OTHER_HOLDERS = (f"UNWIND $targets AS target MATCH (g:{ENTITY_LABEL} {{uid: target}}) "
                 f"OPTIONAL MATCH (other:{ENTITY_LABEL})-[r:HOLDS_POST]->(g) "
                 f"WHERE other.uid <> $uid AND {_CURRENT} RETURN target AS uid, count(r) AS others")
# Edge properties that hold a node id as a value (see `relationships.MemberOf`); the id must go with the node.
ID_REFERENCES = "MATCH ()-[r:MEMBER_OF]->() WHERE r.appointed_by = $uid OR $uid IN r.represents RETURN count(r) AS n"


def _native(value: Any) -> datetime.date | None:
    return value.to_native() if hasattr(value, "to_native") else value


def _person(run: Run, uid: str) -> NodeRef:
    rows = run(NODE, uid=uid)
    if not rows:
        raise UnknownId(PARAMETER, uid)
    if rows[0]["kind"] != PERSON:
        raise NotAPerson(uid, rows[0]["kind"])
    return NodeRef(uid, rows[0]["name"], PERSON)


def _edge_counts(run: Run, uid: str) -> dict[str, int]:
    counts = dict.fromkeys(person_edge_types(), 0)
    for row in sorted(run(EDGES_BY_TYPE, uid=uid), key=lambda row: row["type"]):
        counts[row["type"]] = row["edges"]
    return counts


def _memberships(rows: list[dict[str, Any]], on: datetime.date) -> tuple[Membership, ...]:
    groups: dict[str, NodeRef] = {}
    roles: dict[str, list[tuple[str, Tenure]]] = {}
    for row in rows:
        groups[row["uid"]] = NodeRef.from_row(row)
        roles.setdefault(row["uid"], []).append((row["role"], Tenure.of(row, on)))
    return tuple(Membership(groups[uid], tuple(sorted(roles[uid], key=_role_order))) for uid in sorted(groups))


def _role_order(held: tuple[str, Tenure]) -> tuple:
    role, tenure = held
    return (tenure.start or datetime.date.min, role)


def _vacancies(run: Run, query: str, uid: str, rows: list[dict[str, Any]], on: datetime.date,
               **params: Any) -> tuple[Vacancy, ...]:
    """One entry per node in `rows` (the person's latest tenure there), with how many others hold it on `on`."""
    latest: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda row: _native(row["start"]) or datetime.date.min):
        latest[row["uid"]] = row
    if not latest:
        return ()
    others = {row["uid"]: row["others"] for row in run(query, targets=sorted(latest), uid=uid, on=on.isoformat(),
                                                       **params)}
    return tuple(Vacancy(NodeRef.from_row(row), Tenure.of(row, on), others[node])
                 for node, row in sorted(latest.items()))


def read_erasure(run: Run, uid: str, on: datetime.date, *, erased: bool) -> ErasureReport:
    """Everything the erasure of `uid` removes, read through `run` (a read, or a query in the transaction)."""
    person = _person(run, uid)
    membership_rows = run(MEMBERSHIPS, uid=uid)
    chair_rows = [row for row in membership_rows if row["role"] == CHAIR]
    return ErasureReport(
        person=person, on=on, erased=erased,
        edges=_edge_counts(run, uid),
        memberships=_memberships(membership_rows, on),
        chairs=_vacancies(run, OTHER_CHAIRS, uid, chair_rows, on, chair=CHAIR),
        posts=_vacancies(run, OTHER_HOLDERS, uid, run(POSTS, uid=uid), on),
        id_references=run(ID_REFERENCES, uid=uid)[0]["n"],
    )


# -- erasing ---------------------------------------------------------------------------------------
DELETE_PERSON = f"MATCH (p:{ENTITY_LABEL} {{uid: $uid}}) DETACH DELETE p"
CLEAR_APPOINTED_BY = "MATCH ()-[r:MEMBER_OF]->() WHERE r.appointed_by = $uid SET r.appointed_by = null"
CLEAR_REPRESENTS = ("MATCH ()-[r:MEMBER_OF]->() WHERE $uid IN r.represents "
                    "SET r.represents = [other IN r.represents WHERE other <> $uid]")
IS_REGISTERED = f"MATCH (e:{ERASED_LABEL} {{digest: $digest}}) RETURN count(e) AS n"
REGISTER = f"CREATE (e:{ERASED_LABEL} {{digest: $digest, erased_on: date($on)}})"
REGISTERED = f"UNWIND $digests AS digest MATCH (e:{ERASED_LABEL} {{digest: digest}}) RETURN e.digest AS digest"


def erasure_digest(uid: str) -> str:
    """What the register keeps of an erased id: enough to recognise it, not to read it back."""
    return hashlib.blake2b(uid.encode("utf-8"), digest_size=16, person=b"govgraph-erasure").hexdigest()


def preview_erasure(graph: Graph, uid: str, *, on: datetime.date | None = None) -> ErasureReport:
    """What `erase_person` would remove, read without writing; `UnknownId` or `NotAPerson` as it would raise."""
    return read_erasure(graph.read, uid, on or datetime.date.today(), erased=False)


def erase_person(graph: Graph, uid: str, *, on: datetime.date | None = None,
                 before_commit: BeforeCommit | None = None) -> ErasureReport:
    """Remove the person `uid`, every edge touching them and their id on other edges; all or nothing.

    `on` is the day the report calls current (default today). `before_commit`
    runs inside the transaction once everything is deleted, with the report,
    e.g. to write an audit record in the same transaction; if it raises,
    nothing is erased.
    """
    with graph.transaction(touched=lambda: {uid}) as tx:
        def run(query: str, **params: Any) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params)]

        report = read_erasure(run, uid, on or datetime.date.today(), erased=True)
        for query in (CLEAR_APPOINTED_BY, CLEAR_REPRESENTS, DELETE_PERSON):
            tx.run(query, uid=uid).consume()
        _register(run, uid, report.on)
        if before_commit is not None:
            before_commit(tx, report)
    return report


def _register(run: Run, uid: str, on: datetime.date) -> None:
    digest = erasure_digest(uid)
    if run(IS_REGISTERED, digest=digest)[0]["n"] == 0:
        run(REGISTER, digest=digest, on=on.isoformat())


# -- keeping erased people out of later loads -----------------------------------------------------------
ALL_REGISTERED = f"MATCH (e:{ERASED_LABEL}) RETURN collect(e.digest) AS digests"
REGISTERED_COUNT = f"MATCH (e:{ERASED_LABEL}) RETURN count(e) AS erasures"


def registered_erasures(graph: Graph, uids: Iterable[str]) -> set[str]:
    """Those of `uids` that were erased: the register is read whole when it is smaller than the ids asked
    about (erasures are few, a workbook's ids many), else looked up by digest."""
    by_digest = {erasure_digest(uid): uid for uid in uids}
    if not by_digest:
        return set()
    if graph.read(REGISTERED_COUNT)[0]["erasures"] <= len(by_digest):
        return {by_digest[digest] for digest in graph.read(ALL_REGISTERED)[0]["digests"] if digest in by_digest}
    rows = graph.read(REGISTERED, digests=sorted(by_digest))
    return {by_digest[row["digest"]] for row in rows}


def without_people(chart: Chart, erased: set[str]) -> Chart:
    """The chart without the `erased` people, their records, and their ids in other records (pure)."""
    units = [replace(unit, established_by=None, decision_ref=None) if unit.established_by in erased else unit
             for unit in chart.units]
    memberships = [replace(member, represents=tuple(r for r in member.represents if r not in erased),
                           appointed_by=None if member.appointed_by in erased else member.appointed_by)
                   for member in chart.memberships if member.person not in erased]
    return Chart(
        units=units,
        people=[person for person in chart.people if person.id not in erased],
        memberships=memberships,
        relations=[rel for rel in chart.relations if rel.source not in erased and rel.target not in erased],
        mandates=[mandate for mandate in chart.mandates if mandate.holder not in erased],
    )


def honour_erasures(graph: Graph, chart: Chart) -> Chart:
    """`chart` as it may be loaded: people erased from this graph stay erased."""
    erased = registered_erasures(graph, (person.id for person in chart.people))
    return without_people(chart, erased) if erased else chart
