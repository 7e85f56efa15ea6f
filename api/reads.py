"""The read queries behind the nodes resource, as named constants, and the functions that turn rows into models.

People's e-mail and phone leave this module only when a function is called
with `personal=True`, which the routes do for callers with an API key alone.

Two search filters name a place or a subject rather than a property:

* region ID (a region, county, healthcare region or municipality). A region
  and the county it SERVES are one place, so the place is the territory and
  that counterpart. Its nodes are those that BELONG_TO, are LOCATED_IN, SERVE
  or are PART_OF the place; whatever is PART_OF those, at any depth (sub-units
  and posts carry no place of their own); the members (MEMBER_OF) of all of
  these; and the holders (HOLDS_POST) of their posts. The counterpart is among
  the nodes, the territory named is not. A healthcare region thus has its
  RPOs and RSGs, its regions and municipalities, and the RPOs' members.
* knowledge_area ID (a knowledge area or an NPO): the bodies that COVER the
  area (for an NPO: the areas it covers, and the NPO itself), and the bodies
  that MIRROR those, at any depth (an RPO mirrors its NPO, an LPO its RPO).

With `at`, every edge these filters follow must be valid on that day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from api.models import Direction, Edge, EntitySummary
from api.models_nodes import Membership, NodeDetail, NodePage
from cypher.params import QueryParameterError, UnknownId
from graphmodel.engine import Graph
from graphmodel.model import EDGE_CLASSES, TERRITORY_KINDS
from graphmodel.relationships import (
    BelongsTo,
    Covers,
    HoldsPost,
    LocatedIn,
    MemberOf,
    Mirrors,
    PartOf,
    Serves,
)
from graphmodel.vocabulary import slug

PERSONAL_PROPERTIES = frozenset({"email", "phone"})
# The import's fingerprint is bookkeeping, meaningful to the importer only.
INTERNAL_PROPERTIES = frozenset({"import_hash"})
SUMMARY_FIELDS = ("uid", "name", "kind", "level")


def valid_on_at(variable: str) -> str:
    """The condition that a node or edge is valid on `$at`, or true when `$at` is null."""
    return (f"($at IS NULL OR (({variable}.start IS NULL OR {variable}.start <= date($at)) "
            f"AND ({variable}.end IS NULL OR {variable}.end >= date($at))))")


SEARCH_MATCH = f"""
MATCH (n:Entity)
WHERE ($kind IS NULL OR n.kind = $kind)
  AND ($level IS NULL OR n.level = $level)
  AND ($within IS NULL OR n.uid IN $within)
  AND {valid_on_at("n")}
  AND ($q IS NULL
       OR toLower(n.name) CONTAINS $q
       OR toLower(n.uid) CONTAINS $q
       OR n.uid CONTAINS $q_slug
       OR any(former IN coalesce(n.former_names, []) WHERE toLower(former) CONTAINS $q))
"""

SEARCH_COUNT = SEARCH_MATCH + "RETURN count(n) AS total\n"

# Before `name_since` a renamed node is shown under the last of its former names.
SEARCH_PAGE = SEARCH_MATCH + """
WITH n, CASE WHEN $at IS NOT NULL AND n.name_since IS NOT NULL AND size(coalesce(n.former_names, [])) > 0
                  AND date($at) < n.name_since
             THEN n.former_names[size(n.former_names) - 1] ELSE n.name END AS shown
RETURN n.uid AS uid, shown AS name, n.kind AS kind, n.level AS level
ORDER BY name, uid
SKIP $offset LIMIT $limit
"""

KIND_OF = """
MATCH (n:Entity {uid: $uid})
RETURN n.kind AS kind
"""

LINKED_INTO = f"""
UNWIND $uids AS target_uid
MATCH (other:Entity)-[r]->(:Entity {{uid: target_uid}})
WHERE type(r) IN $types AND {valid_on_at("r")}
RETURN DISTINCT other.uid AS uid
"""

LINKED_FROM = f"""
UNWIND $uids AS source_uid
MATCH (:Entity {{uid: source_uid}})-[r]->(other:Entity)
WHERE type(r) IN $types AND {valid_on_at("r")}
RETURN DISTINCT other.uid AS uid
"""

ENTITY_BY_UID = """
MATCH (n:Entity {uid: $uid})
RETURN properties(n) AS properties
"""

OUTGOING_EDGES = """
UNWIND $uids AS at_uid
MATCH (at:Entity {uid: at_uid})-[r]->(other:Entity)
RETURN elementId(r) AS edge_id, at.uid AS at, type(r) AS type, properties(r) AS properties,
       other.uid AS uid, other.name AS name, other.kind AS kind, other.level AS level
