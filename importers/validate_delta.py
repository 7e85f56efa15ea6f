"""Checking a changed workbook by its changes: the rows it changed, and the rows a check sets beside them.

A workbook whose owner has a ledger (`importers.row_ledger`) is split by row
fingerprint into rows the last import had (kept) and rows it did not
(changed: new, edited, or present twice); the ledger's rows that are gone
vanished. Only the changed rows are read in full, with the kept rows a
whole-chart check (`importers.validate_chart`) would compare them with:

* kept rows that declare an id a changed or vanished row declares (a
  duplicate id), or an id a changed row refers to (its kind, its dates for a
  membership's period);
* kept rows that refer to an id a changed or vanished row declares (the id
  may be gone or have changed kind), or to a graph node whose kind changed or
  that is gone since the last import;
* kept rows whose edges start where a changed or vanished row's edges start
  (a duplicate row, or a relation that repeats a unit's cell; and so every
  edge the owner has from there is planned, or known gone).

Those rows form a small chart that goes through the very checks of
`validate()`, the rest of the workbook standing in as ids with their kinds.
Every problem is found where the whole workbook's check finds it, named by
file, sheet, row and column. A workbook whose rows refer to nodes by name, or
to an id found nowhere, is checked whole instead (`None`): names resolve
against every name of the workbook. So is one whose owner's records changed
in the graph since its last import (a person erased, a node deleted by hand):
the ledger is only trusted while the owner's counts are those it left
(`import_digests.ledger_in_line`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from graphmodel.engine import Graph
from importers.chart import Chart
from importers.erase import registered_erasures
from importers.load import existing_kinds
from importers.names import references
from importers.read import Problem, Workbook
from importers.row_ledger import FIELD_SEPARATOR, ITEM_SEPARATOR, Ledger, RowFacts, cell_facts, updated_ledger
from importers.validate import Validation, check_header, erased_people, read_row, report_order
from importers.validate_chart import DeclaredId, Located, check_chart

_MISSING = object()
Position = tuple[str, int]  # sheet, index of the row in `Sheet.rows`


@dataclass
class RowDelta:
    """What a changed workbook's check knows beyond its small chart, for the plan and the next ledger."""

    kept: dict[str, int]  # rows per sheet left out of the chart: the last import had them, nothing beside changed
    kept_rows: list[tuple[str, str]]  # those rows, by sheet and fingerprint
    chart_facts: list[tuple[str, RowFacts]]
    vanished_nodes: set[str]  # ids the last import's rows declared and no row declares now
    sources: set[str]  # where changed and vanished rows' edges start: every row with edges from there is in the chart
    known: dict[str, str | None]  # every id the chart's rows may refer to, with its kind
    declared: set[str]  # every id the workbook declares
    graph_kinds: dict[str, str | None] = field(default_factory=dict)
    owned_before: tuple[int, int] = (0, 0)  # the owner's nodes and edges in the graph before the import

    def ledger(self, ledger: Ledger) -> Ledger:
        """The ledger of the workbook checked: `ledger`'s kept rows and the chart's rows."""
        return updated_ledger(ledger, self.kept_rows, self.chart_facts, self.graph_kinds, self.declared)


@dataclass
class _Split:
    """A workbook's rows against a ledger: the kept rows with their ledger lines' fields, the changed rows'
    positions, the facts of the vanished ones."""

    kept: list[tuple[Position, list[str]]] = field(default_factory=list)
    changed: list[Position] = field(default_factory=list)
    vanished: list[RowFacts] = field(default_factory=list)


def validate_delta(workbook: Workbook, fingerprints: dict[str, list[str]], ledger: Ledger,
                   graph: Graph) -> tuple[Validation, RowDelta] | None:
    """The check of the changed rows and those beside them, or None when the workbook must be checked whole."""
    if workbook.problems:
        return None
    result = Validation(Chart())
    if not all(check_header(sheet, result) for sheet in workbook.sheets.values()):
        return None
    split = _split(workbook, fingerprints, ledger)
    declared: list[DeclaredId] = []
    changed = _read(workbook, fingerprints, split.changed, result.problems, declared)
    moving = [facts for _, facts, _ in changed] + split.vanished
    touched = {facts.uid for facts in moving if facts.uid} | {entry.uid for entry in declared}
    referred = {uid for _, facts, _ in changed for uid in facts.refs}
    sources = {facts.edge_source for facts in moving} - {None}
    graph_kinds = existing_kinds(graph, touched | referred | ledger.external.keys())
    moved = {uid for uid, kind in ledger.external.items() if graph_kinds.get(uid, _MISSING) != kind}
    beside, outside = _beside(split.kept, touched | referred, touched | moved, sources)
    beside_rows = _read(workbook, fingerprints, beside, result.problems, declared)
    known = _known(graph, outside, beside_rows, graph_kinds)
    rows = sorted([*changed, *beside_rows], key=lambda row: row[0])
    chart, numbers = _chart(workbook, rows)
    if not _all_ids(chart, known, declared):
        return None
    located = Located(numbers, {name: sheet.where for name, sheet in workbook.sheets.items()})
    result.chart, result.rows = chart, numbers
    erased = registered_erasures(graph, [person.id for person in chart.people])
    result.problems.extend(check_chart(chart, located, known, declared))
    result.problems.extend(erased_people(chart, located, erased))
    result.problems.sort(key=report_order)
    return result, _delta(fingerprints, split, outside, rows, sources, known, graph_kinds)


