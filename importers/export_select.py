"""Which nodes an export takes: the whole graph, the neighbourhood of one node, or one region's share.

Each rule is a handful of bulk queries (one per hop), never one per node.

* around ID, depth N: the node and every node at most N edges away, whatever
  the edges' type or direction (depth 0 is the node alone).
* region ID: the territory itself; every node that BELONGS_TO it; whatever is
  PART_OF those, at any depth (sub-units and posts often carry no region of
  their own); the members (people and ex-officio posts) of all of these and
  the people holding those posts; and the knowledge areas and decision matters
  they cover or hold mandates over, so the export's columns and mandates keep
  their targets. Bodies outside the region (an NPO, the region's RPO) are not
  taken, and neither are edges to them.
"""

from __future__ import annotations

from graphmodel.engine import Graph
from graphmodel.model import ENTITY_LABEL, TERRITORY_KINDS
from graphmodel.relationships import BelongsTo, Covers, HoldsPost, Mandate, MemberOf, PartOf

# Only the model's names are formatted into query text; values are always parameters.
_NODE = f"(:{ENTITY_LABEL} {{uid: uid}})"
_NEIGHBOURS = f"UNWIND $uids AS uid MATCH {_NODE}-[]-(m:{ENTITY_LABEL}) RETURN DISTINCT m.uid AS uid"
_INCOMING = (f"UNWIND $uids AS uid MATCH (m:{ENTITY_LABEL})-[r]->{_NODE} WHERE type(r) IN $types "
             "RETURN DISTINCT m.uid AS uid")
_OUTGOING = (f"UNWIND $uids AS uid MATCH {_NODE}-[r]->(m:{ENTITY_LABEL}) WHERE type(r) IN $types "
             "RETURN DISTINCT m.uid AS uid")
_KIND = f"MATCH (n:{ENTITY_LABEL} {{uid: $uid}}) RETURN n.kind AS kind"


class SelectionError(ValueError):
    """A selection parameter that cannot be met; `parameter` names it (around, depth, region)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


class UnknownNode(SelectionError):
    """The selection names a node id that no node has."""

    def __init__(self, parameter: str, uid: str) -> None:
        super().__init__(parameter, f"no node has the id '{uid}'")
        self.uid = uid


def select_uids(graph: Graph, *, around: str | None = None, depth: int = 1,
                region: str | None = None) -> set[str] | None:
    """The uids of the chosen subgraph, or None for the whole graph."""
    if around is not None and region is not None:
        raise SelectionError("region", "choose either around or region, not both")
    if around is not None:
        return neighbourhood(graph, around, depth)
    if region is not None:
        return region_share(graph, region)
    return None


def neighbourhood(graph: Graph, uid: str, depth: int) -> set[str]:
    if depth < 0:
        raise SelectionError("depth", f"must be 0 or more, got {depth}")
    _kind_of(graph, uid, "around")
    found = {uid}
    frontier = {uid}
    for _ in range(depth):
        frontier = _uids(graph, _NEIGHBOURS, frontier) - found
        if not frontier:
            break
        found |= frontier
    return found


def region_share(graph: Graph, uid: str) -> set[str]:
    kind = _kind_of(graph, uid, "region")
    if kind not in TERRITORY_KINDS:
        raise SelectionError("region", f"'{uid}' is a {kind}, not a territory "
                                       f"({', '.join(TERRITORY_KINDS)})")
    units = _part_of_closure(graph, _uids(graph, _INCOMING, {uid}, types=[BelongsTo.rel_type]))
    members = _uids(graph, _INCOMING, units, types=[MemberOf.rel_type])
    holders = _uids(graph, _INCOMING, units | members, types=[HoldsPost.rel_type])
    taken = units | members | holders
    referenced = _uids(graph, _OUTGOING, taken, types=[Covers.rel_type, Mandate.rel_type])
    return {uid} | taken | referenced


def _part_of_closure(graph: Graph, roots: set[str]) -> set[str]:
    found = set(roots)
    frontier = set(roots)
    while frontier:
        frontier = _uids(graph, _INCOMING, frontier, types=[PartOf.rel_type]) - found
        found |= frontier
    return found


def _kind_of(graph: Graph, uid: str, parameter: str) -> str:
    rows = graph.read(_KIND, uid=uid)
    if not rows:
        raise UnknownNode(parameter, uid)
    return rows[0]["kind"]


def _uids(graph: Graph, query: str, uids: set[str], **params: object) -> set[str]:
    if not uids:
        return set()
    return {row["uid"] for row in graph.read(query, uids=sorted(uids), **params)}
