"""Writing a chart into the graph: read what is there in bulk, plan, write in one transaction.

The import is all or nothing. The state it compares with is read in a few
bulk queries: first the owner's fingerprints (`import_hash`), then in full
only the records whose fingerprint is not the chart's, so a re-import costs
about what changed (`--force` reads every record); the plan (`load_plan.py`) is worked out in Python; the writes
are batched `UNWIND $rows` queries, one per node kind or edge type and kind of
change, all inside one explicit transaction, so a failure anywhere (a broken
constraint at commit, the engine dying) leaves the graph as it was. Labels
and relationship types in the query text come from the model; every value is
a parameter.

Two imports at once may touch the same records (both add edges to one
region, say) or, on ArcadeDB, both create the first nodes of a kind, whose
type the engine then creates twice. The engine refuses one of them; that
transaction is rolled back, and the whole import is done again from a fresh
read of the graph, a few times at most (`MAX_ATTEMPTS`). A conflict that
outlasts them is an `ImportConflict`: nothing was written, and sending the
import again is the remedy. It is never an engine failure.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from neo4j.exceptions import ClientError, ConstraintError, Neo4jError, TransientError

from graphmodel.engine import EMBEDDED, Graph
from graphmodel.engine.errors import EngineError
from graphmodel.messages import Phrase
from graphmodel.model import ENTITY_LABEL, kind_info
from importers.gc_pause import without_cyclic_gc
from importers.chart import Chart
from importers.load_plan import (
    Change,
    EdgeKey,
    OwnedCounts,
    Plan,
    PlannedEdge,
    PlannedNode,
    SheetCounts,
    StoredEdge,
    StoredState,
    Values,
    edge_keys,
    Planner,
    edge_sources,
    node_keys,
    planned_count,
    planned_edges,
    planned_nodes,
)
from importers.read import Problem
from importers.validate_chart import Located, chart_ids, check_chart

if TYPE_CHECKING:
    from importers.validate_delta import RowDelta

__all__ = ["ImportConflict", "ImportReport", "InvalidChart", "SheetCounts", "apply_chart", "existing_kinds",
           "worth_retrying"]

BATCH_SIZE = 5000
# The first records planned go out at once, so that the engine starts writing while the rest is planned.
FIRST_BATCH_SIZE = 500
# How often an import the engine refuses as a transient conflict is tried in all; between tries it waits
# about RETRY_PAUSE_SECONDS times the tries so far (jittered, so two imports do not meet again in step).
MAX_ATTEMPTS = 5
RETRY_PAUSE_SECONDS = 0.1
# ArcadeDB creates a node's type when the first node with its labels is created, outside the transaction:
# when two imports do that at once, the second is refused with this (its cause, TypeAlreadyExistsException,
# is not passed on). Once the type exists the same import goes through, so it is tried once more only.
_TYPE_RACE_CODE = "Neo.ClientError.Statement.SemanticError"
_TYPE_RACE_MESSAGE = "Error executing Cypher command: "
Progress = Callable[[int, int], None]


class ImportConflict(EngineError):
    """Other writes kept changing the records the import writes, while it wrote them; nothing was written."""

    def __init__(self, attempts: int, error: Neo4jError) -> None:
        self.attempts = attempts
        self.phrase = Phrase("import.concurrent_writes", attempts=attempts, reason=error.message)
        super().__init__(self.phrase)


class InvalidChart(ValueError):
    """The chart cannot be written as it is (a dangling reference, a duplicate id, ...)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class ImportReport:
    """What an import did (or, on a dry run or a conflict, would do), sheet by sheet."""

    owner: str
    counts: dict[str, SheetCounts]
    kinds: dict[str, SheetCounts] = field(default_factory=dict)
    conflicts: list[Problem] = field(default_factory=list)
    diff: list[Change] = field(default_factory=list)
    dry_run: bool = False
    prune: bool = False
    written: bool = False
    # The owner's nodes and edges once the import is written, when the plan saw all of them (else None).
    owned: tuple[int, int] | None = None

    @property
    def changes(self) -> int:
        """Records created, changed or (with prune) removed: the lines of the diff that are written.

        Counted from the diff rather than the sheets' rows, since one row can write several records
        (a membership row with two `represents`, a unit row with its region and knowledge area).
        """
        return sum(1 for change in self.diff if self.prune or not change.needs_prune)

    @property
    def unpruned(self) -> int:
        """Records the workbook no longer has that stay because `prune` was not asked for."""
        return 0 if self.prune else sum(c.removed for c in self.counts.values())