def _split(workbook: Workbook, fingerprints: dict[str, list[str]], ledger: Ledger) -> _Split:
    split = _Split()
    for name in workbook.sheets:
        prints, old = fingerprints[name], ledger.fingerprints(name)
        seen = Counter(prints)
        for index, fingerprint in enumerate(prints):
            if seen[fingerprint] == 1 and fingerprint in old:
                split.kept.append(((name, index), old[fingerprint].split(FIELD_SEPARATOR)))
            else:
                split.changed.append((name, index))
        split.vanished += [ledger.facts(name, fingerprint) for fingerprint in old if fingerprint not in seen]
    for name in ledger.sheets:
        if name not in workbook.sheets:
            split.vanished += [ledger.facts(name, fingerprint) for fingerprint in ledger.fingerprints(name)]
    return split


def _beside(kept: list[tuple[Position, list[str]]], declaring: set[str], referring: set[str],
            sources: set[str]) -> tuple[list[Position], list[tuple[Position, list[str]]]]:
    """The kept rows that stand beside a changed one in some check (see the module's list), and the others.

    Rows that declare an id in `declaring`, refer to one in `referring`, or whose edges start in `sources`;
    read off the ledger lines' fields (sheet, fingerprint, uid, kind, refs) without decoding them, as every
    kept row is looked at.
    """
    beside, outside = [], []
    for position, fields in kept:
        uid, refs = fields[2], fields[4]
        items = refs.split(ITEM_SEPARATOR) if refs else ()
        source = (uid if items else None) if uid else (items[0] if items else None)
        near = (uid in declaring or source in sources or any(item in referring for item in items))
        if near:
            beside.append(position)
        else:
            outside.append((position, fields))
    return beside, outside


def _read(workbook: Workbook, fingerprints: dict[str, list[str]], positions: Iterable[Position],
          problems: list[Problem], declared: list[DeclaredId]) -> list[tuple[Position, RowFacts, object]]:
    """The rows read in full: each one's position, facts and record (rows too broken for a record are left out,
    their problems and ids added)."""
    read = []
    for sheet_name, index in positions:
        sheet = workbook.sheets[sheet_name]
        row = sheet.rows[index]
        record = read_row(sheet, row, problems, declared)
        if record is not None:
            read.append(((sheet_name, index), cell_facts(sheet_name, row.cells, fingerprints[sheet_name][index]),
                         record))
    return read


def _known(graph: Graph, outside: list[tuple[Position, list[str]]], beside_rows: list,
           graph_kinds: dict[str, str | None]) -> dict[str, str | None]:
    """The kinds of every id the small chart may meet: the graph's, and over them the rest of the workbook's."""
    workbook_kinds = {fields[2]: fields[3] or None for _, fields in outside if fields[2]}
    more = {uid for _, facts, _ in beside_rows for uid in (facts.uid, *facts.refs) if uid}
    more -= graph_kinds.keys() | workbook_kinds.keys()
    if more:
        graph_kinds.update(existing_kinds(graph, more))
    return {**graph_kinds, **workbook_kinds}


def _chart(workbook: Workbook, rows: list) -> tuple[Chart, dict[str, list[int]]]:
    chart = Chart()
    numbers: dict[str, list[int]] = {name: [] for name in workbook.sheets}
    for (sheet, index), _, record in rows:
        getattr(chart, sheet).append(record)
        numbers[sheet].append(workbook.sheets[sheet].rows[index].number)
    return chart, numbers


def _all_ids(chart: Chart, known: dict[str, str | None], declared: list[DeclaredId]) -> bool:
    """Whether every reference of the chart is an id the workbook or the graph has (none is a name, none dangles)."""
    ids = known.keys() | {unit.id for unit in chart.units} | {person.id for person in chart.people}
    ids |= {entry.uid for entry in declared}
    return all(reference.value in ids for reference in references(chart))


def _delta(fingerprints: dict[str, list[str]], split: _Split, outside: list[tuple[Position, list[str]]], rows: list,
           sources: set[str], known: dict[str, str | None], graph_kinds: dict[str, str | None]) -> RowDelta:
    chart_facts = [(position[0], facts) for position, facts, _ in rows]
    now_declared = {facts.uid for _, facts in chart_facts if facts.uid}
    kept_rows = [(sheet, fingerprints[sheet][index]) for (sheet, index), _ in outside]
    declared = now_declared | {fields[2] for _, fields in outside if fields[2]}
    vanished_nodes = {facts.uid for facts in split.vanished if facts.uid} - now_declared
    kept = Counter(sheet for sheet, _ in kept_rows)
    return RowDelta(dict(kept), kept_rows, chart_facts, vanished_nodes, sources, known, declared, graph_kinds)
