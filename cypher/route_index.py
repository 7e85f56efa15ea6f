"""The graph's route-bearing edges held in memory, so a contact path is a search, not a round of queries.

A path question touches a handful of nodes but would cost a round trip to
the engine per hop. The index reads the edges of `graphmodel.routing` once,
with their dates, and answers any date from memory. `route_index(graph)`
keeps one per graph. After a write through any govgraph process sharing the
graph's version it reads from the engine only the nodes the change log names
and their edges (`cypher.route_patch`), and applies what differs to the index
in place (`RouteIndex.changed`: a new index sharing every list the write did
not touch, swapped in whole); after a write that cannot say what it touched
(a restore) it reads everything. Once older than `max_age` seconds it is read in full in the
background, which catches writes made outside govgraph. The rows are kept on
disk with the graph's version (`cypher.route_snapshot`): a starting process
makes its index from them and the changes logged since, not from the engine.
"""

from __future__ import annotations

import bisect
import datetime
import threading
import time
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cypher.route_inference import (
    Dependents, Rules, State, affected_producers, context_of, drawn_order, inferred_order, producers, updated_context,
)
from cypher.route_patch import (
    RouteRows, RowChanges, changed_rows, edge_row, in_order, node_row, patched, read_rows_of, row_order, row_uid,
)
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


@dataclass(frozen=True)
class Changes:
    """What a write changed, as the index holds it: nodes gone or changed (by uid) and their new versions,
    drawn edges gone (equal to ones the index holds) and new."""

    removed_nodes: tuple[str, ...] = ()
    added_nodes: tuple[RouteNode, ...] = ()
    removed_edges: tuple[RouteEdge, ...] = ()
    added_edges: tuple[RouteEdge, ...] = ()