# -- reading the graph in bulk ------------------------------------------------------------------------
NODES_BY_UID = f"UNWIND $uids AS uid MATCH (n:{ENTITY_LABEL} {{uid: uid}}) RETURN properties(n) AS props"
KINDS_BY_UID = (f"UNWIND $uids AS uid MATCH (n:{ENTITY_LABEL} {{uid: uid}}) "
                "RETURN collect([n.uid, n.kind]) AS records")
OWNED_UIDS = f"MATCH (n:{ENTITY_LABEL}) WHERE n.imported_from = $owner RETURN n.uid AS uid"
# Edges from the chart's sources that this owner does not own; its own come from OWNED_EDGES, so each
# stored edge crosses the wire once.
EDGES_FROM = (f"UNWIND $uids AS uid MATCH (a:{ENTITY_LABEL} {{uid: uid}})-[r]->(b:{ENTITY_LABEL}) "
              "WHERE r.imported_from IS NULL OR r.imported_from <> $owner "
              "RETURN a.uid AS source, type(r) AS type, b.uid AS target, properties(r) AS props")
OWNED_EDGES = (f"MATCH (a:{ENTITY_LABEL})-[r]->(b:{ENTITY_LABEL}) WHERE r.imported_from = $owner "
               "RETURN a.uid AS source, type(r) AS type, b.uid AS target, properties(r) AS props")
OWNED_EDGES_FROM = (f"UNWIND $uids AS uid MATCH (a:{ENTITY_LABEL} {{uid: uid}})-[r]->(b:{ENTITY_LABEL}) "
                    "WHERE r.imported_from = $owner "
                    "RETURN a.uid AS source, type(r) AS type, b.uid AS target, properties(r) AS props")
# An owner's fingerprints as one list each, so that tens of thousands of records cross the wire as one row.
OWNED_NODE_FINGERPRINTS = (f"MATCH (n:{ENTITY_LABEL}) WHERE n.imported_from = $owner "
                           "RETURN collect([n.uid, n.import_hash]) AS records")
OWNED_EDGE_FINGERPRINTS = (f"MATCH (a:{ENTITY_LABEL})-[r]->(b:{ENTITY_LABEL}) WHERE r.imported_from = $owner "
                           "RETURN collect([a.uid, type(r), b.uid, r.import_hash]) AS records")
FOREIGN_EDGES = (f"UNWIND $uids AS uid MATCH (n:{ENTITY_LABEL} {{uid: uid}})-[r]-(:{ENTITY_LABEL}) "
                 "WHERE r.imported_from IS NULL OR r.imported_from <> $owner RETURN uid, count(r) AS edges")


ENTITY_COUNT = f"MATCH (n:{ENTITY_LABEL}) RETURN count(n) AS nodes"
ALL_KINDS = f"MATCH (n:{ENTITY_LABEL}) RETURN collect([n.uid, n.kind]) AS records"


def existing_kinds(graph: Graph, uids: Iterable[str]) -> dict[str, str]:
    """The kinds of those of `uids` that are already in the graph.

    Looked up one by one, unless the graph has fewer nodes than there are ids (a first import, a graph of
    the reference data only): then reading all of them is the cheaper way, a node costing a fraction of
    what a look-up by id does.
    """
    wanted = set(uids)
    if not wanted:
        return {}
    if graph.read(ENTITY_COUNT)[0]["nodes"] <= len(wanted):
        return {uid: kind for uid, kind in graph.read(ALL_KINDS)[0]["records"] if uid in wanted}
    return dict(graph.read(KINDS_BY_UID, uids=sorted(wanted))[0]["records"])


def read_state(graph: Graph, chart: Chart, *, owner: str, prune: bool) -> StoredState:
    """The records the chart names or refers to, and everything `owner` owns: a handful of queries."""
    state = StoredState()
    # Owned ids first, as bare ids: the properties come in the one query for all ids below.
    owned = {row["uid"] for row in graph.read(OWNED_UIDS, owner=owner)}
    for row in graph.read(NODES_BY_UID, uids=sorted(chart_ids(chart) | owned)):
        state.nodes[row["props"]["uid"]] = row["props"]
    # Edges only join nodes that exist: on a first import there are none to read.
    if state.nodes:
        sources = sorted(edge_sources(chart) & state.nodes.keys())
        rows = [*graph.read(EDGES_FROM, uids=sources, owner=owner), *graph.read(OWNED_EDGES, owner=owner)]
        state.add_edges(StoredEdge(row["type"], row["source"], row["target"], row["props"]) for row in rows)
    _read_foreign_edges(graph, chart, state, owner=owner, prune=prune)
    return state


