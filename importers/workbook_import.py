"""A workbook's way into the graph, as `govgraph import` takes it: known, checked, applied, remembered.

1. A workbook that is the one last imported for its owner has nothing to do
   (`import_digests.unchanged_import`).
2. One the owner's rows' ledger knows in part is checked by its changes
   (`validate_delta`), and only those rows are planned and written
   (`load.apply_chart` with the delta); the rows it left out stay as the last
   import wrote them, hand edits included, as a whole import leaves them too.
3. Any other (a first import, `--force`, a workbook that names nodes, an
   owner whose records changed in the graph since) is checked whole
   (`validate`) and compared record by record.

Either way an import that left the graph in line with its workbook keeps the
workbook's digest and rows' ledger for the next.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphmodel.engine import Graph
from importers.erase import registered_erasures
from importers.import_digests import ImportDigests, ledger_in_line, remember_import
from importers.load import ImportReport, Progress, apply_chart, existing_kinds
from importers.read import Workbook
from importers.row_ledger import Ledger, build_ledger, workbook_facts
from importers.validate import Validation, validate, workbook_ids
from importers.validate_chart import Located
from importers.validate_delta import RowDelta, validate_delta


@dataclass
class CheckedWorkbook:
    """A workbook after its check: the chart to write (all of it, or its changed rows with `delta`)."""

    workbook: Workbook
    fingerprints: dict[str, list[str]]
    validation: Validation
    delta: RowDelta | None = None
    last_ledger: Ledger | None = None  # the ledger `delta` was found with
    graph_kinds: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def located(self) -> Located:
        return Located(self.validation.rows, {name: sheet.where for name, sheet in self.workbook.sheets.items()})

    def apply(self, graph: Graph, *, owner: str, prune: bool = False, dry_run: bool = False, force: bool = False,
              progress: Progress | None = None) -> ImportReport:
        # The ids the check found in the graph, unless names found more there, or the chart is a delta's.
        existing = None if self.delta is not None or self.validation.names_read else self.graph_kinds
        return apply_chart(graph, self.validation.chart, owner=owner, prune=prune, dry_run=dry_run, force=force,
                           progress=progress, located=self.located, checked=True, delta=self.delta, existing=existing)

    def remember(self, graph: Graph, digests: ImportDigests | None, report: ImportReport) -> None:
        """Keep the digest and the rows' ledger (for a workbook that named nodes, none: it is checked whole)."""
        ledger = None if self.validation.names_read else self.ledger()
        remember_import(graph, digests, self.workbook, report, ledger=ledger, fingerprints=self.fingerprints)

    def ledger(self) -> Ledger:
        if self.delta is not None:
            return self.delta.ledger(self.last_ledger)
        return build_ledger(workbook_facts(self.workbook, self.fingerprints), self.graph_kinds)


def check_workbook(graph: Graph, digests: ImportDigests | None, workbook: Workbook, *, owner: str, force: bool,
                   fingerprints: dict[str, list[str]]) -> CheckedWorkbook:
    """The workbook checked by its changes when the owner's ledger allows, else whole."""
    known = None if force else ledger_in_line(graph, digests, owner)
    if known is not None:
        ledger, recorded = known
        checked = validate_delta(workbook, fingerprints, ledger, graph)
        if checked is not None:
            validation, delta = checked
            delta.owned_before = (recorded.nodes, recorded.edges)
            return CheckedWorkbook(workbook, fingerprints, validation, delta, ledger)
    ids = workbook_ids(workbook)
    graph_kinds = existing_kinds(graph, ids)
    validation = validate(workbook, existing_ids=graph_kinds, erased_ids=registered_erasures(graph, ids), graph=graph)
    return CheckedWorkbook(workbook, fingerprints, validation, graph_kinds=graph_kinds)