class RouteIndex:
    """Every route-bearing node and edge, by node and type, with each flow's steps.

    An index never changes once made, so readers on other threads may use it while a write is applied:
    `changed` makes a new index that shares every list the write did not touch and has its own copy of
    those it did."""

    def __init__(self, nodes: dict[str, RouteNode], edges: list[RouteEdge]) -> None:
        self.nodes = nodes
        # By node and relation type, so a hub's neighbours of one type cost what they return.
        self._typed: dict[tuple[str, str, bool], list[RouteEdge]] = defaultdict(list)
        self._by_type: dict[str, list[RouteEdge]] = defaultdict(list)
        self._add_all(edges)
        memberships = self._by_type.get("MEMBER_OF", [])
        self._context = context_of(nodes, self.neighbours, memberships)
        inferred = Rules(nodes, self.neighbours, self._context).inferred_by_all(producers(nodes, edges))
        self._add_all(inferred)  # after every drawn edge, in their own order: see `_order`
        self._typed.default_factory = self._by_type.default_factory = None
        self.edges = edges + inferred
        # Territories whose charts record a network of municipal key persons (route_inference.py).
        self.networked = self._context.networked
        # Made at a patch's first need: who names whom besides an edge's ends (route_inference.Dependents).
        self._dependents: Dependents | None = None
        # The organisations (regions, healthcare regions, municipalities) each body belongs to, on any date.
        self.owners: dict[str, frozenset[str]] = {
            uid: frozenset(edge.target for edge in self._typed.get((uid, "BELONGS_TO", True), ()))
            for uid in {edge.source for edge in self._by_type.get("BELONGS_TO", ())}}
        # Each flow's steps from and into each node, made at the first question that asks for that node's:
        # a question visits a few thousand nodes of a million, so a starting process makes none ahead.
        self._steps: dict[int, dict[str, list[Step]]] = {position: {} for position in range(len(FLOWS))}
        self._steps_back: dict[int, dict[str, list[Step]]] = {position: {} for position in range(len(FLOWS))}
        # A hub's descent steps by the owner of where they lead, made at the hub's first question.
        self._steps_by_owner: dict[tuple[int, str], dict[str | None, list[tuple[int, Step]]]] = {}
        self._lock = threading.Lock()

    def _add_all(self, edges: list[RouteEdge]) -> None:
        for edge in edges:
            self._by_type[edge.type].append(edge)
            self._typed[(edge.source, edge.type, True)].append(edge)
            self._typed[(edge.target, edge.type, False)].append(edge)

    # -- the flows
    def _takes(self, flow: Flow, edge: RouteEdge, origin: str, to: str) -> bool:
        nodes = self.nodes
        if not flow.admits(edge.role, edge.represents) or origin not in nodes or to not in nodes:
            return False
        kind = nodes[origin].kind
        return (not flow.from_person or kind == "person") and (flow.from_kinds is None or kind in flow.from_kinds)

    def _steps_from(self, flow: Flow, origin: str) -> list[Step]:
        """A flow's steps from one node, by where they lead (ties in the order of the edges)."""
        found = []
        for edge in self._typed.get((origin, flow.rel_type, flow.forward), ()):
            to = edge.target if flow.forward else edge.source
            if self._takes(flow, edge, origin, to):
                found.append(_step(flow, edge, to))
        found.sort(key=_step_destination)
        return found

    def _steps_to(self, flow: Flow, to: str) -> list[Step]:
        """A flow's steps into one node, each pointing back to where it came from, in the order of the edges."""
        found = []
        for edge in self._typed.get((to, flow.rel_type, not flow.forward), ()):
            origin = edge.source if flow.forward else edge.target
            if self._takes(flow, edge, origin, to):
                found.append(_step(flow, edge, origin))
        return found

    def warm(self) -> None:
        """Make ahead the steps every question would otherwise make at its first visit: each flow's, both
        ways, of every node with an edge of the flow's type, and the hubs' steps by owner. A served index
        is warmed on a thread of its own once it answers, so that a question costs its route only."""
        with collector_paused():
            for position, flow in enumerate(FLOWS):
                origins = {edge.source for edge in self._by_type.get(flow.rel_type, ())}
                ends = {edge.target for edge in self._by_type.get(flow.rel_type, ())}
                for uid in origins | ends:
                    steps = self.steps(position, uid)
                    self.steps_into(position, uid)
                    if flow.stage == DESCENT and len(steps) > _HUB_STEPS:
                        self._hub_steps_by_owner(position, uid, steps)

    def steps(self, flow_position: int, uid: str) -> list[Step]:
        made = self._steps[flow_position]
        found = made.get(uid)
        if found is None:  # two threads asking at once make equal lists, and either is kept
            found = made[uid] = self._steps_from(FLOWS[flow_position], uid)
        return found

    def steps_into(self, flow_position: int, uid: str) -> list[Step]:
        """The steps of a flow that arrive at `uid`, each pointing back to where it came from."""
        made = self._steps_back[flow_position]
        found = made.get(uid)
        if found is None:
            found = made[uid] = self._steps_to(FLOWS[flow_position], uid)
        return found

    def steps_within(self, flow_position: int, uid: str, territories: frozenset[str]) -> list[Step]:
        """The steps of a flow from `uid` to nodes that belong to one of `territories` or to no organisation.

        A national group or a knowledge area leads to groups in every region; asked for one region's, the
        index hands out only those, in the order `steps` gives them, so the cost follows the region."""
        steps = self.steps(flow_position, uid)
        if len(steps) <= _HUB_STEPS:
            return [step for step in steps if self.belongs_within(step.to, territories)]
        by_owner = self._hub_steps_by_owner(flow_position, uid, steps)
        picked = {order: step for owner in (None, *territories) for order, step in by_owner.get(owner, ())}
        return [picked[order] for order in sorted(picked)]

    def _hub_steps_by_owner(self, flow_position: int, uid: str,
                            steps: list[Step]) -> dict[str | None, list[tuple[int, Step]]]:
        """A hub's `steps` by the owner of where they lead, made at the first need and then kept."""
        by_owner = self._steps_by_owner.get((flow_position, uid))
        if by_owner is None:
            by_owner = self._steps_by_owner[(flow_position, uid)] = self._by_owner(steps)
        return by_owner

    def belongs_within(self, uid: str, territories: frozenset[str]) -> bool:
        owners = self.owners.get(uid)
        return not owners or not owners.isdisjoint(territories)

    def _by_owner(self, steps: list[Step]) -> dict[str | None, list[tuple[int, Step]]]:
        found: dict[str | None, list[tuple[int, Step]]] = defaultdict(list)
        for order, step in enumerate(steps):
            for owner in self.owners.get(step.to) or (None,):
                found[owner].append((order, step))
        found.default_factory = None
        return found

    def neighbours(self, uid: str, rel_type: str, outgoing: bool) -> list[RouteEdge]:
        return self._typed.get((uid, rel_type, outgoing), [])

    # -- after a write
    def dependents(self) -> Dependents:
        """Who names whom besides an edge's ends, made at the first need (a patch) and then kept."""
        if self._dependents is None:
            with self._lock:
                if self._dependents is None:
                    drawn = [edge for edge in self.edges if edge.inference is None]
                    self._dependents = Dependents.of(drawn)
        return self._dependents

    def changed(self, changes: Changes) -> RouteIndex:
        """A new index with `changes` applied, sharing with this one what they leave alone.

        The drawn edges and nodes are put in and taken out; the hops inferred are made again only for the
        producers the changes concern (`route_inference.affected_producers`); each flow's steps, the owners
        and the hubs' steps by owner are made again only at the nodes whose edges changed."""
        with collector_paused():
            return _Patch(self, changes).index()

    def _held(self, edges: Iterable[RouteEdge]) -> list[RouteEdge]:
        """The edges this index holds equal to `edges` (the same objects, so lists can drop them by identity;
        an edge twice, two objects)."""
        found: list[RouteEdge] = []
        taken: set[int] = set()
        for edge in edges:
            leaving = self._typed.get((edge.source, edge.type, True), ())
            position = bisect.bisect_left(leaving, _order(edge), key=_order)
            held = next((held for held in (*leaving[position:], *leaving[:position])
                         if held == edge and id(held) not in taken), None)
            if held is None:
                raise KeyError(f"the route index holds no edge {edge.source} -{edge.type}-> {edge.target}")
            taken.add(id(held))
            found.append(held)
        return found

    def _inferred_by(self, producer: str) -> list[RouteEdge]:
        return [edge for rel_type, outgoing in (("DISSEMINATES_TO", True), ("INFORMS", True),
                                                ("CONTACT_PERSON_FOR", False))
                for edge in self._typed.get((producer, rel_type, outgoing), ()) if edge.inference is not None]