def owned_prints(graph: Graph, owner: str) -> tuple[dict[str, str], set[tuple]]:
    """The owner's nodes' fingerprints by id, and its edges' as (source, type, target, fingerprint)."""
    node_prints = dict(graph.read(OWNED_NODE_FINGERPRINTS, owner=owner)[0]["records"])
    edge_prints = {tuple(record) for record in graph.read(OWNED_EDGE_FINGERPRINTS, owner=owner)[0]["records"]}
    return node_prints, edge_prints


def read_unowned_state(graph: Graph, chart: Chart, *, owner: str, prune: bool,
                       existing: Mapping[str, object] | None = None) -> StoredState:
    """`read_state` for an owner that has no records yet (its first import): what the chart names, and the
    edges of others from its sources; `existing` as for `read_changed_state`."""
    state = StoredState()
    named = chart_ids(chart) if existing is None else chart_ids(chart) & existing.keys()
    for row in graph.read(NODES_BY_UID, uids=sorted(named)) if named else []:
        state.nodes[row["props"]["uid"]] = row["props"]
    sources = sorted(edge_sources(chart) & state.nodes.keys())
    rows = graph.read(EDGES_FROM, uids=sources, owner=owner) if sources else []
    state.add_edges(StoredEdge(row["type"], row["source"], row["target"], row["props"]) for row in rows)
    _read_foreign_edges(graph, chart, state, owner=owner, prune=prune)
    return state


def read_changed_state(graph: Graph, chart: Chart, nodes: list[PlannedNode], edges: list[PlannedEdge], *,
                       owner: str, prune: bool, existing: Mapping[str, object] | None = None,
                       prints: tuple[dict[str, str], set[tuple]] | None = None) -> StoredState:
    """Like `read_state`, but records whose stored fingerprint is the chart's are only marked unchanged.

    The owner's fingerprints come in two rows (one list each); only the rest is read in full: the chart's
    records that differ or are new, the ids it refers to, and what the owner has that the chart no longer
    has. So a re-import costs about what changed plus a fixed part. Values edited in the graph by hand on
    a row the workbook did not change are left as they are; `--force` reads everything (`read_state`).
    `existing`: the chart's ids found in the graph when the chart was checked just before; the chart's
    other ids are not looked for (a node made by someone else since makes the write fail on its id).
    `prints`: the owner's fingerprints (`owned_prints`), when read already.
    """
    state = StoredState()
    node_prints, edge_prints = prints if prints is not None else owned_prints(graph, owner)
    state.unchanged_nodes = {node.uid for node in nodes if node_prints.get(node.uid) == node.fingerprint}
    matched = {(edge.source, edge.rel_type, edge.target, edge.fingerprint) for edge in edges}
    state.unchanged_edges = {edge.key for edge in edges
                             if (edge.source, edge.rel_type, edge.target, edge.fingerprint) in edge_prints}
    planned_uids = {node.uid for node in nodes}
    named = chart_ids(chart) if existing is None else chart_ids(chart) & existing.keys()
    wanted = (named - state.unchanged_nodes) | (node_prints.keys() - planned_uids)
    for row in graph.read(NODES_BY_UID, uids=sorted(wanted)):
        state.nodes[row["props"]["uid"]] = row["props"]
    # The owner's edges the chart does not have as they are (changed ones and those it no longer has), read
    # by their sources; siblings unchanged are dropped again.
    owned_sources = sorted({source for source, _, _, _ in edge_prints - matched})
    # Edges only join nodes that exist: on a first import there are none to read.
    existing = state.nodes.keys() | state.unchanged_nodes
    changed_sources = sorted({edge.source for edge in edges
                              if edge.key not in state.unchanged_edges and edge.source in existing})
    rows = [*graph.read(EDGES_FROM, uids=changed_sources, owner=owner),
            *(row for row in graph.read(OWNED_EDGES_FROM, uids=owned_sources, owner=owner)
              if (row["source"], row["type"], row["target"], row["props"].get("import_hash")) not in matched)]
    state.add_edges(StoredEdge(row["type"], row["source"], row["target"], row["props"]) for row in rows)
    _read_foreign_edges(graph, chart, state, owner=owner, prune=prune)
    return state


