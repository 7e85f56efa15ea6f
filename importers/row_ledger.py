"""What each row of the last imported workbook meant, kept so that a changed workbook is checked by its changes.

Every row of a workbook has a fingerprint: a digest of its sheet and its
cells (by column name, so moving a column or a row does not change it). After
an import that left the graph in line with its workbook, the owner's ledger
keeps, per row fingerprint, the few facts the whole-chart checks and the plan
need from that row without reading it again: the id it declares and its kind,
and the ids it refers to (an edge's source first). A later workbook of the
same owner is then compared row by row (`importers.validate_delta`): only
rows whose fingerprint is new, and the rows that stand beside them in a
check, are read in full.

The facts of a row that is still there are read off its cells (the same
cells, as the fingerprint is the same), so the ledger is only read for the
rows that are gone. It is kept only for a workbook whose reference cells all
hold ids (none named its node): then a cell's text is the id the record
holds. It is stored beside the workbook's digest (`importers.import_digests`)
and trusted only while that digest is the owner's recorded one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from graphmodel.model import NODE_KINDS
from importers.chart import LIST_SEPARATOR
from importers.read import Workbook

# Raised when what a ledger line says, or how fingerprints are made, changes: older ledgers are then ignored.
LEDGER_VERSION = 3
PERSON = "person"
# Separators no cell of an imported row can hold (`safe_text.UNWRITABLE` refuses them).
ROW_SEPARATOR, FIELD_SEPARATOR, ITEM_SEPARATOR = "\x1e", "\x1f", "\x1d"
# The cells of each sheet that hold ids, in the order a row's references are kept: an edge's source first.
REFERENCE_COLUMNS = {
    "units": ("region", "knowledge_area", "established_by"),
    "people": (),
    "memberships": ("person", "unit", "represents", "appointed_by"),
    "relations": ("source", "target"),
    "mandates": ("holder", "scope"),
}
EDGE_SHEETS = frozenset({"memberships", "relations", "mandates"})


def row_fingerprint(sheet: str, cells: Mapping[str, str]) -> str:
    """The row's cells joined by separators no imported cell holds, or spelt out by `repr` (which never holds
    them raw) for a row whose cells do: a national chart's rows in a quarter of a second."""
    items = sorted(cells.items())
    text = ROW_SEPARATOR.join(map(FIELD_SEPARATOR.join, items))
    if text.count(FIELD_SEPARATOR) != len(items) or text.count(ROW_SEPARATOR) != max(len(items) - 1, 0):
        text = repr(items)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8, person=sheet.encode("utf-8")[:16]).hexdigest()


def row_fingerprints(workbook: Workbook) -> dict[str, list[str]]:
    """Each sheet's rows' fingerprints, in the order `read_workbook` keeps the rows."""
    return {name: [row_fingerprint(name, row.cells) for row in sheet.rows] for name, sheet in workbook.sheets.items()}


class RowFacts(NamedTuple):
    """What one row declares (`uid`, `kind`) and the ids it refers to (`refs`, an edge's source first)."""

    fingerprint: str
    uid: str | None
    kind: str | None
    refs: tuple[str, ...]

    @property
    def edge_source(self) -> str | None:
        """Where the row's edges start: the source of a memberships, relations or mandates row, the unit of a
        units row that has a region, knowledge area or establishing body."""
        if self.uid is None:
            return self.refs[0] if self.refs else None
        return self.uid if self.refs else None

    def line(self, sheet: str) -> str:
        return FIELD_SEPARATOR.join((sheet, self.fingerprint, self.uid or "", self.kind or "",
                                     ITEM_SEPARATOR.join(self.refs)))

    @classmethod
    def of_line(cls, fields: list[str]) -> RowFacts:
        _, fingerprint, uid, kind, refs = fields
        return cls(fingerprint, uid or None, kind or None, tuple(refs.split(ITEM_SEPARATOR)) if refs else ())


