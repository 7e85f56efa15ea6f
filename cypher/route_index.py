"""The graph's route-bearing edges held in memory, so a contact path is a search, not a round of queries.

A path question touches a handful of nodes but would cost a round trip to
the engine per hop. The index reads the edges of `graphmodel.routing` once,
with their dates, and answers any date from memory. `route_index(graph)`
keeps one per graph and reads it again after the graph's own writes or when
it is older than `max_age` seconds, so changes made by another process show
within that time.
"""

from __future__ import annotations

import datetime
import threading
import time
import weakref
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from cypher.route_inference import infer
from cypher.runner import run_stored
from graphmodel.engine import Graph
from graphmodel.routing import DESCENT, FLOWS, ROUTE_EDGE_TYPES, Flow

DEFAULT_MAX_AGE = 30.0
# Above this many steps from one node, `steps_within` picks them by owner instead of looking at each.
_HUB_STEPS = 32


@dataclass(frozen=True)
class RouteNode:
    uid: str
    name: str
    kind: str
    start: datetime.date | None
    end: datetime.date | None
    former_names: tuple[str, ...]
    name_since: datetime.date | None
    organisation: str | None = None  # a person's employer, as the chart names it

    def exists_on(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)

    def name_on(self, day: datetime.date) -> str:
        if self.name_since is not None and day < self.name_since and self.former_names:
            return self.former_names[-1]
        return self.name