EDGES_OUT_OF = (f"UNWIND $uids AS uid MATCH (a:{ENTITY_LABEL} {{uid: uid}})-[r]->(b:{ENTITY_LABEL}) "
                "RETURN a.uid AS source, type(r) AS type, b.uid AS target, properties(r) AS props")


def read_delta_state(graph: Graph, chart: Chart, nodes: list[PlannedNode], edges: list[PlannedEdge],
                     delta: RowDelta, *, owner: str, prune: bool) -> StoredState:
    """Like `read_changed_state`, for a chart of a changed workbook's rows (`importers.validate_delta`).

    Only the chart's records and those the vanished rows made are read; the owner's other records are
    those of the rows left out as kept, known in line with the graph, and are not read at all.
    """
    state = StoredState()
    planned = {node.uid: node for node in nodes}
    for row in graph.read(NODES_BY_UID, uids=sorted(planned.keys() | delta.vanished_nodes)):
        props = row["props"]
        node = planned.get(props["uid"])
        if node is not None and _held_as_planned(props, owner, node.fingerprint):
            state.unchanged_nodes.add(node.uid)
        else:
            state.nodes[props["uid"]] = props
    # Edges from where a changed or vanished row's start are all the chart's (or gone); from elsewhere only
    # those the chart has are its own, the rest being kept rows' edges.
    wanted = {edge.key: edge for edge in edges}
    sources = {edge.source for edge in edges} | delta.sources
    for row in graph.read(EDGES_OUT_OF, uids=sorted(sources)) if sources else []:
        stored = StoredEdge(row["type"], row["source"], row["target"], row["props"])
        edge = wanted.get(stored.key)
        if edge is not None and _held_as_planned(stored.props, owner, edge.fingerprint):
            state.unchanged_edges.add(edge.key)
        elif edge is not None or stored.source in delta.sources:
            state.add_edges([stored])
    _read_foreign_edges(graph, chart, state, owner=owner, prune=prune)
    return state


def _held_as_planned(props: Values, owner: str, fingerprint: str) -> bool:
    """The owner holds the record with the fingerprint the chart gives it: unchanged, whatever its values."""
    return props.get("imported_from") == owner and props.get("import_hash") == fingerprint


def _read_foreign_edges(graph: Graph, chart: Chart, state: StoredState, *, owner: str, prune: bool) -> None:
    """With prune: how many edges of others touch each node of the owner's that the chart no longer has."""
    if prune:
        declared = {record.id for record in [*chart.units, *chart.people]}
        stale = sorted(uid for uid, props in state.nodes.items()
                       if props.get("imported_from") == owner and uid not in declared)
        if stale:
            counts = graph.read(FOREIGN_EDGES, uids=stale, owner=owner)
            state.foreign_edges = {row["uid"]: row["edges"] for row in counts}


# -- the write queries, one per kind or type ------------------------------------------------------------
def create_nodes_query(kind: str) -> str:
    labels = ":".join(kind_info(kind).labels)
    return f"UNWIND $rows AS row CREATE (n:{labels}) SET n = row.props"


UPDATE_NODES = f"UNWIND $rows AS row MATCH (n:{ENTITY_LABEL} {{uid: row.uid}}) SET n += row.props"
REMOVE_NODES = f"UNWIND $rows AS row MATCH (n:{ENTITY_LABEL} {{uid: row.uid}}) DETACH DELETE n"


def create_edges_query(rel_type: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{ENTITY_LABEL} {{uid: row.source}}) "
            f"MATCH (b:{ENTITY_LABEL} {{uid: row.target}}) CREATE (a)-[r:{rel_type}]->(b) SET r = row.props")


def match_edge_clause(rel_type: str) -> str:
    """Finds the one edge a row names by its key (see `load_plan.edge_key`)."""
    match = (f"UNWIND $rows AS row MATCH (a:{ENTITY_LABEL} {{uid: row.source}})-[r:{rel_type}]->"
             f"(b:{ENTITY_LABEL} {{uid: row.target}})")
    conditions = []
    if rel_type == "MEMBER_OF":
        conditions.append("r.role = row.role")
    if rel_type != "MANDATE":
        conditions.append("(r.start = row.start OR (r.start IS NULL AND row.start IS NULL))")
    return match + (" WHERE " + " AND ".join(conditions) if conditions else "")