def cell_facts(sheet: str, cells: Mapping[str, str], fingerprint: str) -> RowFacts:
    """The facts of a row that imported without problems and without names, read off its cells."""
    uid = kind = None
    if sheet in ("units", "people"):
        uid = cells.get("id", "").strip()
        if sheet == "people":
            kind = PERSON
        else:
            term = NODE_KINDS.lookup(cells.get("kind", "").strip())
            kind = term.key if term is not None else None
    refs: list[str] = []
    for column in REFERENCE_COLUMNS[sheet]:
        text = cells.get(column, "")
        if column == "represents":
            refs.extend(item.strip() for item in text.split(LIST_SEPARATOR) if item.strip())
        elif text.strip():
            refs.append(text.strip())
    return RowFacts(fingerprint, uid, kind, tuple(refs))


class Ledger:
    """Per sheet, the stored line of each row by its fingerprint (decoded into facts only when asked);
    `external`: ids referred to that no row declares, with their kinds in the graph at the import."""

    def __init__(self, lines: dict[str, dict[str, str]], external: dict[str, str | None]) -> None:
        self.lines = lines
        self.external = external

    def fingerprints(self, sheet: str) -> Mapping[str, str]:
        return self.lines.get(sheet, {})

    def facts(self, sheet: str, fingerprint: str) -> RowFacts:
        return RowFacts.of_line(self.lines[sheet][fingerprint].split(FIELD_SEPARATOR))

    def line(self, sheet: str, fingerprint: str) -> str:
        return self.lines[sheet][fingerprint]

    @property
    def sheets(self) -> Iterable[str]:
        return self.lines.keys()

    def rows(self) -> Iterable[tuple[str, RowFacts]]:
        for sheet, rows in self.lines.items():
            for line in rows.values():
                yield sheet, RowFacts.of_line(line.split(FIELD_SEPARATOR))

    def encode_rows(self) -> str:
        return ROW_SEPARATOR.join(line for rows in self.lines.values() for line in rows.values())

    @classmethod
    def decode(cls, rows: str, external: dict[str, str | None]) -> Ledger:
        lines: dict[str, dict[str, str]] = {}
        for line in rows.split(ROW_SEPARATOR) if rows else ():
            sheet, fingerprint, _ = line.split(FIELD_SEPARATOR, 2)
            lines.setdefault(sheet, {})[fingerprint] = line
        return cls(lines, external)


def build_ledger(rows: Iterable[tuple[str, RowFacts]], graph_kinds: Mapping[str, str | None]) -> Ledger:
    """A ledger of these rows; the kinds of the ids they refer to but do not declare come from `graph_kinds`."""
    lines: dict[str, dict[str, str]] = {}
    declared: set[str] = set()
    referred: set[str] = set()
    for sheet, facts in rows:
        lines.setdefault(sheet, {})[facts.fingerprint] = facts.line(sheet)
        if facts.uid is not None:
            declared.add(facts.uid)
        referred.update(facts.refs)
    return Ledger(lines, {uid: graph_kinds.get(uid) for uid in sorted(referred - declared)})


def updated_ledger(ledger: Ledger, kept: Iterable[tuple[str, str]], rows: Iterable[tuple[str, RowFacts]],
                   graph_kinds: Mapping[str, str | None], declared: set[str]) -> Ledger:
    """The ledger of a changed workbook: the `kept` rows' lines (sheet, fingerprint) as they were, `rows` anew;
    `declared`: every id the workbook declares now.

    The ids referred to that no row declares are the old ledger's (with their kinds now) and the new rows'
    that no row declares: some old ones may no longer be referred to, which costs only a look-up.
    """
    lines: dict[str, dict[str, str]] = {}
    for sheet, fingerprint in kept:
        lines.setdefault(sheet, {})[fingerprint] = ledger.line(sheet, fingerprint)
    new = build_ledger(rows, graph_kinds)
    for sheet, new_lines in new.lines.items():
        lines.setdefault(sheet, {}).update(new_lines)
    external = {uid: graph_kinds.get(uid) for uid in (*ledger.external, *new.external) if uid not in declared}
    return Ledger(lines, external)


def workbook_facts(workbook: Workbook, fingerprints: Mapping[str, list[str]]) -> Iterable[tuple[str, RowFacts]]:
    """The facts of every row of a workbook that imported without problems and without names."""
    for name, sheet in workbook.sheets.items():
        for row, fingerprint in zip(sheet.rows, fingerprints[name], strict=True):
            yield name, cell_facts(name, row.cells, fingerprint)
