"""The graph's route-bearing edges held in memory, so a contact path is a search, not a round of queries.

A path question touches a handful of nodes but would cost a round trip to
the engine per hop. The index reads the edges of `graphmodel.routing` once,
with their dates, and answers any date from memory. `route_index(graph)`
keeps one per graph. After a write through any govgraph process sharing the
graph's version it reads from the engine only the nodes the change log names
and their edges (`cypher.route_patch`), and makes the index anew from the
patched rows; after a write that cannot say what it touched (a restore) it
reads everything. Once older than `max_age` seconds it is read in full in the
background, which catches writes made outside govgraph. The rows are kept on
disk with the graph's version (`cypher.route_snapshot`): a starting process
makes its index from them and the changes logged since, not from the engine.
"""

from __future__ import annotations

import datetime
import threading
import time
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cypher.route_inference import infer
from cypher.route_patch import RouteRows, edge_row, in_order, node_row, patched, read_rows_of, widened
from cypher.route_snapshot import collector_paused, graph_version, read_snapshot, snapshot_path, write_snapshot
from cypher.runner import run_stored
from graphmodel.engine import Graph
from graphmodel.routing import DESCENT, FLOWS, ROUTE_EDGE_TYPES, Flow

DEFAULT_MAX_AGE = 30.0
# A timed full read waits at least this many times as long as the last one took, so that on a large graph
# (minutes per read at ten times the nation) the refresh takes a bounded share of the machine, not all of it.
REFRESH_SPACING = 10.0
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
        # By node and relation type, so a hub's neighbours of one type cost what they return.
        self._typed: dict[tuple[str, str, bool], list[RouteEdge]] = defaultdict(list)
        self._by_type: dict[str, list[RouteEdge]] = defaultdict(list)
        for edge in self.edges:
            self._by_type[edge.type].append(edge)
            self._typed[(edge.source, edge.type, True)].append(edge)
            self._typed[(edge.target, edge.type, False)].append(edge)
        # The organisations (regions, healthcare regions, municipalities) each body belongs to, on any date.
        self.owners: dict[str, frozenset[str]] = {
            uid: frozenset(edge.target for edge in self._typed.get((uid, "BELONGS_TO", True), ()))
            for uid in {edge.source for edge in self.edges if edge.type == "BELONGS_TO"}}
        # Each flow's steps, both ways, made at its first use: the fallback flows (the most edges) are
        # needed only when no documented route exists, so a starting process does not wait for them.
        self._steps: dict[int, dict[str, list[Step]]] = {}
        self._steps_back: dict[int, dict[str, list[Step]]] = {}
        self._flows_lock = threading.Lock()
        # A hub's descent steps by the owner of where they lead, made here so no question pays for them.
        self._steps_by_owner: dict[tuple[int, str], dict[str | None, list[tuple[int, Step]]]] = {
            (position, uid): self._by_owner(steps)
            for position, flow in enumerate(FLOWS) if flow.stage == DESCENT
            for uid, steps in self._flow(position).items() if len(steps) > _HUB_STEPS}

    def _flow(self, position: int) -> dict[str, list[Step]]:
        found = self._steps.get(position)
        if found is None:
            with self._flows_lock:
                found = self._steps.get(position)
                if found is None:
                    flow = FLOWS[position]
                    with collector_paused():
                        found = self._flow_steps(flow, self._by_type.get(flow.rel_type, []))
                        self._steps_back[position] = _reversed(found)
                    self._steps[position] = found
        return found

    def _flow_steps(self, flow: Flow, edges: list[RouteEdge]) -> dict[str, list[Step]]:
        steps: dict[str, list[Step]] = defaultdict(list)
        nodes = self.nodes
        for edge in edges:
            if not flow.admits(edge.role, edge.represents):
                continue
            origin, to = (edge.source, edge.target) if flow.forward else (edge.target, edge.source)
            if origin in nodes and to in nodes:
                kind = nodes[origin].kind
                if (not flow.from_person or kind == "person") and (flow.from_kinds is None or kind in flow.from_kinds):
                    steps[origin].append(Step(flow, edge, to))
        for found in steps.values():
            if len(found) > 1:
                found.sort(key=_step_destination)
        return steps

    def steps(self, flow_position: int, uid: str) -> list[Step]:
        return self._flow(flow_position).get(uid, [])

    def steps_into(self, flow_position: int, uid: str) -> list[Step]:
        """The steps of a flow that arrive at `uid`, each pointing back to where it came from."""
        self._flow(flow_position)
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


def _step_destination(step: Step) -> str:
    return step.to


def _reversed(steps: dict[str, list[Step]]) -> dict[str, list[Step]]:
    back: dict[str, list[Step]] = defaultdict(list)
    for origin, leaving in steps.items():
        for step in leaving:
            back[step.to].append(Step(step.flow, step.edge, origin))
    return back


# A graph holds few distinct days and millions of dated edges: each day is read once.
_days: dict[str, datetime.date] = {}


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    day = _days.get(value)
    if day is None:
        day = _days[value] = datetime.date.fromisoformat(value)
    return day


