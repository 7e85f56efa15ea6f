"""Checks that need the whole chart: duplicates, references and their kinds, dates across sheets.

They work on records, so they apply alike to a workbook just read and to a
chart built in code (the reference data); `Located` turns a record's position
into the row a spreadsheet user sees (header = row 1, first record = row 2).
Which kinds may sit at either end of a relation is read from the model's
relationship declarations, not listed here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from graphmodel import nodes
from graphmodel.messages import SWEDISH, Phrase, Words, text
from graphmodel.model import BODY_KINDS, EDGE_KINDS, NODE_CLASSES, TERRITORY_KINDS
from graphmodel.vocabulary import MANDATE_PARTS, MANDATE_QUALIFIERS, TermTable
from importers.chart import DECIDES, SHEET_BY_NAME, Chart, UnitRecord
from importers.read import Problem
from importers.words import kind_name, kind_names, known_terms

FIRST_DATA_ROW = 2
# The units sheet's columns that become an edge from the unit, by edge type.
UNIT_EDGE_COLUMNS = {"region": "BELONGS_TO", "knowledge_area": "COVERS", "established_by": "ESTABLISHED_BY"}
# Edge types that have their own sheet and so may not appear in `relations`.
OWN_SHEET_TYPES = {"MEMBER_OF": "memberships", "MANDATE": "mandates"}
RELATION_TYPES: TermTable = EDGE_KINDS
PERSON = "person"


@dataclass(frozen=True)
class Located:
    """Where each sheet's records came from: spreadsheet row numbers and the sheet's name for the user."""

    rows: Mapping[str, list[int]] = field(default_factory=dict)
    where: Mapping[str, str] = field(default_factory=dict)

    def row(self, sheet: str, index: int) -> int:
        numbers = self.rows.get(sheet)
        return numbers[index] if numbers is not None and index < len(numbers) else index + FIRST_DATA_ROW

    def problem(self, sheet: str, index: int, column: str | None, value: object, message: Phrase) -> Problem:
        shown = None if value is None else str(value)
        return Problem(sheet, self.row(sheet, index), column, shown, message, self.where.get(sheet, sheet))


# -- what the model allows at either end of an edge ------------------------------------------------
def _outgoing_definitions(rel_type: str) -> Iterable[tuple[str, str]]:
    for kind, cls in NODE_CLASSES.items():
        for definition in cls.defined_properties(aliases=False, properties=False, rels=True).values():
            if definition.definition["relation_type"] == rel_type and definition.definition["direction"] == 1:
                yield kind, str(definition._raw_class)


@cache
def kinds_with_relation(rel_type: str) -> frozenset[str]:
    """Node kinds the model lets this edge type start from."""
    return frozenset(kind for kind, _ in _outgoing_definitions(rel_type))


@cache
def target_kinds(rel_type: str) -> frozenset[str]:
    """Node kinds the model lets this edge type end at."""
    targets = {getattr(nodes, name.rsplit(".", 1)[-1]) for _, name in _outgoing_definitions(rel_type)}
    return frozenset(kind for kind, cls in NODE_CLASSES.items() if any(issubclass(cls, t) for t in targets))


def chart_ids(chart: Chart) -> set[str]:
    """Every id the chart's records declare or refer to."""
    found = {record.id for record in [*chart.units, *chart.people]}
    for unit in chart.units:
        found.update(getattr(unit, column) for column in UNIT_EDGE_COLUMNS)
    for member in chart.memberships:
        found.update((member.person, member.unit, member.appointed_by, *member.represents))
    found.update(end for relation in chart.relations for end in (relation.source, relation.target))
    found.update(end for mandate in chart.mandates for end in (mandate.holder, mandate.scope))
    found.discard(None)
    return found


# -- the checks -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeclaredId:
    """An id on a row too broken to become a record: still there, so neither dangling nor free to reuse."""

    sheet: str
    row: int
    uid: str
    kind: str | None


def check_chart(chart: Chart, located: Located = Located(), known: Mapping[str, str | None] | None = None,
                declared: Iterable[DeclaredId] = (),
                unresolved: Mapping[tuple[str, int, str, str], str] | None = None) -> list[Problem]:
    """Problems only the whole chart shows; `known` = ids in the graph with their kinds (None: unknown).

    `unresolved` says, by (sheet, record index, column, value), why a reference that is neither an id nor
    a name of one node did not resolve (see `importers.names`), in place of "neither in this workbook ...".
    """
    checker = _ChartChecker(chart, located, dict(known or {}), dict(unresolved or {}))
    checker.declare_nodes(declared)
    checker.check_references()
    checker.check_edge_keys()
    checker.check_membership_periods()
    checker.check_mandate_parts()
    return checker.problems