@dataclass(frozen=True)
class RouteEdge:
    source: str
    type: str
    target: str
    role: str | None
    represents: tuple[str, ...]
    start: datetime.date | None
    end: datetime.date | None
    document: str | None
    appointed_by: str | None = None
    inference: str | None = None  # for a hop the chart implies: the records and the rule (route_inference.py)

    def holds_on(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class Step:
    """Where one flow leads from a node: the next node and the edge that carries it there."""

    flow: Flow
    edge: RouteEdge
    to: str


class RouteIndex:
    def __init__(self, nodes: dict[str, RouteNode], edges: list[RouteEdge]) -> None:
        self.nodes = nodes
        inference = infer(nodes, edges)
        self.edges = edges + inference.edges
        # Territories whose charts record a network of municipal key persons (route_inference.py).
        self.networked = inference.networked
        self._steps: dict[int, dict[str, list[Step]]] = {}
        self._steps_back: dict[int, dict[str, list[Step]]] = {}
        self.outgoing: dict[str, list[RouteEdge]] = defaultdict(list)
        self.incoming: dict[str, list[RouteEdge]] = defaultdict(list)
        # By node and relation type, so a hub's neighbours of one type cost what they return.
        self._typed: dict[tuple[str, str, bool], list[RouteEdge]] = defaultdict(list)
        for edge in self.edges:
            self.outgoing[edge.source].append(edge)
            self.incoming[edge.target].append(edge)
            self._typed[(edge.source, edge.type, True)].append(edge)
            self._typed[(edge.target, edge.type, False)].append(edge)
        # The organisations (regions, healthcare regions, municipalities) each body belongs to, on any date.
        self.owners: dict[str, frozenset[str]] = {
            uid: frozenset(edge.target for edge in self._typed.get((uid, "BELONGS_TO", True), ()))
            for uid in {edge.source for edge in self.edges if edge.type == "BELONGS_TO"}}
        for position, flow in enumerate(FLOWS):
            self._steps[position] = self._flow_steps(flow)
            self._steps_back[position] = _reversed(self._steps[position])
        # A hub's descent steps by the owner of where they lead, made here so no question pays for them.
        self._steps_by_owner: dict[tuple[int, str], dict[str | None, list[tuple[int, Step]]]] = {
            (position, uid): self._by_owner(steps)
            for position, flow in enumerate(FLOWS) if flow.stage == DESCENT
            for uid, steps in self._steps[position].items() if len(steps) > _HUB_STEPS}

    def _flow_steps(self, flow: Flow) -> dict[str, list[Step]]:
        steps: dict[str, list[Step]] = defaultdict(list)
        for edge in self.edges:
            if edge.type != flow.rel_type or not flow.admits(edge.role, edge.represents):
                continue
            origin, to = (edge.source, edge.target) if flow.forward else (edge.target, edge.source)
            if origin in self.nodes and to in self.nodes:
                kind = self.nodes[origin].kind
                if (not flow.from_person or kind == "person") and (flow.from_kinds is None or kind in flow.from_kinds):
                    steps[origin].append(Step(flow, edge, to))
        for found in steps.values():
            found.sort(key=lambda step: step.to)
        return steps

    def steps(self, flow_position: int, uid: str) -> list[Step]:
        return self._steps[flow_position].get(uid, [])

    def steps_into(self, flow_position: int, uid: str) -> list[Step]:
        """The steps of a flow that arrive at `uid`, each pointing back to where it came from."""
        return self._steps_back[flow_position].get(uid, [])

    def steps_within(self, flow_position: int, uid: str, territories: frozenset[str]) -> list[Step]:
        """The steps of a flow from `uid` to nodes that belong to one of `territories` or to no organisation.

        A national group or a knowledge area leads to groups in every region; asked for one region's, the
        index hands out only those, in the order `steps` gives them, so the cost follows the region."""
        steps = self.steps(flow_position, uid)
        if len(steps) <= _HUB_STEPS:
            return [step for step in steps if self.belongs_within(step.to, territories)]
        by_owner = self._steps_by_owner[(flow_position, uid)]
        picked = {order: step for owner in (None, *territories) for order, step in by_owner.get(owner, ())}
        return [picked[order] for order in sorted(picked)]

    def belongs_within(self, uid: str, territories: frozenset[str]) -> bool:
        owners = self.owners.get(uid)
        return not owners or not owners.isdisjoint(territories)

    def _by_owner(self, steps: list[Step]) -> dict[str | None, list[tuple[int, Step]]]:
        found: dict[str | None, list[tuple[int, Step]]] = defaultdict(list)
        for order, step in enumerate(steps):
            for owner in self.owners.get(step.to) or (None,):
                found[owner].append((order, step))
        return found

    def neighbours(self, uid: str, rel_type: str, outgoing: bool) -> list[RouteEdge]:
        return self._typed.get((uid, rel_type, outgoing), [])


def _reversed(steps: dict[str, list[Step]]) -> dict[str, list[Step]]:
    back: dict[str, list[Step]] = defaultdict(list)
    for origin, leaving in steps.items():
        for step in leaving:
            back[step.to].append(Step(step.flow, step.edge, origin))
    return back


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load_route_index(graph: Graph) -> RouteIndex:
    node_rows = run_stored(graph, "route_nodes").rows
    edge_rows = run_stored(graph, "route_edges", {"types": list(ROUTE_EDGE_TYPES)}).rows
    nodes = {row["uid"]: RouteNode(row["uid"], row["name"], row["kind"], _date(row["start"]), _date(row["end"]),
                                   tuple(row["former_names"] or ()), _date(row["name_since"]), row["organisation"])
             for row in node_rows}
    edges = [RouteEdge(row["source"], row["type"], row["target"], row["role"], tuple(row["represents"] or ()),
                       _date(row["start"]), _date(row["end"]), row["document"], row["appointed_by"])
             for row in edge_rows]
    return RouteIndex(nodes, edges)


@dataclass
class _Cached:
    index: RouteIndex
    loaded_at: float
    generation: int


# Keyed by the graph object itself, so a closed graph's index goes with it and never serves another.
_cache: weakref.WeakKeyDictionary[Graph, _Cached] = weakref.WeakKeyDictionary()
_refreshing: weakref.WeakSet[Graph] = weakref.WeakSet()
_cache_lock = threading.Lock()
_load_lock = threading.Lock()


def route_index(graph: Graph, max_age: float = DEFAULT_MAX_AGE) -> RouteIndex:
    """The graph's route index, read again after this process wrote to the graph or after `max_age` s.

    An index that is only old keeps answering while one background thread reads the new one, so callers
    never queue behind a reload; after this process's own writes, callers wait for the new index, because
    they must see what they wrote.
    """
    ready = ready_route_index(graph, max_age)
    if ready is not None:
        return ready
    with _load_lock:
        cached = _cache.get(graph)
        if cached and cached.generation == graph.generation:
            return cached.index
        return _load(graph)


def ready_route_index(graph: Graph, max_age: float = DEFAULT_MAX_AGE) -> RouteIndex | None:
    """The index if one can answer now without reading the engine, else None; never waits."""
    with _cache_lock:
        cached = _cache.get(graph)
        if not cached or cached.generation != graph.generation:
            return None
        if time.monotonic() - cached.loaded_at >= max_age and graph not in _refreshing:
            _refreshing.add(graph)
            threading.Thread(target=_refresh, args=(graph,), name="route-index-refresh", daemon=True).start()
        return cached.index


def _load(graph: Graph) -> RouteIndex:
    generation, loaded_at = graph.generation, time.monotonic()
    index = load_route_index(graph)
    with _cache_lock:
        _cache[graph] = _Cached(index, loaded_at, generation)
    return index


def _refresh(graph: Graph) -> None:
    try:
        with _load_lock:
            _load(graph)
    except Exception:  # noqa: BLE001 - the engine may be down; the old index serves and a later call retries
        pass
    finally:
        with _cache_lock:
            _refreshing.discard(graph)