def update_edges_query(rel_type: str) -> str:
    return match_edge_clause(rel_type) + " SET r += row.props"


def remove_edges_query(rel_type: str) -> str:
    return match_edge_clause(rel_type) + " DELETE r"


@dataclass(frozen=True)
class Batch:
    query: str
    rows: list[dict[str, Any]]


def _full(values: Values, keys: Iterable[str], bookkeeping: Values) -> Values:
    """Every model property, absent ones as null, so `SET +=` also clears what the workbook emptied."""
    return {**{key: values.get(key) for key in keys}, **bookkeeping}


def _key_fields(key: EdgeKey, rel_type: str) -> dict[str, Any]:
    source, _, target, *rest = key
    fields: dict[str, Any] = {"source": source, "target": target}
    if rel_type == "MEMBER_OF":
        fields["role"], fields["start"] = rest
    elif rel_type != "MANDATE":
        fields["start"] = rest[0]
    return fields


class BatchWriter:
    """Turns a plan's decisions into batched queries as they are made, and sends each batch when full.

    `take(plan)` picks up what the planner decided since the last call;
    `flush()` sends what is left, so that every node exists before an edge
    to it is written.
    """

    def __init__(self, send: Callable[[Batch], None], progress: Progress | None = None, total: int = 0) -> None:
        self._send = send
        self._progress = progress
        self.total = total  # records to write, as far as known (the bar grows past it)
        self._buffers: dict[str, list[dict[str, Any]]] = {}
        self._taken: dict[str, int] = {}
        self.sent = 0

    def take(self, plan: Plan) -> None:
        for node, book in self._new(plan, "node_creates"):
            self._add(create_nodes_query(node.kind), {"props": {**node.values, **book}})
        for node, book in self._new(plan, "node_updates"):
            self._add(UPDATE_NODES, {"uid": node.uid, "props": _full(node.values, node_keys(node.kind), book)})
        for edge, book in self._new(plan, "edge_creates"):
            self._add(create_edges_query(edge.rel_type),
                      {"source": edge.source, "target": edge.target, "props": {**edge.values, **book}})
        for edge, book in self._new(plan, "edge_updates"):
            props = _full(edge.values, edge_keys(edge.rel_type), book)
            self._add(update_edges_query(edge.rel_type), {**_key_fields(edge.key, edge.rel_type), "props": props})
        for edge in self._new(plan, "edge_removals"):
            self._add(remove_edges_query(edge.rel_type), _key_fields(edge.key, edge.rel_type))
        for uid in self._new(plan, "node_removals"):
            self._add(REMOVE_NODES, {"uid": uid})

    def flush(self) -> None:
        for query in list(self._buffers):
            self._send_batch(query)

    def _new(self, plan: Plan, name: str) -> list:
        decided = getattr(plan, name)
        start = self._taken.get(name, 0)
        self._taken[name] = len(decided)
        return decided[start:]

    def _add(self, query: str, row: dict[str, Any]) -> None:
        buffer = self._buffers.setdefault(query, [])
        buffer.append(row)
        if len(buffer) >= BATCH_SIZE:
            self._send_batch(query)

    def _send_batch(self, query: str) -> None:
        rows = self._buffers.pop(query, [])
        if rows:
            self._send(Batch(query, rows))
            self.sent += len(rows)
            if self._progress is not None:
                self._progress(self.sent, max(self.total, self.sent))


def plan_batches(plan: Plan) -> list[Batch]:
    """A finished plan as batched queries, in an order that never needs what a later batch creates."""
    batches: list[Batch] = []
    writer = BatchWriter(batches.append)
    writer.take(Plan(plan.owner, node_creates=plan.node_creates, node_updates=plan.node_updates))
    writer.flush()
    writer.take(plan)
    writer.flush()
    return batches


def _chunked(records: Iterable, first: int = BATCH_SIZE) -> Iterator[list]:
    """The records in lists of `BATCH_SIZE` (the first of `first`)."""
    chunk: list = []
    size = first
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk, size = [], BATCH_SIZE
    if chunk:
        yield chunk


