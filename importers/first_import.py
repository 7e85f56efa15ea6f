"""An owner's first import, checked while it is written: the engine stores the nodes while the rest is read.

A first import writes every record of its workbook, so the engine's share
of it is most of the time, and the engine runs in a process of its own. So
the units are checked, planned and sent first, with the edges their cells
make to other units and to what the graph held; while the engine stores
them, the people are checked, planned and sent; while it stores those, the
memberships, relations and mandates are checked and their names read as
ids; then the other edges are planned and sent, and while the engine
stores those, the whole chart is checked (`importers.validate.WorkbookCheck`);
while it commits, the caller prepares what it keeps after the commit
(`meanwhile`).

It is still one transaction, and nothing is committed before every check
has passed: a problem anywhere, or a conflict with the graph, rolls it back,
and the answer is the very problems and conflicts that checking first would
have given. A write the engine refused while a check finds problems is
answered with the problems: they would have stopped the import first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from neo4j.exceptions import DriverError, Neo4jError

from graphmodel.engine import Graph
from graphmodel.engine.errors import EngineError
from importers.gc_pause import without_cyclic_gc
from importers.chart import Chart
from importers.load import (
    EDGES_FROM,
    NODES_BY_UID,
    BatchWriter,
    ImportReport,
    Progress,
    apply_chart,
    existing_kinds,
    plan_and_send_edges,
    plan_edges_while_writing,
    plan_nodes_while_writing,
    worth_retrying,
)
from importers.load_plan import (
    Change,
    PlannedEdge,
    Planner,
    StoredEdge,
    StoredState,
    edge_sources,
    planned_count,
    planned_edges,
    planned_person_nodes,
    planned_sheet_edges,
    planned_unit_edges,
    planned_unit_nodes,
)
from importers.validate_chart import UNIT_EDGE_COLUMNS
from importers.read import Problem, Workbook
from importers.validate import Validation, WorkbookCheck

# What a refused write raises in the thread that sends the batches, or at the commit.
WRITE_FAILURES = (Neo4jError, DriverError, EngineError, OSError)


@dataclass
class FirstImport:
    """The workbook's check, and the report of its import (None when the check found problems)."""

    validation: Validation
    report: ImportReport | None


class _Stop(Exception):
    """Raised inside the transaction so that it rolls back: a problem or a conflict was found."""


def may_write_while_checking(workbook: Workbook) -> bool:
    """Whether the workbook's check can be split so: it was read without problems (any stops the import)."""
    return not workbook.problems


@without_cyclic_gc
def write_while_checking(graph: Graph, workbook: Workbook, *, owner: str, prune: bool,
                         existing: Mapping[str, str | None], erased: set[str], progress: Progress | None = None,
                         meanwhile: Callable[[Validation, ImportReport], None] | None = None) -> FirstImport:
    """Check `workbook` and write it for `owner`, who holds no records yet, in one transaction.

    `existing`: the workbook's ids that are in the graph, with their kinds; `erased`: its ids that were erased
    on request (both as `validate()` takes them). `meanwhile(validation, report)` is called once every write
    has run, while the engine commits the import (not when it is rolled back)."""
    check = WorkbookCheck(workbook)
    check.read_sheets(["units"])
    if not check.ok_so_far:  # no write can come of it: the rest is only checked
        return FirstImport(_finish(check, existing, erased, graph), None)
    state = _node_state(graph, existing)
    planner = Planner(state, owner, check.located, prune=prune, force=False)
    rows = sum(len(sheet.rows) for sheet in workbook.sheets.values())
    report: ImportReport | None = None
    try:
        with graph.pipelined_transaction(touched=planner.plan.touched_uids) as tx:
            writer = BatchWriter(lambda batch: tx.run(batch.query, rows=batch.rows), progress, rows)
            nodes = plan_nodes_while_writing(planner, planned_unit_nodes(check.result.chart), writer)
            ahead = _unit_edges_ahead(graph, planner, check.result.chart, existing, writer, owner=owner)
            check.read_sheets(["people"])  # while the engine stores the units and their edges
            if not check.ok_so_far:
                raise _Stop
            nodes += plan_nodes_while_writing(planner, planned_person_nodes(check.result.chart), writer)
            ahead.said_after_the_nodes(planner)
            check.read_sheets(workbook.sheets)  # while the engine stores the people
            if not check.ok_so_far:
                raise _Stop
            chart = check.settle_names(existing_ids=existing, graph=graph)
            writer.total = planned_count(chart)
            _add_edge_state(graph, state, check.result, existing, owner=owner, read_before=ahead.sources)
            rest = planned_sheet_edges(chart) if ahead.edges else planned_edges(chart)
            plan = plan_edges_while_writing(planner, nodes, rest, writer, planned_before=ahead.edges)
            # The whole chart's checks while the engine stores the edges: a problem still rolls it all back.
            validation = _finish(check, existing, erased, graph)
            if not validation.ok:
                raise _Stop
            report = _report(plan, owner=owner, prune=prune)
            if not report.written:  # conflicts, or nothing to write at all
                raise _Stop
            if meanwhile is not None:
                tx.while_committing(partial(meanwhile, validation, report))
    except _Stop:
        validation = _finish(check, existing, erased, graph)
    except WRITE_FAILURES as failure:
        validation = _finish(check, existing, erased, graph)
        if not validation.ok:
            return FirstImport(validation, None)
        if not worth_retrying(graph, failure):
            raise
        # Refused as a conflict with another write: done again the usual way, from a fresh read of the graph.
        return FirstImport(validation, apply_chart(graph, validation.chart, owner=owner, prune=prune,
                                                   progress=progress, located=check.located))
    return FirstImport(validation, report if validation.ok else None)


