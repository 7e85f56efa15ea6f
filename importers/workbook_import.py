"""A workbook's way into the graph, as `govgraph import` and `POST /api/v1/imports` take it: known, checked,
applied, remembered (`import_workbook`, the one sequence both use).

1. A workbook that is the one last imported for its owner has nothing to do
   (`import_digests.unchanged_import`).
2. One the owner's rows' ledger knows in part is checked by its changes
   (`validate_delta`), and only those rows are planned and written
   (`load.apply_chart` with the delta); the rows it left out stay as the last
   import wrote them, hand edits included, as a whole import leaves them too.
3. Any other (a first import, `--force`, a workbook that names nodes, an
   owner whose records changed in the graph since) is checked whole
   (`validate`) and compared record by record; an owner's first import is
   checked while its nodes are written (`importers.first_import`).

Either way an import that left the graph in line with its workbook keeps the
workbook's digest and rows' ledger for the next.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from graphmodel.engine import Graph
from importers.erase import registered_erasures
from importers.first_import import may_write_while_checking, write_while_checking
from importers.gc_pause import without_cyclic_gc
from importers.import_digests import (
    ImportDigest,
    ImportDigests,
    counts_in_line,
    ledger_in_line,
    owned_edge_count,
    owned_node_count,
    remember_import,
    unchanged_import,
)
from importers.load import ImportReport, Progress, apply_chart, existing_kinds
from importers.read import Problem, Workbook
from importers.row_ledger import Ledger, build_ledger, row_fingerprints, workbook_facts
from importers.validate import Validation, validate, workbook_ids
from importers.validate_chart import Located
from importers.validate_delta import RowDelta, validate_delta

Fingerprints = dict[str, list[str]]


@dataclass
class CheckedWorkbook:
    """A workbook after its check: the chart to write (all of it, or its changed rows with `delta`)."""

    workbook: Workbook
    fingerprints: Fingerprints | None  # the rows' fingerprints, made when first needed (`prints`)
    validation: Validation
    delta: RowDelta | None = None
    last_ledger: Ledger | None = None  # the ledger `delta` was found with
    graph_kinds: Mapping[str, str | None] = field(default_factory=dict)
    _ledger: Ledger | None = None

    @property
    def located(self) -> Located:
        return Located(self.validation.rows, {name: sheet.where for name, sheet in self.workbook.sheets.items()})

    def apply(self, graph: Graph, *, owner: str, prune: bool = False, dry_run: bool = False, force: bool = False,
              progress: Progress | None = None) -> ImportReport:
        # The ids the check found in the graph, unless names found more there, or the chart is a delta's.
        existing = None if self.delta is not None or self.validation.names_read else self.graph_kinds
        return apply_chart(graph, self.validation.chart, owner=owner, prune=prune, dry_run=dry_run, force=force,
                           progress=progress, located=self.located, checked=True, delta=self.delta, existing=existing)

    def prints(self) -> Fingerprints:
        if self.fingerprints is None:
            self.fingerprints = row_fingerprints(self.workbook)
        return self.fingerprints

    def prepare(self) -> None:
        """Make what `remember` keeps (the rows' fingerprints and ledger), e.g. while the engine commits."""
        self.prints()
        if not self.validation.names_read and self._ledger is None:
            self._ledger = self.ledger()

    def remember(self, graph: Graph, digests: ImportDigests | None, report: ImportReport) -> None:
        """Keep the digest and the rows' ledger (for a workbook that named nodes, none: it is checked whole)."""
        if digests is None or report.dry_run or report.conflicts:
            return
        self.prepare()
        remember_import(graph, digests, self.workbook, report, ledger=self._ledger, fingerprints=self.prints())

    def ledger(self) -> Ledger:
        if self.delta is not None:
            return self.delta.ledger(self.last_ledger)
        return build_ledger(workbook_facts(self.workbook, self.prints()), self.graph_kinds)


def check_workbook(graph: Graph, digests: ImportDigests | None, workbook: Workbook, *, owner: str, force: bool,
                   fingerprints: Fingerprints | None = None) -> CheckedWorkbook:
    """The workbook checked by its changes when the owner's ledger allows, else whole."""
    return _checked(graph, workbook, None if force else ledger_in_line(graph, digests, owner), fingerprints)


def _checked(graph: Graph, workbook: Workbook, known: tuple[Ledger, ImportDigest] | None,
             fingerprints: Fingerprints | None) -> CheckedWorkbook:
    """`check_workbook` given the owner's ledger in line with the graph (`known`), if there is one."""
    if known is not None:
        ledger, recorded = known
        fingerprints = fingerprints if fingerprints is not None else row_fingerprints(workbook)
        checked = validate_delta(workbook, fingerprints, ledger, graph)
        if checked is not None:
            validation, delta = checked
            delta.owned_before = (recorded.nodes, recorded.edges)
            return CheckedWorkbook(workbook, fingerprints, validation, delta, ledger)
    ids = workbook_ids(workbook)
    graph_kinds = existing_kinds(graph, ids)
    validation = validate(workbook, existing_ids=graph_kinds, erased_ids=registered_erasures(graph, ids), graph=graph)
    return CheckedWorkbook(workbook, fingerprints, validation, graph_kinds=graph_kinds)


@dataclass
class ImportOutcome:
    """What an import of a workbook came to: its report, or (`report` None) the problems that stopped it
    before anything was written."""

    report: ImportReport | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@without_cyclic_gc
def import_workbook(graph: Graph, digests: ImportDigests | None, workbook: Workbook, *, owner: str,
                    force: bool = False, prune: bool = False, dry_run: bool = False,
                    progress: Progress | None = None) -> ImportOutcome:
    """Bring the graph in line with `workbook` for `owner` (see the module's steps); a dry run writes nothing.

    Conflicts with the graph are in the report (nothing was written); `load.InvalidChart`, `ImportConflict`
    and the engine's errors are raised as `apply_chart` raises them, with nothing written."""
    recorded = digests.recorded(owner) if digests is not None else None
    # Read once: whether the last import's digest and ledger still describe the graph, and whether this is the
    # owner's first import.
    owned, fingerprints = _owned_and_prints(graph, workbook, recorded, owner=owner, force=force)
    in_line = not force and counts_in_line(graph, recorded, owner, owned)
    if in_line:
        unchanged = unchanged_import(graph, digests, workbook, owner=owner, force=force, prune=prune,
                                     dry_run=dry_run, fingerprints=fingerprints, owned=owned)
        if unchanged is not None:
            return ImportOutcome(unchanged)
    known = ledger_in_line(graph, digests, owner, owned) if in_line else None
    if known is None and not (force or dry_run) and may_write_while_checking(workbook) and owned == (0, 0):
        return _first_import(graph, digests, workbook, owner=owner, prune=prune, progress=progress,
                             fingerprints=fingerprints)
    checked = _checked(graph, workbook, known, fingerprints)
    if not checked.validation.ok:
        return ImportOutcome(None, checked.validation.problems, checked.validation.warnings)
    report = checked.apply(graph, owner=owner, prune=prune, dry_run=dry_run, force=force, progress=progress)
    checked.remember(graph, digests, report)
    return ImportOutcome(report, warnings=checked.validation.warnings)


def _owned_and_prints(graph: Graph, workbook: Workbook, recorded: ImportDigest | None, *, owner: str,
                      force: bool) -> tuple[tuple[int, int], Fingerprints | None]:
    """The owner's nodes and edges, and the rows' fingerprints when the last import's digest or ledger may still
    describe the graph (the owner has as many nodes as it left). They are made while the engine counts the
    edges, which takes it through every edge; else they are made later, while the engine writes."""
    nodes = owned_node_count(graph, owner)
    if force or recorded is None or nodes != recorded.nodes:
        return (nodes, owned_edge_count(graph, owner)), None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="govgraph-count") as counting:
        edges = counting.submit(owned_edge_count, graph, owner)
        fingerprints = row_fingerprints(workbook)
        return (nodes, edges.result()), fingerprints


def _first_import(graph: Graph, digests: ImportDigests | None, workbook: Workbook, *, owner: str, prune: bool,
                  progress: Progress | None, fingerprints: Fingerprints | None) -> ImportOutcome:
    ids = workbook_ids(workbook)
    graph_kinds = existing_kinds(graph, ids)
    memory: list[CheckedWorkbook] = []

    def prepare(validation: Validation, report: ImportReport) -> None:
        memory.append(CheckedWorkbook(workbook, fingerprints, validation, graph_kinds=graph_kinds))
        memory[0].prepare()

    done = write_while_checking(graph, workbook, owner=owner, prune=prune, existing=graph_kinds,
                                erased=registered_erasures(graph, ids), progress=progress, meanwhile=prepare)
    if done.report is None:
        return ImportOutcome(None, done.validation.problems, done.validation.warnings)
    checked = memory[0] if memory else CheckedWorkbook(workbook, fingerprints, done.validation, graph_kinds=graph_kinds)
    checked.remember(graph, digests, done.report)
    return ImportOutcome(done.report, warnings=done.validation.warnings)
