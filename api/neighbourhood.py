"""The part of the graph around one entity, walked step by step so it can stop at a size a page can draw.

One step reads every edge of the current frontier in both directions (two
indexed look-ups by id), which runs alike on Neo4j and ArcadeDB and lets the
walk cut off at `max_nodes` instead of expanding a hub such as a county with
all its municipalities three steps out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from api.models import Edge, EntitySummary
from api.reads import EdgeAt, edges_at, entity_properties
from graphmodel.engine import Graph

MAX_NODES = 150


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


def neighbourhood(graph: Graph, *, around: str, depth: int, max_nodes: int = MAX_NODES) -> Neighbourhood | None:
    """Entities within `depth` steps of `around` and the edges that reached them; None for an unknown id."""
    properties = entity_properties(graph, uid=around)
    if properties is None:
        return None
    centre = EntitySummary(**{key: properties.get(key) for key in ("uid", "name", "kind", "level")})
    found = Neighbourhood(centre=centre, nodes={centre.uid: centre})
    frontier = [centre.uid]
    for _ in range(depth):
        if not frontier:
            break
        reached = edges_at(graph, uids=frontier, direction="out") + edges_at(graph, uids=frontier, direction="in")
        frontier = _take_step(found, reached, max_nodes)
    return found


def _take_step(found: Neighbourhood, reached: list[EdgeAt], max_nodes: int) -> list[str]:
    """Add what one step reached, within the node budget; returns the newly reached ids."""
    new_frontier = []
    for item in reached:
        other = item.edge.other
        if other.uid not in found.nodes:
            if len(found.nodes) >= max_nodes:
                found.truncated = True
                continue
            found.nodes[other.uid] = other
            new_frontier.append(other.uid)
        found.edges.setdefault(item.edge_id, _drawn(item))
    return new_frontier


def _drawn(item: EdgeAt) -> DrawnEdge:
    if item.edge.direction == "out":
        return DrawnEdge(item.at, item.edge.other.uid, item.edge)
    return DrawnEdge(item.edge.other.uid, item.at, item.edge)