def read_route_rows(graph: Graph) -> RouteRows:
    """Every node and route-bearing edge of the graph, as the engine holds them now, in index order."""
    node_rows = run_stored(graph, "route_nodes").rows
    edge_rows = run_stored(graph, "route_edges", {"types": list(ROUTE_EDGE_TYPES)}).rows
    with collector_paused():
        return in_order((_sharing([node_row(row) for row in node_rows]),
                         _sharing([edge_row(row) for row in edge_rows])))


def _sharing(rows: list[tuple]) -> list[tuple]:
    """The rows with each value that repeats (a type, a role, a date, a uid at both ends) held once: the
    index takes less memory, and the kept file stores each once, so reading it back makes fewer objects."""
    shared: dict[Any, Any] = {}

    def one(value: Any) -> Any:
        if isinstance(value, tuple):
            value = tuple(one(item) for item in value)
        return shared.setdefault(value, value)

    return [tuple(one(value) for value in row) for row in rows]


def index_from_rows(rows: RouteRows, earlier: tuple[RouteRows, RouteIndex] | None = None) -> RouteIndex:
    """The index made from `rows`; with `earlier` (rows and the index made from them), a row it holds too
    takes the node or edge made then, so a patched index costs the few changed rows, not a million objects."""
    node_rows, edge_rows = rows
    with collector_paused():
        made_nodes, made_edges = _made_from(earlier) if earlier is not None else ({}, {})
        nodes = {row[0]: made_nodes.get(row) or _node(*row) for row in node_rows}
        edges = [made_edges.get(row) or _edge(*row) for row in edge_rows]
        return RouteIndex(nodes, edges)


def _made_from(earlier: tuple[RouteRows, RouteIndex]) -> tuple[dict[tuple, RouteNode], dict[tuple, RouteEdge]]:
    """Each row of an earlier index with the node or edge made from it (the index holds them in row order,
    its drawn edges before the inferred ones)."""
    (node_rows, edge_rows), index = earlier
    nodes = dict(zip(node_rows, index.nodes.values())) if len(node_rows) == len(index.nodes) else {}
    return nodes, dict(zip(edge_rows, index.edges))


def _node(uid: str, name: str, kind: str, start: str | None, end: str | None, former: tuple[str, ...],
          since: str | None, organisation: str | None) -> RouteNode:
    return RouteNode(uid, name, kind, _date(start), _date(end), tuple(former), _date(since), organisation)


def _edge(source: str, rel_type: str, target: str, role: str | None, represents: tuple[str, ...],
          start: str | None, end: str | None, document: str | None, appointed_by: str | None) -> RouteEdge:
    return RouteEdge(source, rel_type, target, role, tuple(represents), _date(start), _date(end), document,
                     appointed_by)


def load_route_index(graph: Graph) -> RouteIndex:
    return index_from_rows(read_route_rows(graph))


# How the process's indexes were brought up to date, for the tests and benchmarks to observe: "full" reads
# of the whole graph, "patches" from the change log, "patched_uids" read in those.
read_counts: Counter[str] = Counter()
# More changed nodes than this since the index's version: read the whole graph, which costs about the same.
MAX_PATCHED_UIDS = 20_000


@dataclass(frozen=True)
class _Cached:
    index: RouteIndex
    rows: RouteRows
    loaded_at: float  # of the last full read: writes made outside govgraph show only in one
    version: int | None  # the graph's version the rows are at least as new as
    unlogged: int  # `Graph.unlogged_writes` when read: a write the change log does not name moves it
    read_seconds: float = 0.0  # what the last full read took (0: none yet in this process)

    def due(self, max_age: float) -> bool:
        """Old enough for a timed full read: past `max_age`, and spaced by the cost of the last one."""
        return time.monotonic() - self.loaded_at >= max(max_age, REFRESH_SPACING * self.read_seconds)

    def current(self, graph: Graph) -> bool:
        return self.unlogged == graph.unlogged_writes and self.version == graph_version(graph)


# Keyed by the graph object itself, so a closed graph's index goes with it and never serves another.
_cache: weakref.WeakKeyDictionary[Graph, _Cached] = weakref.WeakKeyDictionary()
_refreshing: weakref.WeakSet[Graph] = weakref.WeakSet()
_cache_lock = threading.Lock()
# The file and the graph's version whose rows this process last kept on disk, so a timed refresh of an
# unchanged graph does not write the same file again; and the thread keeping the newest, which `settled`
# waits for.
_kept_versions: weakref.WeakKeyDictionary[Graph, tuple[Path | None, int]] = weakref.WeakKeyDictionary()
_keeping: weakref.WeakKeyDictionary[Graph, threading.Thread] = weakref.WeakKeyDictionary()
_keep_lock = threading.Lock()
_load_lock = threading.Lock()