def _order(edge: RouteEdge) -> tuple:
    """Where an edge stands in the index's lists: the drawn ones in the order of their rows, then the inferred."""
    return (0, drawn_order(edge)) if edge.inference is None else (1, inferred_order(edge))


class _Patch:
    """`RouteIndex.changed`: the new index made from the earlier one, copying only what the changes touch."""

    def __init__(self, earlier: RouteIndex, changes: Changes) -> None:
        self.earlier, self.changes = earlier, changes
        self.new = new = RouteIndex.__new__(RouteIndex)
        new._lock = threading.Lock()
        new.nodes = dict(earlier.nodes)
        for uid in changes.removed_nodes:
            new.nodes.pop(uid, None)
        for node in changes.added_nodes:
            new.nodes[node.uid] = node
        self.changed_nodes = {*changes.removed_nodes, *(node.uid for node in changes.added_nodes)}
        new._typed, new._by_type, new.edges = dict(earlier._typed), dict(earlier._by_type), list(earlier.edges)
        self._copied: set[int] = set()  # the lists already copied for the new index
        self.removed: list[RouteEdge] = []
        self.added: list[RouteEdge] = []

    def index(self) -> RouteIndex:
        earlier, new, changes = self.earlier, self.new, self.changes
        drawn_removed = earlier._held(changes.removed_edges)
        self._apply(drawn_removed, list(changes.added_edges))
        drawn_changed = [*drawn_removed, *changes.added_edges]
        before = State(earlier.nodes, earlier.neighbours, earlier._context, earlier.dependents())
        new._context = updated_context(before, new.nodes, new.neighbours, self.changed_nodes, drawn_changed)
        new._dependents = before.dependents.changed(drawn_removed, changes.added_edges)
        new.networked = new._context.networked
        after = State(new.nodes, new.neighbours, new._context, new._dependents)
        self._infer_again(affected_producers(self.changed_nodes, drawn_changed, before, after))
        self._owners_again(drawn_changed)
        self._flows_again()
        return new

    def _infer_again(self, producers: set[str]) -> None:
        """The producers' hops made again; a hop that comes out the same keeps the object the earlier index had."""
        read_counts["inferred_again"] += len(producers)
        rules = Rules(self.new.nodes, self.new.neighbours, self.new._context)
        before = {inferred_order(edge): edge for uid in producers for edge in self.earlier._inferred_by(uid)}
        after = {inferred_order(edge): edge for uid in sorted(producers) for edge in rules.inferred_by(uid)}
        removed = [edge for key, edge in before.items() if after.get(key) != edge]
        added = [edge for key, edge in after.items() if before.get(key) != edge]
        self._apply(removed, added)

    def _apply(self, removed: list[RouteEdge], added: list[RouteEdge]) -> None:
        for edge in removed:
            for key in _keys(edge):
                _drop(self._own(self.new._typed, key), edge)
            _drop(self._own(self.new._by_type, edge.type), edge)
            _drop(self.new.edges, edge)
        for edge in added:
            for key in _keys(edge):
                _put(self._own(self.new._typed, key), edge)
            _put(self._own(self.new._by_type, edge.type), edge)
            _put(self.new.edges, edge)
        self.removed += removed
        self.added += added

    def _own(self, table: dict, key: Any) -> list[RouteEdge]:
        """The new index's own list under `key`, copied from the earlier index's at the first change."""
        found = table.get(key)
        if found is None:
            found = table[key] = []
            self._copied.add(id(found))
        elif id(found) not in self._copied:
            found = table[key] = list(found)
            self._copied.add(id(found))
        return found

    def _owners_again(self, drawn_changed: list[RouteEdge]) -> None:
        new = self.new
        self.owned_anew = {edge.source for edge in drawn_changed if edge.type == "BELONGS_TO"}
        if not self.owned_anew:
            new.owners = self.earlier.owners
            return
        new.owners = dict(self.earlier.owners)
        for uid in self.owned_anew:
            owners = frozenset(edge.target for edge in new._typed.get((uid, "BELONGS_TO", True), ()))
            if owners:
                new.owners[uid] = owners
            else:
                new.owners.pop(uid, None)

    def _flows_again(self) -> None:
        """Each flow's steps the earlier index had made, kept but for the nodes the changes touch, whose the
        new index makes again at their next question."""
        earlier, new = self.earlier, self.new
        new._steps, new._steps_back = {}, {}
        # A node's kind decides the steps from it, and whether it is there at all those to it.
        rekinded = {uid for uid in self.changed_nodes
                    if (earlier.nodes.get(uid) and earlier.nodes[uid].kind) != (new.nodes.get(uid) and new.nodes[uid].kind)}
        moved = [*self.removed, *self.added]
        hubs = dict(earlier._steps_by_owner)
        for position, flow in enumerate(FLOWS):
            origins, ends = set(rekinded), set(rekinded)
            for edge in moved:
                if edge.type == flow.rel_type:
                    origins.add(edge.source if flow.forward else edge.target)
                    ends.add(edge.target if flow.forward else edge.source)
            for uid in rekinded:
                for index in (earlier, new):
                    for outgoing in (True, False):
                        others = {edge.target if outgoing else edge.source
                                  for edge in index._typed.get((uid, flow.rel_type, outgoing), ())}
                        origins |= others
                        ends |= others
            new._steps[position] = _forgotten(earlier._steps[position], origins)
            new._steps_back[position] = _forgotten(earlier._steps_back[position], ends)
            # A hub's steps by owner: stale where its steps changed or the owners of where they lead did.
            for uid in self.owned_anew:
                for index in (earlier, new):
                    origins.update(edge.source if flow.forward else edge.target
                                   for edge in index._typed.get((uid, flow.rel_type, not flow.forward), ()))
            for uid in origins:
                hubs.pop((position, uid), None)
        new._steps_by_owner = hubs