class _ChartChecker:
    def __init__(self, chart: Chart, located: Located, known: dict[str, str | None],
                 unresolved: dict[tuple[str, int, str, str], str]) -> None:
        self.chart = chart
        self.located = located
        self.known = known
        self.unresolved = unresolved
        self.kinds: dict[str, str | None] = dict(known)
        self.problems: list[Problem] = []

    def add(self, sheet: str, index: int, column: str | None, value: object, message: Phrase) -> None:
        self.problems.append(self.located.problem(sheet, index, column, value, message))

    def add_at_row(self, sheet: str, row: int, column: str, value: str, message: Phrase) -> None:
        where = self.located.where.get(sheet, sheet)
        self.problems.append(Problem(sheet, row, column, value, message, where))

    # ids --------------------------------------------------------------------------------------
    def declare_nodes(self, declared: Iterable[DeclaredId]) -> None:
        rows = [DeclaredId("units", self.located.row("units", i), unit.id, unit.kind)
                for i, unit in enumerate(self.chart.units)]
        rows += [DeclaredId("people", self.located.row("people", i), person.id, PERSON)
                 for i, person in enumerate(self.chart.people)]
        broken = list(declared)
        first_seen: dict[str, DeclaredId] = {}
        for entry in sorted(rows + broken, key=lambda entry: (entry.sheet != "units", entry.row)):
            if entry.uid in first_seen:
                other = first_seen[entry.uid]
                self.add_at_row(entry.sheet, entry.row, "id", entry.uid,
                                Phrase("import.duplicate_id", uid=entry.uid, sheet=other.sheet, row=other.row))
                continue
            first_seen[entry.uid] = entry
            if entry.kind is not None:
                self._check_kind_unchanged(entry)
            self.kinds[entry.uid] = entry.kind if entry.kind is not None else self.known.get(entry.uid)

    def _check_kind_unchanged(self, entry: DeclaredId) -> None:
        uid, kind = entry.uid, entry.kind
        stored = self.known.get(uid)
        if stored is not None and stored != kind:
            self.add_at_row(entry.sheet, entry.row, "id", uid,
                            Phrase("import.kind_changed", uid=uid, stored_name=kind_name(stored, article=True),
                                   stored=stored, kind_name=kind_name(kind, article=True), kind=kind))

    # references ---------------------------------------------------------------------------------
    def reference(self, sheet: str, index: int, column: str, uid: str | None,
                  allowed: frozenset[str] | None = None) -> None:
        if uid is None:
            return
        if uid not in self.kinds:
            message = self.unresolved.get((sheet, index, column, uid)) or Phrase("import.dangling", uid=uid)
            self.add(sheet, index, column, uid, message)
            return
        kind = self.kinds[uid]
        if allowed is not None and kind is not None and kind not in allowed:
            self.add(sheet, index, column, uid, Phrase("import.wrong_kind", uid=uid, kind=kind, column=column,
                                                       kind_name=kind_name(kind, article=True),
                                                       allowed=kind_names(allowed, article=True)))

    def check_references(self) -> None:
        for index, unit in enumerate(self.chart.units):
            self.reference("units", index, "region", unit.region, frozenset(TERRITORY_KINDS))
            self.reference("units", index, "knowledge_area", unit.knowledge_area, target_kinds("COVERS"))
            self.reference("units", index, "established_by", unit.established_by)
        for index, member in enumerate(self.chart.memberships):
            self.reference("memberships", index, "person", member.person, kinds_with_relation("MEMBER_OF"))
            self.reference("memberships", index, "unit", member.unit, frozenset(BODY_KINDS))
            for represented in member.represents:
                self.reference("memberships", index, "represents", represented)
            self.reference("memberships", index, "appointed_by", member.appointed_by)
        for index, relation in enumerate(self.chart.relations):
            self.reference("relations", index, "source", relation.source)
            self.reference("relations", index, "target", relation.target, target_kinds(relation.type))
        for index, mandate in enumerate(self.chart.mandates):
            self.reference("mandates", index, "holder", mandate.holder)
            self.reference("mandates", index, "scope", mandate.scope, target_kinds("MANDATE"))

    # edges: one record per key ------------------------------------------------------------------
    def check_edge_keys(self) -> None:
        derived = {}
        for index, unit in enumerate(self.chart.units):
            for column, rel_type in UNIT_EDGE_COLUMNS.items():
                target = getattr(unit, column)
                if target is not None:
                    derived[(unit.id, rel_type, target, None)] = (index, column)
        for sheet in ("memberships", "relations", "mandates"):
            self._check_duplicate_keys(sheet, derived if sheet == "relations" else {})

    def _check_duplicate_keys(self, sheet: str, derived: dict) -> None:
        key_columns = SHEET_BY_NAME[sheet].key
        first_seen: dict[tuple, int] = {}
        for index, record in enumerate(getattr(self.chart, sheet)):
            key = tuple(getattr(record, column) for column in key_columns)
            if key in first_seen:
                shown = ", ".join(f"{column} {value}" for column, value in zip(key_columns, key, strict=True)
                                  if value is not None)
                self.add(sheet, index, None, None, Phrase("import.duplicate_row", shown=shown,
                                                          row=self.located.row(sheet, first_seen[key])))
            elif key in derived:
                unit_index, column = derived[key]
                self.add(sheet, index, "type", key[1], Phrase("import.duplicate_of_unit_cell", column=column,
                                                              row=self.located.row("units", unit_index)))
            else:
                first_seen[key] = index

    # a chart built in code has not been through the row checks: a part must agree with decides ----------------
    def check_mandate_parts(self) -> None:
        for index, mandate in enumerate(self.chart.mandates):
            if mandate.part is None:
                continue
            if mandate.part not in MANDATE_PARTS:
                self.add("mandates", index, "part", mandate.part,
                         Phrase("import.unknown_stored_term", value=mandate.part,
                                what=Phrase("import.what.mandate_part"), known=known_terms(MANDATE_PARTS)))
            elif mandate.decides != (mandate.part == DECIDES):
                self.add("mandates", index, "decides", mandate.decides,
                         Phrase("import.decides_value_contradicts", shown=_yes_or_no(mandate.decides),
                                part=mandate.part, decides=DECIDES))
        for index, mandate in enumerate(self.chart.mandates):
            if mandate.qualifier is not None and mandate.qualifier not in MANDATE_QUALIFIERS:
                self.add("mandates", index, "qualifier", mandate.qualifier,
                         Phrase("import.unknown_stored_term", value=mandate.qualifier,
                                what=Phrase("import.what.mandate_qualifier"), known=known_terms(MANDATE_QUALIFIERS)))

    # dates across sheets --------------------------------------------------------------------------
    def check_membership_periods(self) -> None:
        units: dict[str, UnitRecord] = {}
        for unit in self.chart.units:
            units.setdefault(unit.id, unit)
        for index, member in enumerate(self.chart.memberships):
            unit = units.get(member.unit)
            if unit is not None:
                for column, message in _outside_period(member.start, member.end, unit):
                    self.add("memberships", index, column, getattr(member, column), message)


def _yes_or_no(decides: object) -> Words:
    """A chart built in code holds True or False; the Swedish message says ja or nej."""
    swedish = text("words.yes" if decides else "words.no", SWEDISH) if isinstance(decides, bool) else str(decides)
    return Words(str(decides), swedish)


def _outside_period(start: datetime.date | None, end: datetime.date | None,
                    unit: UnitRecord) -> list[tuple[str, Phrase]]:
    """A membership must fall within its unit's start and end, where those are known."""
    found = []
    if start and unit.start and start < unit.start:
        found.append(("start", "import.membership_starts_before"))
    if start and unit.end and start > unit.end:
        found.append(("start", "import.membership_starts_after"))
    if end and unit.end and end > unit.end:
        found.append(("end", "import.membership_ends_after"))
    if end and unit.start and end < unit.start:
        found.append(("end", "import.membership_ends_before"))
    # Worded only when something was found: most memberships fall within their unit's dates.
    return [(column, Phrase(key, start=start, end=end, unit=unit.id, unit_start=unit.start, unit_end=unit.end))
            for column, key in found]
