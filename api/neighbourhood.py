"""The part of the graph around one entity, walked step by step so it can stop at a size a page can draw.

One step reads every edge of the current frontier in both directions (two
indexed look-ups by id), which runs alike on Neo4j and ArcadeDB and lets the
walk cut off at `max_nodes` instead of expanding a hub such as a county with
all its municipalities three steps out.

Filters narrow what the walk may pass through; a filtered-out entity is not
drawn and the walk does not continue beyond it. The centre is always kept.

* `at`: only edges and entities valid on that day (start and end, both
  inclusive, either may be open); a renamed body shows its name of that day.
* `families`: only edges of these families (reporting, representation, ...).
* `kinds`: only entities of these kinds.
* `levels`: bodies only at these levels, territories only at the matching
  level (a municipality is municipal, a county or region regional, a
  healthcare region healthcare-regional); entities without a level (people,
  posts, knowledge areas, decision matters) stay: filter those by kind.
* `region` (a region's id) and `knowledge_area` (a knowledge area's id) keep
  what belongs there and what belongs nowhere in particular, and drop what is
  tied elsewhere. An entity is tied to the territories its bodies belong to:
  a body's own BELONGS_TO, or, for a person, post or unit, that of the bodies
  it sits in, holds a post in or is part of (up to two steps). The region's
  side is the region itself, the counties it serves, their municipalities and
  its healthcare region; a national body, tied to no territory, stays. In the
  same way an entity is about the knowledge areas its bodies cover (COVERS,
  directly or through memberships), and another area's groups and people drop
  out while councils and units that cover no area stay.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from api.models import Edge, EntitySummary
from api.reads import EdgeAt, edges_at, entity_properties, plain_value
from graphmodel.engine import Graph
from graphmodel.messages import text
from graphmodel.model import BODY_KINDS, FAMILIES, LEVELS, NODE_KINDS

MAX_NODES = 150

# The level a territory sits at, so one level filter and one colour scale cover bodies and places alike.
TERRITORY_LEVELS = {"healthcare_region": "healthcare_region", "region": "region", "county": "region",
                    "municipality": "municipality"}

NODE_FACTS = """
UNWIND $uids AS uid
MATCH (n:Entity {uid: uid})
RETURN n.uid AS uid, n.start AS start, n.end AS end, n.former_names AS former_names, n.name_since AS name_since
"""

# Where an entity is tied to (territories) and what it is about (knowledge areas); see the module text.
AFFILIATIONS = """
UNWIND $uids AS uid
MATCH (n:Entity {uid: uid})
OPTIONAL MATCH (n)-[:MEMBER_OF|HOLDS_POST|PART_OF*0..2]->(:Entity)-[:BELONGS_TO]->(home:Entity)
OPTIONAL MATCH (n)-[:MEMBER_OF|HOLDS_POST*0..2]->(:Entity)-[:COVERS]->(area:Entity)
RETURN uid, collect(DISTINCT home.uid) AS places, collect(DISTINCT area.uid) AS topics
"""

REGION_SIDE = """
MATCH (region:Entity {uid: $region})
OPTIONAL MATCH (region)-[:SERVES]->(county:Entity)
OPTIONAL MATCH (region)-[:PART_OF]->(whole:Entity)
OPTIONAL MATCH (place:Entity)-[:LOCATED_IN]->(county)
RETURN collect(DISTINCT county.uid) + collect(DISTINCT whole.uid) + collect(DISTINCT place.uid) AS side
"""

KIND_OF = "MATCH (n:Entity {uid: $uid}) RETURN n.kind AS kind"

COUNTIES = """
UNWIND $uids AS uid
MATCH (n:Entity {uid: uid})
OPTIONAL MATCH (n)-[:LOCATED_IN]->(county:Entity {kind: $county})
RETURN uid, n.level AS level, county.uid AS county_uid, county.name AS county_name
"""


class NeighbourhoodFilterError(ValueError):
    """A filter that names nothing: an unknown family, kind or level, or an id of the wrong kind."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class NeighbourhoodFilter:
    at: datetime.date | None = None
    families: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    levels: frozenset[str] | None = None
    region: str | None = None
    knowledge_area: str | None = None

    def is_open(self) -> bool:
        return self == NeighbourhoodFilter()

    def follows(self, edge: Edge) -> bool:
        if self.families is not None and edge.family not in self.families:
            return False
        return self.at is None or valid_on(edge.start, edge.end, self.at)

    def describe(self) -> list[str]:
        """The filter in words, one line per setting, for a drawing's notes."""
        words = [text("filter.at", at=self.at.isoformat()) if self.at else None,
                 _listed("filter.families", self.families), _listed("filter.kinds", self.kinds),
                 _listed("filter.levels", self.levels),
                 text("filter.region", region=self.region) if self.region else None,
                 text("filter.area", area=self.knowledge_area) if self.knowledge_area else None]
        return [word for word in words if word]