def _keys(edge: RouteEdge) -> tuple[tuple[str, str, bool], tuple[str, str, bool]]:
    return (edge.source, edge.type, True), (edge.target, edge.type, False)


def _drop(edges: list[RouteEdge], edge: RouteEdge) -> None:
    """`edge` (an object the list holds) taken out of `edges`, which stand in `_order`."""
    key = _order(edge)
    position = bisect.bisect_left(edges, key, key=_order)
    while position < len(edges) and edges[position] is not edge:
        position += 1
    if position == len(edges):
        position = next(at for at, held in enumerate(edges) if held is edge)  # a list out of order: look at all
    del edges[position]


def _put(edges: list[RouteEdge], edge: RouteEdge) -> None:
    edges.insert(bisect.bisect_right(edges, _order(edge), key=_order), edge)


def _forgotten(made: dict[str, list[Step]], uids: set[str]) -> dict[str, list[Step]]:
    """A copy of `made` without the lists of `uids` (the same dict when there are none)."""
    if not uids or made.keys().isdisjoint(uids):
        return made if not uids else dict(made)
    kept = dict(made)
    for uid in uids:
        kept.pop(uid, None)
    return kept


def _step_destination(step: Step) -> str:
    return step.to


class _Days(dict):
    """Each day a row names, read once: a graph holds few distinct days and millions of dated edges, and a
    look-up that finds one costs no call."""

    def __missing__(self, value: Any) -> datetime.date | None:
        day = self[value] = datetime.date.fromisoformat(value) if value else None
        return day