def plan_while_writing(planner: Planner, nodes: Iterable[PlannedNode], edges: Iterable[PlannedEdge],
                       writer: BatchWriter) -> Plan:
    """Plan the records chunk by chunk, handing each chunk's writes to `writer` while the next is planned.

    `nodes` and `edges` may be made as they are taken (`planned_nodes`), so even turning the chart's
    records into nodes and edges happens while the engine writes."""
    return plan_edges_while_writing(planner, plan_nodes_while_writing(planner, nodes, writer), edges, writer)


def plan_nodes_while_writing(planner: Planner, nodes: Iterable[PlannedNode], writer: BatchWriter) -> list[PlannedNode]:
    """The nodes half of `plan_while_writing`: every node's write sent before any edge's; the nodes planned."""
    planned: list[PlannedNode] = []
    for number, chunk in enumerate(_chunked(nodes, first=FIRST_BATCH_SIZE)):
        planned += chunk
        planner.nodes(chunk)
        writer.take(planner.plan)
        if number == 0:
            writer.flush()
    writer.flush()
    return planned


def plan_edges_while_writing(planner: Planner, nodes: list[PlannedNode], edges: Iterable[PlannedEdge],
                             writer: BatchWriter, *, planned_before: Iterable[PlannedEdge] = ()) -> Plan:
    """The edges half of `plan_while_writing`, after `nodes` were planned: the edges, then what the chart no
    longer has; the finished plan. `planned_before`: the chart's edges planned and sent before these
    (`plan_and_send_edges`)."""
    planned = [*planned_before, *plan_and_send_edges(planner, edges, writer)]
    plan = planner.finish(nodes, planned)
    writer.take(plan)
    writer.flush()
    return plan


def plan_and_send_edges(planner: Planner, edges: Iterable[PlannedEdge], writer: BatchWriter) -> list[PlannedEdge]:
    """Edges (whose ends are written already) planned and sent chunk by chunk, the plan not finished yet; the
    edges planned, for `plan_edges_while_writing` to finish the plan with."""
    planned: list[PlannedEdge] = []
    for chunk in _chunked(edges):
        planned += chunk
        planner.edges(chunk)
        writer.take(planner.plan)
    writer.flush()
    return planned


# -- the whole import ------------------------------------------------------------------------------------
@without_cyclic_gc
def apply_chart(graph: Graph, chart: Chart, *, owner: str, prune: bool = False, dry_run: bool = False,
                force: bool = False, progress: Progress | None = None,
                located: Located | None = None, checked: bool = False, delta: RowDelta | None = None,
                existing: Mapping[str, object] | None = None) -> ImportReport:
    """Bring the graph in line with `chart` for `owner`; with conflicts (or a dry run) nothing is written.

    Raises `InvalidChart` when the chart itself is wrong for this graph (a
    reference to an id that is neither in the chart nor in the graph, say).
    Writing starts while later records are still being planned; a conflict
    found on the way rolls the one transaction back, so nothing stays.
    `checked`: the chart was just validated against this graph (as `govgraph
    import` does), so the whole-chart checks are not run a second time;
    `existing`, the chart's ids that check found in the graph, so the others
    are not looked for again.
    A transaction the engine refuses as a transient conflict with another
    is rolled back and the import done again from the start, reading the
    graph afresh (and checking the chart against it); `ImportConflict` when
    that keeps happening.
    `delta`: the chart holds only a changed workbook's rows that were read in full (`importers.validate_delta`);
    the workbook's other rows are kept as the last import left them (not with `force`, which needs the whole
    workbook's chart).
    """
    if delta is not None and force:
        raise ValueError("--force compares every record: it needs the whole workbook's chart, not its changes")
    located = located or Located()
    attempt, type_race_seen = 1, False
    while True:
        try:
            return _apply_once(graph, chart, owner=owner, prune=prune, dry_run=dry_run, force=force,
                               progress=progress, located=located, checked=checked and attempt == 1, delta=delta,
                               existing=existing if checked and attempt == 1 else None)
        except (TransientError, ClientError) as error:
            type_race = _is_type_race(graph, error)
            if not worth_retrying(graph, error, type_race_seen=type_race_seen):
                raise
            if attempt >= MAX_ATTEMPTS:
                raise ImportConflict(attempt, error) from error
            type_race_seen = type_race_seen or type_race
        time.sleep(RETRY_PAUSE_SECONDS * attempt * random.uniform(0.5, 1.5))
        attempt += 1