def _listed(message: str, keys: frozenset[str] | None) -> str | None:
    return text(message, keys=", ".join(sorted(keys))) if keys is not None else None


@dataclass(frozen=True)
class DrawnEdge:
    """An edge between two drawn entities, in its stored direction."""

    source: str
    target: str
    edge: Edge


@dataclass
class Neighbourhood:
    centre: EntitySummary
    nodes: dict[str, EntitySummary] = field(default_factory=dict)
    edges: dict[str, DrawnEdge] = field(default_factory=dict)
    truncated: bool = False
    depth: int = 1
    filters: NeighbourhoodFilter = field(default_factory=NeighbourhoodFilter)
    # Each drawn municipality's county, so a drawing can fold many municipalities into one node.
    county_of: dict[str, EntitySummary] = field(default_factory=dict)


def valid_on(start: datetime.date | None, end: datetime.date | None, day: datetime.date) -> bool:
    return (start is None or start <= day) and (end is None or end >= day)


def effective_level(kind: str, level: str | None) -> str | None:
    """A body's stored level; a territory's by what it is; None for people, posts and the rest."""
    return TERRITORY_LEVELS.get(kind, level)


def neighbourhood(graph: Graph, *, around: str, depth: int, max_nodes: int = MAX_NODES,
                  at: datetime.date | None = None, families: Iterable[str] | None = None,
                  kinds: Iterable[str] | None = None, levels: Iterable[str] | None = None,
                  region: str | None = None, knowledge_area: str | None = None) -> Neighbourhood | None:
    """Entities within `depth` steps of `around` and the edges that reached them; None for an unknown id.

    The filters are described in the module text; a bad one raises `NeighbourhoodFilterError`."""
    filters = checked_filter(graph, at=at, families=families, kinds=kinds, levels=levels, region=region,
                             knowledge_area=knowledge_area)
    properties = entity_properties(graph, uid=around)
    if properties is None:
        return None
    centre = EntitySummary(**{key: properties.get(key) for key in ("uid", "name", "kind", "level")})
    if at is not None:
        centre = _named_on(centre, properties, at)
    found = Neighbourhood(centre=centre, nodes={centre.uid: centre}, depth=depth, filters=filters)
    side = _region_side(graph, filters.region)
    frontier = [centre.uid]
    for _ in range(depth):
        if not frontier:
            break
        reached = edges_at(graph, uids=frontier, direction="out") + edges_at(graph, uids=frontier, direction="in")
        reached = [item for item in reached if filters.follows(item.edge)]
        admitted = _admitted(graph, filters, side, _new_entities(found, reached))
        frontier = _take_step(found, [item for item in reached if _drawable(found, admitted, item)], admitted,
                              max_nodes)
    found.county_of = counties_of(graph, [uid for uid, node in found.nodes.items() if node.kind == "municipality"])
    return found


def checked_filter(graph: Graph, *, at: datetime.date | None, families: Iterable[str] | None,
                   kinds: Iterable[str] | None, levels: Iterable[str] | None, region: str | None,
                   knowledge_area: str | None) -> NeighbourhoodFilter:
    """The filter with every word looked up in the vocabulary (English or Swedish) and every id checked."""
    _require_kind(graph, "region", region, "region")
    _require_kind(graph, "knowledge_area", knowledge_area, "knowledge_area")
    return NeighbourhoodFilter(at=at, families=_terms("families", FAMILIES, families),
                               kinds=_terms("kinds", NODE_KINDS, kinds), levels=_terms("levels", LEVELS, levels),
                               region=region, knowledge_area=knowledge_area)


def _terms(parameter: str, table: Any, words: Iterable[str] | None) -> frozenset[str] | None:
    if words is None:
        return None
    keys = set()
    for word in words:
        term = table.lookup(word)
        if term is None:
            raise NeighbourhoodFilterError(parameter, f"'{word}' is not a known {table.name} (known: "
                                                      f"{', '.join(table.keys())})")
        keys.add(term.key)
    return frozenset(keys)


def _require_kind(graph: Graph, parameter: str, uid: str | None, kind: str) -> None:
    if uid is None:
        return
    rows = graph.read(KIND_OF, uid=uid)
    if not rows:
        raise NeighbourhoodFilterError(parameter, f"no node has the id '{uid}'")
    if rows[0]["kind"] != kind:
        raise NeighbourhoodFilterError(parameter, f"'{uid}' is a {rows[0]['kind']}, not a {kind}")