_days = _Days({None: None})


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


def index_from_rows(rows: RouteRows) -> RouteIndex:
    """The index made from `rows` (`read_route_rows`, or as kept on disk)."""
    node_rows, edge_rows = rows
    with collector_paused():
        nodes = {row[0]: _node(*row) for row in node_rows}
        edges = [_edge(*row) for row in edge_rows]
        return RouteIndex(nodes, edges)


def rows_at(rows: RouteRows, index: RouteIndex, uids: Set[str]) -> RouteRows:
    """Of `rows` (those `index` was made from), the node rows of `uids` and the edge rows with an end among
    them: found by uid, and by the edges the index holds arriving there, not by looking at every row."""
    node_rows, edge_rows = rows
    nodes = [row for uid in sorted(uids) for row in _run(node_rows, uid, row_uid)]
    positions: set[int] = set()
    for uid in uids:
        positions.update(range(bisect.bisect_left(edge_rows, uid, key=row_uid),
                               bisect.bisect_right(edge_rows, uid, key=row_uid)))
        for rel_type in ROUTE_EDGE_TYPES:
            for edge in index.neighbours(uid, rel_type, outgoing=False):
                if edge.inference is None:
                    key = drawn_order(edge)
                    start = bisect.bisect_left(edge_rows, key, key=row_order)
                    positions.update(range(start, bisect.bisect_right(edge_rows, key, lo=start, key=row_order)))
    return nodes, [edge_rows[position] for position in sorted(positions)]