def route_index(graph: Graph, max_age: float = DEFAULT_MAX_AGE) -> RouteIndex:
    """The graph's route index, brought up to date after a write through govgraph, read again after `max_age` s.

    After a write some govgraph process logged with the nodes it touched, only those are read from the
    engine and the index made anew from the patched rows; after one that could not say, everything is read.
    An index that is only old keeps answering while one background thread reads the new one, so callers
    never queue behind a timed reload; after a write, callers wait for the new index, because they must
    see what was written.
    """
    ready = ready_route_index(graph, max_age)
    if ready is not None:
        return ready
    with _load_lock:
        cached = _cache.get(graph)
        if cached is None:
            cached = _from_snapshot(graph)
        if cached is not None and cached.current(graph):
            return cached.index
        if cached is not None and cached.unlogged == graph.unlogged_writes:
            patched_index = _patch(graph, cached)
            if patched_index is not None:
                return patched_index
        return _load(graph)


def ready_route_index(graph: Graph, max_age: float = DEFAULT_MAX_AGE) -> RouteIndex | None:
    """The index if one can answer now without reading the engine, else None; never waits."""
    with _cache_lock:
        cached = _cache.get(graph)
        if not cached or not cached.current(graph):
            return None
        if cached.due(max_age) and graph not in _refreshing:
            _refreshing.add(graph)
            threading.Thread(target=_refresh, args=(graph,), name="route-index-refresh", daemon=True).start()
        return cached.index


def _load(graph: Graph) -> RouteIndex:
    # The version before the read: a write during it is patched in at the next request.
    unlogged, loaded_at, version = graph.unlogged_writes, time.monotonic(), graph_version(graph)
    rows = read_route_rows(graph)
    read_counts["full"] += 1
    index = index_from_rows(rows)
    with _cache_lock:
        _cache[graph] = _Cached(index, rows, loaded_at, version, unlogged, time.monotonic() - loaded_at)
    _keep(graph, version, rows)
    return index


def _patch(graph: Graph, cached: _Cached) -> RouteIndex | None:
    """The index with the rows of the nodes written since `cached.version` read again; None when the
    change log cannot say which (a restore, a pruned log), so the whole graph must be read."""
    if cached.version is None or graph.shared_version is None:
        return None
    changes = graph.shared_version.changes_since(cached.version)
    if changes.uids is None or len(changes.uids) > MAX_PATCHED_UIDS:
        return None
    with collector_paused():
        uids = frozenset(widened(cached.rows[1], changes.uids))
        rows = patched(cached.rows, read_rows_of(graph, uids), uids)
    read_counts["patches"] += 1
    read_counts["patched_uids"] += len(uids)
    index = index_from_rows(rows, earlier=(cached.rows, cached.index))
    with _cache_lock:
        _cache[graph] = _Cached(index, rows, cached.loaded_at, changes.number, cached.unlogged,
                                cached.read_seconds)
    _keep_in_background(graph, changes.number, rows)
    return index


def _from_snapshot(graph: Graph) -> _Cached | None:
    """The index from the rows kept on disk, at the version they were kept at (patched up by the caller)."""
    loaded_at = time.monotonic()
    kept = read_snapshot(graph)
    if kept is None:
        return None
    cached = _Cached(index_from_rows(kept.rows), kept.rows, loaded_at, kept.version, graph.unlogged_writes)
    with _cache_lock:
        _cache[graph] = cached
    _kept_versions[graph] = (snapshot_path(graph), kept.version)
    return cached


def _keep(graph: Graph, version: int | None, rows: RouteRows) -> None:
    """Write the rows to disk for the next process to start, unless rows as new are there already."""
    with _keep_lock:
        path, kept = _kept_versions.get(graph, (None, -1))
        if version is None or (path == snapshot_path(graph) and kept >= version):
            return
        write_snapshot(graph, version, rows)
        _kept_versions[graph] = (snapshot_path(graph), version)


# `marshal` holds the interpreter while it writes: a moment's wait lets the request that brought the index
# up to date answer first.
_KEEP_AFTER_SECONDS = 1.0


def _keep_in_background(graph: Graph, version: int, rows: RouteRows) -> None:
    """`_keep` on a thread of its own: at ten times the nation the file takes seconds to write, which the
    request that brought the index up to date should not wait for."""
    keeper = threading.Timer(_KEEP_AFTER_SECONDS, _keep, args=(graph, version, rows))
    keeper.name, keeper.daemon = "route-index-keep", True
    _keeping[graph] = keeper
    keeper.start()


def settled(graph: Graph) -> None:
    """Wait until the newest rows of this graph's index are on disk (for tests and benchmarks)."""
    keeper = _keeping.get(graph)
    if keeper is not None:
        keeper.join()


def _refresh(graph: Graph) -> None:
    try:
        # Not under `_load_lock`: a full read takes minutes at scale, and a write meanwhile is patched
        # in by the next request instead of waiting for it.
        _load(graph)
    except Exception:  # noqa: BLE001 - the engine may be down; the old index serves and a later call retries
        pass
    finally:
        with _cache_lock:
            _refreshing.discard(graph)