def _region_side(graph: Graph, region: str | None) -> frozenset[str] | None:
    if region is None:
        return None
    rows = graph.read(REGION_SIDE, region=region)
    return frozenset([region, *rows[0]["side"]])


def _new_entities(found: Neighbourhood, reached: list[EdgeAt]) -> dict[str, EntitySummary]:
    return {item.edge.other.uid: item.edge.other for item in reached if item.edge.other.uid not in found.nodes}


def _drawable(found: Neighbourhood, admitted: dict[str, EntitySummary], item: EdgeAt) -> bool:
    return item.edge.other.uid in found.nodes or item.edge.other.uid in admitted


def _admitted(graph: Graph, filters: NeighbourhoodFilter, side: frozenset[str] | None,
              candidates: dict[str, EntitySummary]) -> dict[str, EntitySummary]:
    """The candidates that pass the filters, named as on the filter's day."""
    kept = {uid: entity for uid, entity in candidates.items() if _passes_kind_and_level(filters, entity)}
    if filters.at is not None and kept:
        facts = {row["uid"]: row for row in graph.read(NODE_FACTS, uids=list(kept))}
        kept = {uid: _named_on(entity, facts[uid], filters.at) for uid, entity in kept.items()
                if valid_on(plain_value(facts[uid]["start"]), plain_value(facts[uid]["end"]), filters.at)}
    if (side is not None or filters.knowledge_area is not None) and kept:
        rows = graph.read(AFFILIATIONS, uids=list(kept))
        related = {row["uid"] for row in rows if _related(filters, side, kept[row["uid"]], row)}
        kept = {uid: entity for uid, entity in kept.items() if uid in related}
    return kept


def _passes_kind_and_level(filters: NeighbourhoodFilter, entity: EntitySummary) -> bool:
    if filters.kinds is not None and entity.kind not in filters.kinds:
        return False
    if filters.levels is None or (entity.kind not in BODY_KINDS and entity.kind not in TERRITORY_LEVELS):
        return True
    return effective_level(entity.kind, entity.level) in filters.levels


def _related(filters: NeighbourhoodFilter, side: frozenset[str] | None, entity: EntitySummary,
             row: dict[str, Any]) -> bool:
    places = [entity.uid] if entity.kind in TERRITORY_LEVELS else row["places"]
    topics = [entity.uid] if entity.kind == "knowledge_area" else row["topics"]
    in_region = side is None or not places or any(place in side for place in places)
    on_topic = filters.knowledge_area is None or not topics or filters.knowledge_area in topics
    return in_region and on_topic


def _named_on(entity: EntitySummary, facts: dict[str, Any], day: datetime.date) -> EntitySummary:
    """The entity under the name it had on `day` (a renamed body's last former name before `name_since`)."""
    since = plain_value(facts.get("name_since"))
    former = facts.get("former_names") or []
    if since is not None and day < since and former:
        return entity.model_copy(update={"name": former[-1]})
    return entity


def _take_step(found: Neighbourhood, reached: list[EdgeAt], admitted: dict[str, EntitySummary],
               max_nodes: int) -> list[str]:
    """Add what one step reached, within the node budget; returns the newly reached ids."""
    new_frontier = []
    for item in reached:
        other = item.edge.other
        if other.uid not in found.nodes:
            if len(found.nodes) >= max_nodes:
                found.truncated = True
                continue
            found.nodes[other.uid] = admitted.get(other.uid, other)
            new_frontier.append(other.uid)
        found.edges.setdefault(item.edge_id, _drawn(item))
    return new_frontier


def _drawn(item: EdgeAt) -> DrawnEdge:
    if item.edge.direction == "out":
        return DrawnEdge(item.at, item.edge.other.uid, item.edge)
    return DrawnEdge(item.edge.other.uid, item.at, item.edge)


@dataclass(frozen=True)
class NodeContext:
    """What a drawing needs beyond a node's id, name and kind: its level and, for a municipality, its county."""

    level: str | None
    county: EntitySummary | None


def node_context(graph: Graph, uids: list[str]) -> dict[str, NodeContext]:
    """Level and county of each id (unknown ids are left out); for drawing paths and chains."""
    rows = graph.read(COUNTIES, uids=uids, county="county") if uids else []
    return {row["uid"]: NodeContext(row["level"], _county(row)) for row in rows}


def counties_of(graph: Graph, uids: list[str]) -> dict[str, EntitySummary]:
    return {uid: context.county for uid, context in node_context(graph, uids).items() if context.county}


def _county(row: dict[str, Any]) -> EntitySummary | None:
    if row["county_uid"] is None:
        return None
    return EntitySummary(uid=row["county_uid"], name=row["county_name"], kind="county")