def worth_retrying(graph: Graph, error: BaseException, *, type_race_seen: bool = False) -> bool:
    """Whether a write the engine refused may go through when done again from a fresh read: a transient
    conflict with another transaction, or the first lost race to create a kind's type."""
    if isinstance(error, TransientError):
        return True
    return isinstance(error, ClientError) and not type_race_seen and _is_type_race(graph, error)


def _is_type_race(graph: Graph, error: Neo4jError) -> bool:
    """ArcadeDB's word for losing the race to create a new kind's type (see `_TYPE_RACE_CODE`)."""
    return (graph.engine == EMBEDDED and isinstance(error, ClientError) and not isinstance(error, ConstraintError)
            and error.code == _TYPE_RACE_CODE and (error.message or "").startswith(_TYPE_RACE_MESSAGE))


def _apply_once(graph: Graph, chart: Chart, *, owner: str, prune: bool, dry_run: bool, force: bool,
                progress: Progress | None, located: Located, checked: bool, delta: RowDelta | None,
                existing: Mapping[str, object] | None) -> ImportReport:
    """One try at `apply_chart`: read the graph, check, plan and write in one transaction."""
    nodes: Iterable[PlannedNode] = planned_nodes(chart)
    edges: Iterable[PlannedEdge] = planned_edges(chart)
    prints = None if delta is not None or force else owned_prints(graph, owner)
    if delta is not None:
        nodes, edges = list(nodes), list(edges)
        state = read_delta_state(graph, chart, nodes, edges, delta, owner=owner, prune=prune)
    elif force:
        state = read_state(graph, chart, owner=owner, prune=prune)
    elif not any(prints):  # nothing to compare fingerprints with: nodes and edges are made as they are written
        state = read_unowned_state(graph, chart, owner=owner, prune=prune, existing=existing)
    else:
        nodes, edges = list(nodes), list(edges)
        state = read_changed_state(graph, chart, nodes, edges, owner=owner, prune=prune, existing=existing,
                                   prints=prints)
    known = state.kinds() if delta is None else {**delta.known, **state.kinds()}
    problems = [] if checked else check_chart(chart, located, known=known)
    if problems:
        raise InvalidChart(problems)
    planner = Planner(state, owner, located, prune=prune, force=force)
    if dry_run:
        plan = plan_while_writing(planner, nodes, edges, BatchWriter(lambda batch: None))
    else:
        plan = _plan_and_write(graph, planner, nodes, edges, progress, planned_count(chart))
    report = ImportReport(owner, plan.counts, plan.kinds, plan.conflicts, plan.changes, dry_run=dry_run,
                          prune=prune, owned=_owned_after(plan.owned, delta))
    if delta is not None:
        _count_kept_rows(report.counts, delta.kept)
    report.written = not dry_run and not plan.conflicts and plan.writes > 0
    return report


def _owned_after(owned: OwnedCounts, delta: RowDelta | None) -> tuple[int, int]:
    """The owner's records once the plan is written: those the plan saw are all of them, unless the chart is a
    changed workbook's rows, whose plan changes the counts the owner had by what it saw change."""
    if delta is None:
        return owned.nodes_after, owned.edges_after
    nodes, edges = delta.owned_before
    return (nodes - owned.nodes_before + owned.nodes_after, edges - owned.edges_before + owned.edges_after)


def _count_kept_rows(counts: dict[str, SheetCounts], kept: dict[str, int]) -> None:
    for sheet, rows in kept.items():
        sheet_counts = counts.setdefault(sheet, SheetCounts())
        sheet_counts.read += rows
        sheet_counts.unchanged += rows


def _plan_and_write(graph: Graph, planner: Planner, nodes: Iterable[PlannedNode], edges: Iterable[PlannedEdge],
                    progress: Progress | None, total: int) -> Plan:
    try:
        with graph.pipelined_transaction(touched=planner.plan.touched_uids) as tx:
            writer = BatchWriter(lambda batch: tx.run(batch.query, rows=batch.rows), progress, total)
            if plan_while_writing(planner, nodes, edges, writer).conflicts:
                raise _ConflictsFound
    except _ConflictsFound:
        pass
    return planner.plan


class _ConflictsFound(Exception):
    """Raised inside the transaction so that it rolls back."""