def _finish(check: WorkbookCheck, existing: Mapping[str, str | None], erased: set[str], graph: Graph) -> Validation:
    check.read_sheets(check.workbook.sheets)  # those not read yet
    return check.finish(existing_ids=existing, erased_ids=erased, graph=graph)


def _node_state(graph: Graph, existing: Mapping[str, str | None]) -> StoredState:
    """The workbook's nodes that are in the graph already (another owner's, or made by hand)."""
    state = StoredState()
    for row in graph.read(NODES_BY_UID, uids=sorted(existing)) if existing else []:
        state.nodes[row["props"]["uid"]] = row["props"]
    return state


@dataclass
class EdgesAhead:
    """The units' edges, planned and sent before the other sheets were read: the sources whose stored edges
    were read for them, and the changes and conflicts planning them found (set aside, to be said where
    checking first would say them)."""

    edges: list[PlannedEdge] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)

    def said_after_the_nodes(self, planner: Planner) -> None:
        """Once the people's nodes are planned: the units' edges' changes and conflicts follow theirs."""
        planner.plan.changes += self.changes
        planner.plan.conflicts += self.conflicts
        self.changes, self.conflicts = [], []


def _unit_edges_ahead(graph: Graph, planner: Planner, chart: Chart, existing: Mapping[str, str | None],
                      writer: BatchWriter, *, owner: str) -> EdgesAhead:
    """The edges of the units' cells, planned and sent while the people are read (the engine stores them
    meanwhile), when every one of them goes to a unit of the sheet (written already) or to a node the graph
    held before; else none: a target that is a person, or a name, waits for the rest of the chart."""
    units = {unit.id for unit in chart.units}
    targets = [getattr(unit, column) for unit in chart.units for column in UNIT_EDGE_COLUMNS]
    if not all(target is None or target in units or target in existing for target in targets):
        return EdgesAhead()
    sources = {unit.id for unit in chart.units if any(getattr(unit, column) for column in UNIT_EDGE_COLUMNS)}
    ahead = EdgesAhead(sources=sources & existing.keys())
    _read_edges_from(graph, planner.state, ahead.sources, owner=owner)
    with planner.said_apart() as (ahead.changes, ahead.conflicts):
        ahead.edges = plan_and_send_edges(planner, planned_unit_edges(chart), writer)
    return ahead


def _add_edge_state(graph: Graph, state: StoredState, validation: Validation, existing: Mapping[str, str | None],
                    *, owner: str, read_before: set[str] = frozenset()) -> None:
    """Others' edges from the chart's sources that were in the graph before: an edge the chart makes again is
    unchanged, or a conflict. Read beside the open transaction, which has written none of them yet.
    `read_before`: sources whose edges were read already."""
    chart = validation.chart
    sources = edge_sources(chart)
    in_graph = sources & existing.keys()
    if validation.names_read:  # a name may have been read as the id of a node of the graph's
        declared = {record.id for record in [*chart.units, *chart.people]}
        in_graph |= existing_kinds(graph, sources - existing.keys() - declared).keys()
    _read_edges_from(graph, state, in_graph - read_before, owner=owner)


def _read_edges_from(graph: Graph, state: StoredState, sources: set[str], *, owner: str) -> None:
    rows = graph.read(EDGES_FROM, uids=sorted(sources), owner=owner) if sources else []
    state.add_edges(StoredEdge(row["type"], row["source"], row["target"], row["props"]) for row in rows)


def _report(plan, *, owner: str, prune: bool) -> ImportReport:
    report = ImportReport(owner, plan.counts, plan.kinds, plan.conflicts, plan.changes, prune=prune,
                          owned=(plan.owned.nodes_after, plan.owned.edges_after))
    report.written = not plan.conflicts and plan.writes > 0
    return report