def _run(ordered: list[tuple], value: Any, key: Callable[[tuple], Any]) -> list[tuple]:
    start = bisect.bisect_left(ordered, value, key=key)
    return ordered[start:bisect.bisect_right(ordered, value, lo=start, key=key)]


def stale_uids(index: RouteIndex, uids: Set[str]) -> set[str]:
    """`uids` and the ends of every edge that names one of them as who appointed or whom it represents: an
    edge names people in those two places besides its ends, which an erasure clears."""
    found = set(uids)
    dependents = index.dependents()
    for uid in uids:
        for source in dependents.naming(uid):
            for rel_type in ROUTE_EDGE_TYPES:
                for edge in index.neighbours(source, rel_type, outgoing=True):
                    if edge.inference is None and (edge.appointed_by == uid or uid in edge.represents):
                        found.update((edge.source, edge.target))
    return found


def index_changes(changes: RowChanges) -> Changes:
    """Row changes as the index holds nodes and edges."""
    return Changes(tuple(row[0] for row in changes.removed_nodes), tuple(_node(*row) for row in changes.added_nodes),
                   tuple(_edge(*row) for row in changes.removed_edges),
                   tuple(_edge(*row) for row in changes.added_edges))


# Made without the dataclasses' own `__init__`, which sets each field through `object.__setattr__`: a
# starting process makes a million of them, and these take half the time. The same fields, so equal, hashed
# and shown alike.
_new, _set = object.__new__, object.__setattr__


def _node(uid: str, name: str, kind: str, start: str | None, end: str | None, former: tuple[str, ...],
          since: str | None, organisation: str | None) -> RouteNode:
    node = _new(RouteNode)
    _set(node, "__dict__", {"uid": uid, "name": name, "kind": kind, "start": _days[start], "end": _days[end],
                            "former_names": tuple(former), "name_since": _days[since], "organisation": organisation})
    return node


def _edge(source: str, rel_type: str, target: str, role: str | None, represents: tuple[str, ...],
          start: str | None, end: str | None, document: str | None, appointed_by: str | None) -> RouteEdge:
    edge = _new(RouteEdge)
    _set(edge, "__dict__", {"source": source, "type": rel_type, "target": target, "role": role,
                            "represents": tuple(represents), "start": _days[start], "end": _days[end],
                            "document": document, "appointed_by": appointed_by, "inference": None})
    return edge


def _step(flow: Flow, edge: RouteEdge, to: str) -> Step:
    step = _new(Step)
    _set(step, "__dict__", {"flow": flow, "edge": edge, "to": to})
    return step


def load_route_index(graph: Graph) -> RouteIndex:
    return index_from_rows(read_route_rows(graph))


# How the process's indexes were brought up to date, for the tests and benchmarks to observe: "full" reads
# of the whole graph, "patches" from the change log, "patched_uids" read in those, "inferred_again" the
# producers whose inferred hops the patches made again.
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
    """The index with the rows of the nodes written since `cached.version` read again and the difference
    applied in place (`RouteIndex.changed`); None when the change log cannot say which nodes (a restore, a
    pruned log), so the whole graph must be read."""
    if cached.version is None or graph.shared_version is None:
        return None
    changes = graph.shared_version.changes_since(cached.version)
    if changes.uids is None or len(changes.uids) > MAX_PATCHED_UIDS:
        return None
    with collector_paused():
        uids = frozenset(stale_uids(cached.index, changes.uids))
        row_changes = changed_rows(rows_at(cached.rows, cached.index, uids), read_rows_of(graph, uids))
        rows = patched(cached.rows, row_changes)
    read_counts["patches"] += 1
    read_counts["patched_uids"] += len(uids)
    index = cached.index.changed(index_changes(row_changes))
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