ORDER BY type, name
"""

# Written from the known node outwards: ArcadeDB plans the pattern in the order it is written, and starting
# from `other` scanned every entity (14 ms against 3 ms for a municipality).
INCOMING_EDGES = """
UNWIND $uids AS at_uid
MATCH (at:Entity {uid: at_uid})<-[r]-(other:Entity)
RETURN elementId(r) AS edge_id, at.uid AS at, type(r) AS type, properties(r) AS properties,
       other.uid AS uid, other.name AS name, other.kind AS kind, other.level AS level
ORDER BY type, name
"""

PLACE_TYPES = [BelongsTo.rel_type, LocatedIn.rel_type, Serves.rel_type, PartOf.rel_type]


# -- properties ------------------------------------------------------------------------------
def plain_value(value: Any) -> Any:
    """Driver temporal values as Python dates and times, so they serialise as ISO text."""
    return value.to_native() if hasattr(value, "to_native") else value


def public_properties(properties: dict[str, Any], *, personal: bool = False) -> dict[str, Any]:
    """Properties fit to answer with: never bookkeeping, personal contact data only when `personal`."""
    hidden = INTERNAL_PROPERTIES if personal else INTERNAL_PROPERTIES | PERSONAL_PROPERTIES
    return {key: plain_value(value) for key, value in sorted(properties.items()) if key not in hidden}


def entity_properties(graph: Graph, *, uid: str, personal: bool = False) -> dict[str, Any] | None:
    """The node's properties fit to answer with, or None when no node has this id."""
    rows = graph.read(ENTITY_BY_UID, uid=uid)
    return public_properties(rows[0]["properties"], personal=personal) if rows else None


def summary_of(properties: dict[str, Any]) -> EntitySummary:
    return EntitySummary(**{key: properties.get(key) for key in SUMMARY_FIELDS})


# -- search ----------------------------------------------------------------------------------
def search_nodes(graph: Graph, *, q: str | None = None, kind: str | None = None, level: str | None = None,
                 region: str | None = None, knowledge_area: str | None = None, at: datetime.date | None = None,
                 limit: int = 50, offset: int = 0) -> NodePage:
    """One page of the nodes matching every filter given, ordered by name and id, with the total count."""
    day = at.isoformat() if at else None
    text = q.strip().lower() if q else None
    params = {"kind": kind, "level": level, "at": day, "q": text or None, "q_slug": slug(text) if text else None,
              "within": within(graph, region=region, knowledge_area=knowledge_area, at=day)}
    total = graph.read(SEARCH_COUNT, **params)[0]["total"]
    rows = graph.read(SEARCH_PAGE, **params, offset=offset, limit=limit)
    return NodePage(total=total, limit=limit, offset=offset, items=[EntitySummary(**row) for row in rows])


def within(graph: Graph, *, region: str | None, knowledge_area: str | None, at: str | None) -> list[str] | None:
    """The ids the region and knowledge-area filters allow, or None when neither is given."""
    scopes = []
    if region is not None:
        scopes.append(region_scope(graph, uid=region, at=at))
    if knowledge_area is not None:
        scopes.append(knowledge_area_scope(graph, uid=knowledge_area, at=at))
    return sorted(set.intersection(*scopes)) if scopes else None


def region_scope(graph: Graph, *, uid: str, at: str | None = None) -> set[str]:
    """The nodes of a place (see the module's docstring); `uid` must name a territory."""
    kind = kind_of(graph, uid=uid, parameter="region")
    if kind not in TERRITORY_KINDS:
        raise QueryParameterError("region", f"'{uid}' is a {kind}, not a territory ({', '.join(TERRITORY_KINDS)})")
    serves = [Serves.rel_type]
    place = {uid} | linked(graph, {uid}, serves, at=at, into=True) | linked(graph, {uid}, serves, at=at, into=False)
    units = closure(graph, linked(graph, place, PLACE_TYPES, at=at, into=True), [PartOf.rel_type], at=at)
    members = linked(graph, units, [MemberOf.rel_type], at=at, into=True)
    holders = linked(graph, units | members, [HoldsPost.rel_type], at=at, into=True)
    return (place | units | members | holders) - {uid}


def knowledge_area_scope(graph: Graph, *, uid: str, at: str | None = None) -> set[str]:
    """The bodies of a knowledge area, named by the area's id or its NPO's (see the module's docstring)."""
    kind = kind_of(graph, uid=uid, parameter="knowledge_area")
    if kind == "knowledge_area":
        areas, leads = {uid}, set()
    elif kind == "npo":
        areas, leads = linked(graph, {uid}, [Covers.rel_type], at=at, into=False), {uid}
    else:
        raise QueryParameterError("knowledge_area", f"'{uid}' is a {kind}, not a knowledge area or an NPO")
    covering = linked(graph, areas, [Covers.rel_type], at=at, into=True) | leads
    return closure(graph, covering, [Mirrors.rel_type], at=at)


def kind_of(graph: Graph, *, uid: str, parameter: str) -> str:
    rows = graph.read(KIND_OF, uid=uid)
    if not rows:
        raise UnknownId(parameter, uid)
    return rows[0]["kind"]


def linked(graph: Graph, uids: set[str], types: list[str], *, at: str | None, into: bool) -> set[str]:
    """The nodes with an edge of these types into (or, `into=False`, from) any of `uids`."""
    if not uids:
        return set()
    rows = graph.read(LINKED_INTO if into else LINKED_FROM, uids=sorted(uids), types=types, at=at)
    return {row["uid"] for row in rows}


def closure(graph: Graph, roots: set[str], types: list[str], *, at: str | None) -> set[str]:
    """`roots` and every node reaching one of them through edges of these types, at any depth."""
    found, frontier = set(roots), set(roots)
    while frontier:
        frontier = linked(graph, frontier, types, at=at, into=True) - found
        found |= frontier
    return found


# -- one node --------------------------------------------------------------------------------
def node_detail(graph: Graph, *, uid: str, personal: bool = False) -> NodeDetail | None:
    """The node with its properties, memberships and other edges; None when no node has this id."""
    properties = entity_properties(graph, uid=uid, personal=personal)
    if properties is None:
        return None
    node = summary_of(properties)
    outgoing = [found.edge for found in edges_at(graph, uids=[uid], direction="out")]
    incoming = [found.edge for found in edges_at(graph, uids=[uid], direction="in")]
    return NodeDetail(
        **node.model_dump(), source=properties.get("source"), properties=properties,
        memberships=[membership(edge, member=node, group=edge.other) for edge in outgoing if is_seat(edge)],
        members=[membership(edge, member=edge.other, group=node) for edge in incoming if is_seat(edge)],
        outgoing=[edge for edge in outgoing if not is_seat(edge)],
        incoming=[edge for edge in incoming if not is_seat(edge)],
    )


def is_seat(edge: Edge) -> bool:
    return edge.type == MemberOf.rel_type


def membership(edge: Edge, *, member: EntitySummary, group: EntitySummary) -> Membership:
    return Membership(member=member, group=group, role=edge.role, start=edge.start, end=edge.end, source=edge.source,
                      represents=edge.properties.get("represents") or [],
                      appointed_by=edge.properties.get("appointed_by"))


# -- edges -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class EdgeAt:
    """An edge read from one of its ends: `at` is that end's id, `edge.other` the far end."""

    edge_id: str
    at: str
    edge: Edge


def edges_at(graph: Graph, *, uids: list[str], direction: Direction) -> list[EdgeAt]:
    """Edges leaving ("out") or entering ("in") any of the given nodes."""
    query = OUTGOING_EDGES if direction == "out" else INCOMING_EDGES
    return [EdgeAt(row["edge_id"], row["at"], edge_from_row(row, direction))
            for row in graph.read(query, uids=uids)]


def edge_from_row(row: dict[str, Any], direction: Direction) -> Edge:
    properties = public_properties(row["properties"])
    edge_class = EDGE_CLASSES.get(row["type"])
    return Edge(
        direction=direction, type=row["type"], family=edge_class.family if edge_class else None,
        role=properties.get("role"), start=properties.get("start"), end=properties.get("end"),
        source=properties.get("source"), properties=properties,
        other=EntitySummary(uid=row["uid"], name=row["name"], kind=row["kind"], level=row["level"]),
    )
