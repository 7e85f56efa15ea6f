"""From a workbook's text cells to chart records, with every problem found on the way.

`validate()` checks the whole workbook before anything is written and reports
all problems, each with sheet, row (as the spreadsheet numbers it), column,
value and what is wrong. The vocabulary (kinds, relation types, roles,
levels) comes from `graphmodel.model`, in English or Swedish, any case.
Row-level checks live here; checks that need the whole chart (duplicates,
references, dates across sheets) are in `importers.validate_chart`, which the
loader also runs on charts that never were a workbook (the reference data).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from graphmodel.messages import Phrase
from graphmodel.model import LEVELS, MAX_ID_LENGTH, NODE_KINDS, ROLES, TermTable, kind_info
from graphmodel.vocabulary import MANDATE_PARTS, MANDATE_QUALIFIERS, MEASURE_SCOPES
from importers.gc_pause import without_cyclic_gc
from importers.chart import (
    DECIDES,
    LIST_SEPARATOR,
    MATTER_COLUMNS,
    MEASURE_FLAGS,
    SHEET_BY_NAME,
    Chart,
    MandateRecord,
    MembershipRecord,
    PersonRecord,
    RelationRecord,
    UnitRecord,
    part_from_decides,
)
from importers.names import (
    NameIndex,
    Named,
    Resolution,
    graph_close_names,
    graph_names,
    references,
    resolve_names,
    unresolved_values,
    workbook_nodes,
)
from importers.read import Problem, Sheet, SheetRow, Workbook
from importers.safe_text import UNWRITABLE, unwritable_character
from importers.words import kind_name, known_terms, listed, number
from importers.validate_chart import (
    OWN_SHEET_TYPES,
    RELATION_TYPES,
    UNIT_EDGE_COLUMNS,
    DeclaredId,
    Located,
    check_chart,
    kinds_with_relation,
)

if TYPE_CHECKING:
    from graphmodel.engine import Graph

__all__ = ["Problem", "Validation", "WorkbookCheck", "validate", "workbook_ids"]

YES = frozenset({"yes", "y", "ja", "j", "true", "sant", "1", "x"})
NO = frozenset({"no", "n", "nej", "false", "falskt", "0"})
PERSON = "person"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Columns of the units sheet that only some kinds have, by the node property they fill.
UNIT_PROPERTY_COLUMNS = ("level", "start", "end", "code", "former_names", "name_since")
# Longer names and notes are pasted by mistake (ids: the model's MAX_ID_LENGTH, the API's limit too).
MAX_NAME_LENGTH = 500
MAX_TEXT_LENGTH = 5000
SHOWN_CHARACTERS = 60
# Close names are suggested from the graph for columns of at most this many kinds (a region, a knowledge area).
MAX_SUGGESTED_KINDS = 8


@dataclass
class Validation:
    """The chart read from a workbook, the problems that stop an import, and warnings that do not."""

    chart: Chart
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: dict[str, list[int]] = field(default_factory=dict)
    names_read: bool = False  # some reference cell named its node and was read as its id

    @property
    def ok(self) -> bool:
        return not self.problems


@without_cyclic_gc
def validate(workbook: Workbook, *, existing_ids: Mapping[str, str] | set[str] = frozenset(),
             erased_ids: set[str] = frozenset(), graph: Graph | None = None) -> Validation:
    """Every problem of the workbook; `existing_ids` are ids already in the graph (with their kinds),
    `erased_ids` the workbook's people that were erased on request and may not come back.

    A reference cell that is no id may name its node (`importers.names`): the workbook's own names
    always count, the graph's when `graph` is given (looked up in one query). Each name read as an id
    is a warning saying so; the chart holds the id."""
    check = WorkbookCheck(workbook)
    check.read_sheets(workbook.sheets)
    return check.finish(existing_ids=existing_ids, erased_ids=erased_ids, graph=graph)


class WorkbookCheck:
    """`validate()` in two steps, so that an import can act on some sheets' records while others are read:
    `read_sheets` checks the rows of the sheets named (in any order, each once), `finish` the whole chart."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.result = Validation(Chart(), list(workbook.problems))
        self.declared: list[DeclaredId] = []
        self.located = Located(self.result.rows, {name: sheet.where for name, sheet in workbook.sheets.items()})
        self._finished: Validation | None = None
        self._settled: tuple[dict[str, str | None], dict] | None = None  # known kinds, names' messages
        self._header_warnings: dict[str, list[Problem]] = {}

    def read_sheets(self, names: Iterable[str]) -> None:
        """Check the rows of these sheets (those already read, or not in the workbook, are passed over)."""
        for name in names:
            sheet = self.workbook.sheets.get(name)
            if sheet is None or name in self.result.rows:
                continue
            self.result.rows[name] = []
            warned = len(self.result.warnings)
            header_ok = check_header(sheet, self.result)
            self._header_warnings[name] = self.result.warnings[warned:]
            del self.result.warnings[warned:]
            if header_ok:
                _read_records(sheet, self.result, self.declared)
            else:
                _declare_unread(sheet, self.declared)

    @property
    def ok_so_far(self) -> bool:
        return not self.result.problems

    def settle_names(self, *, existing_ids: Mapping[str, str] | set[str] = frozenset(),
                     graph: Graph | None = None) -> Chart:
        """Once every sheet's rows are read: the chart with the names in its reference cells read as ids, as
        `finish` checks it (so its records can be planned before that check); asked again, the same chart."""
        if self._settled is None:
            self._in_workbook_order()
            known = _known_kinds(existing_ids)
            resolution = _resolve_names(self.result.chart, self.located, known, self.declared, graph)
            self.result.chart = resolution.chart
            self.result.names_read = bool(resolution.notes)
            self.result.warnings.extend(resolution.notes)
            known.update(resolution.kinds)
            self._settled = (known, resolution.messages)
        return self.result.chart

    def finish(self, *, existing_ids: Mapping[str, str] | set[str] = frozenset(), erased_ids: set[str] = frozenset(),
               graph: Graph | None = None) -> Validation:
        """The whole chart's checks, once every sheet's rows are read; asked again, the same validation."""
        if self._finished is not None:
            return self._finished
        result, located = self.result, self.located
        self.settle_names(existing_ids=existing_ids, graph=graph)
        known, name_messages = self._settled
        result.problems.extend(check_chart(result.chart, located, known, self.declared, name_messages))
        result.problems.extend(erased_people(result.chart, located, erased_ids))
        result.problems.sort(key=report_order)
        self._finished = result
        return result

    def _in_workbook_order(self) -> None:
        """Warnings and ids of broken rows as reading the sheets in the workbook's order gives them, whatever
        order they were read in: so every answer is the same, word for word and line for line."""
        order = {name: position for position, name in enumerate(self.workbook.sheets)}
        self.result.warnings[:0] = [warning for name in self.workbook.sheets
                                    for warning in self._header_warnings.get(name, [])]
        self._header_warnings = {}
        self.declared.sort(key=lambda entry: order.get(entry.sheet, len(order)))


def _resolve_names(chart: Chart, located: Located, known: dict[str, str | None], declared: list[DeclaredId],
                   graph: Graph | None):
    """Names in reference cells read as ids, against the workbook's names and (given a graph) the graph's.

    A chart whose every reference is an id (as most are) has nothing to resolve: its names are not indexed."""
    own = workbook_nodes(chart)
    ids = set(known) | {node.uid for node in own} | {entry.uid for entry in declared}
    values = unresolved_values(chart, ids)
    if not values:
        return Resolution(chart)
    index = NameIndex(own)
    graph_kinds: dict[str, str | None] = {}
    if graph is not None:
        declared_here = {node.uid for node in own} | {entry.uid for entry in declared}
        found = [node for node in graph_names(graph, values) if node.uid not in declared_here]
        for node in found:
            index.add(node)
            graph_kinds[node.uid] = node.kind
        _add_close_names(graph, chart, ids, index, declared_here)
    return resolve_names(chart, located, ids, index, graph_kinds)


def _add_close_names(graph: Graph, chart: Chart, ids: set[str], index: NameIndex, declared_here: set[str]) -> None:
    """For names that name nothing, the graph's names of the kinds their columns take, to suggest close ones.
    Only columns of few kinds, and never people: a misspelt name should not list the graph's people."""
    kinds: set[str] = set()
    for reference in references(chart):
        if (reference.value not in ids and reference.kinds is not None and PERSON not in reference.kinds
                and len(reference.kinds) <= MAX_SUGGESTED_KINDS and not index.named(reference.value)):
            kinds.update(reference.kinds)
    for node in graph_close_names(graph, kinds):
        if node.uid not in declared_here:
            index.add(Named(node.uid, node.kind, node.name))


def erased_people(chart: Chart, located: Located, erased_ids: set[str]) -> list[Problem]:
    return [located.problem("people", index, "id", person.id,
                            Phrase("import.erased_person"))
            for index, person in enumerate(chart.people) if person.id in erased_ids]


def _known_kinds(existing_ids: Mapping[str, str] | set[str]) -> dict[str, str | None]:
    if isinstance(existing_ids, Mapping):
        return dict(existing_ids)
    return dict.fromkeys(existing_ids)


def report_order(problem: Problem) -> tuple:
    sheets = list(SHEET_BY_NAME)
    return (sheets.index(problem.sheet) if problem.sheet in sheets else len(sheets), problem.row or 0)


def check_header(sheet: Sheet, result: Validation) -> bool:
    """Missing required columns and columns named twice are problems (and the sheet's rows are not read);
    extra ones warnings."""
    spec = SHEET_BY_NAME[sheet.name]
    missing = [column for column in spec.required if column not in sheet.header]
    for column in missing:
        result.problems.append(Problem(sheet.name, 1, column, None, Phrase("import.column_missing", column=column),
                                       sheet.where))
    twice = _named_twice(sheet.header)
    for column, positions in twice.items():
        result.problems.append(Problem(sheet.name, 1, column, column, _named_twice_message(column, positions),
                                       sheet.where))
    for column in dict.fromkeys(sheet.header):
        if column and column not in spec.columns:
            result.warnings.append(Problem(
                sheet.name, 1, column, column,
                Phrase("import.column_unknown", column=column, known=", ".join(spec.columns)), sheet.where))
    return not missing and not twice


def _named_twice(header: tuple[str, ...]) -> dict[str, list[int]]:
    """Column names the header has more than once, with the column numbers (A = 1) of each."""
    positions: dict[str, list[int]] = {}
    for number, column in enumerate(header, start=1):
        if column:
            positions.setdefault(column, []).append(number)
    return {column: numbers for column, numbers in positions.items() if len(numbers) > 1}


def _named_twice_message(column: str, positions: list[int]) -> Phrase:
    """A row's cells would come from one of the columns and silently not from the other: say where they are."""
    places = listed(f"{position} ({get_column_letter(position)})" for position in positions)
    two = len(positions) == 2
    times = Phrase("import.twice") if two else Phrase("import.times", count=len(positions))
    others = Phrase("import.the_other" if two else "import.the_others")
    return Phrase("import.column_twice", column=column, times=times, places=places, others=others)


def _declare_unread(sheet: Sheet, declared: list[DeclaredId]) -> None:
    """The ids of a sheet whose rows are not read (its header is wrong) still exist for the other sheets:
    their references to them are not reported as dangling, which would bury the one real problem."""
    if sheet.name not in ("units", "people") or "id" not in sheet.header or sheet.header.count("id") > 1:
        return
    kind = PERSON if sheet.name == "people" else None
    for row in sheet.rows:
        uid = row.cells.get("id", "").strip()
        if uid:
            declared.append(DeclaredId(sheet.name, row.number, uid, kind))


def _read_records(sheet: Sheet, result: Validation, declared: list[DeclaredId]) -> None:
    for row in sheet.rows:
        record = read_row(sheet, row, result.problems, declared)
        if record is not None:
            getattr(result.chart, sheet.name).append(record)
            result.rows[sheet.name].append(row.number)


def read_row(sheet: Sheet, row: SheetRow, problems: list[Problem], declared: list[DeclaredId]) -> object | None:
    """One row's record, or None with its problems added (and its id, if it has one, added to `declared`)."""
    cells = RowCells(sheet, row, problems)
    record = RECORD_PARSERS[sheet.name](cells) if cells.storable() else None
    _declare(sheet.name, cells, record, declared)
    return record


def _declare(sheet: str, cells: "RowCells", record: object, declared: list[DeclaredId]) -> None:
    """Ids of rows too broken to become records still count for duplicates and references."""
    if sheet not in ("units", "people") or record is not None:
        return
    uid = cells.text("id")
    if uid:
        declared.append(DeclaredId(sheet, cells.row.number, uid, PERSON if sheet == "people" else None))


class RowCells:
    """One row's cells, read as typed values; each unreadable cell adds a located problem."""

    def __init__(self, sheet: Sheet, row: SheetRow, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.row = row
        self.problems = problems
        self.failed = False

    def problem(self, column: str, message: Phrase) -> None:
        self.failed = True
        self.problems.append(Problem(self.sheet.name, self.row.number, column, self.row.cells.get(column),
                                     message, self.sheet.where))

    def storable(self) -> bool:
        """Every cell of the sheet's columns within its length and free of characters no workbook can hold.

        A row whose cells all fit is told by its cells alone (an empty cell always fits); one that has a
        cell that does not is gone through column by column, so its problems come in the sheet's order."""
        limits = _length_limits(self.sheet.name)
        cells = self.row.cells
        # Most rows are told at C speed: no cell longer than the shortest limit, no unwritable character.
        if cells and max(map(len, cells.values())) <= _shortest_limit(self.sheet.name) \
                and UNWRITABLE.search("\n".join(cells.values())) is None:
            return True
        if all(len(value) <= limits[column] and unwritable_character(value) is None
               for column, value in cells.items() if column in limits):
            return True
        for column in SHEET_BY_NAME[self.sheet.name].columns:
            value = self.row.cells.get(column, "")
            limit = limits[column]
            if len(value) > limit:
                self._refuse(column, value, Phrase("import.too_long", column=column, length=number(len(value)),
                                                   most=number(limit)))
            elif (character := unwritable_character(value)) is not None:
                self._refuse(column, value, Phrase("import.control_character", column=column, character=character))
        return not self.failed

    def _refuse(self, column: str, value: str, message: Phrase) -> None:
        """A problem quoting the start of the cell only: the whole of it may be thousands of characters."""
        shown = value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"
        self.failed = True
        self.problems.append(Problem(self.sheet.name, self.row.number, column, shown, message, self.sheet.where))

    def text(self, column: str) -> str | None:
        value = self.row.cells.get(column)  # most columns of most rows are empty: no cell at all
        if not value:
            return None
        return value.strip() or None

    def required(self, column: str) -> str | None:
        value = self.text(column)
        if value is None:
            self.problem(column, Phrase("import.required", column=column))
        return value

    def uid(self, column: str, *, required: bool = True) -> str | None:
        """An id, or in a reference column a node's name (which may hold a comma: checked once names are read)."""
        value = self.required(column) if required else self.text(column)
        if value is not None and LIST_SEPARATOR in value and column == "id":
            self.problem(column, Phrase("import.id_with_separator", value=value, separator=LIST_SEPARATOR))
            return None
        return value

    def term(self, column: str, table: TermTable, what: str) -> str | None:
        """The term the cell names in `table`; `what` is the catalogue's key for what the column holds."""
        value = self.required(column)
        if value is None:
            return None
        term = table.lookup(value)
        if term is None:
            self.problem(column, Phrase("import.unknown_term", value=value, what=Phrase(what),
                                        known=known_terms(table)))
            return None
        return term.key

    def date(self, column: str) -> datetime.date | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            if ISO_DATE.fullmatch(value):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self.problem(column, Phrase("import.not_a_date", value=value))
        return None

    def flag(self, column: str, *, default: bool | None = None) -> bool | None:
        value = self.text(column)
        if value is None:
            if default is None:
                self.problem(column, Phrase("import.flag_required", column=column))
            return default
        folded = value.casefold()
        if folded in YES or folded in NO:
            return folded in YES
        self.problem(column, Phrase("import.not_yes_no", value=value))
        return default

    def optional_flag(self, column: str) -> bool | None:
        """yes, no, or None for an empty cell."""
        return None if self.text(column) is None else self.flag(column)

    def step(self, column: str, *, what: str = "import.what.step", first: str = "import.first.step") -> int | None:
        """A whole number from 1: a step of the route, a rank or a route order (`what`, `first`: catalogue keys)."""
        value = self.text(column)
        if value is None:
            return None
        if value.isascii() and value.isdigit() and int(value) > 0:
            return int(value)
        self.problem(column, Phrase("import.not_a_step", value=value, what=Phrase(what), first=Phrase(first)))
        return None

    def items(self, column: str) -> tuple[str, ...]:
        value = self.text(column) or ""
        return tuple(item.strip() for item in value.split(LIST_SEPARATOR) if item.strip())

    def period(self) -> tuple[datetime.date | None, datetime.date | None]:
        start, end = self.date("start"), self.date("end")
        if start and end and end < start:
            self.problem("end", Phrase("import.end_before_start", end=end, start=start))
        return start, end


@cache
def _length_limits(sheet: str) -> dict[str, int]:
    return {column: _length_limit(sheet, column) for column in SHEET_BY_NAME[sheet].columns}


@cache
def _shortest_limit(sheet: str) -> int:
    return min(_length_limits(sheet).values())


def _length_limit(sheet: str, column: str) -> int:
    if column == "name":
        return MAX_NAME_LENGTH
    if column in ID_COLUMNS[sheet] and column != "represents":  # represents is a list of ids
        return MAX_ID_LENGTH
    return MAX_TEXT_LENGTH


# -- one parser per sheet ---------------------------------------------------------------------
def _unit(cells: RowCells) -> UnitRecord | None:
    uid, name = cells.uid("id"), cells.required("name")
    kind = cells.term("kind", NODE_KINDS, "import.what.node_kind")
    if kind == PERSON:
        cells.problem("kind", Phrase("import.person_in_units"))
        kind = None
    start, end = cells.period()
    values = dict(level=_level(cells), start=start, end=end, code=cells.text("code"),
                  former_names=cells.items("former_names"), name_since=cells.date("name_since"),
                  region=cells.uid("region", required=False),
                  knowledge_area=cells.uid("knowledge_area", required=False),
                  established_by=cells.uid("established_by", required=False),
                  decision_ref=cells.text("decision_ref"), source=cells.text("source"),
                  note=cells.text("note"), fictional=cells.flag("fictional", default=False),
                  **_measure_criteria(cells))
    if kind is not None:
        _check_unit_columns(cells, kind, values)
    if uid is None or name is None or kind is None:
        return None
    return UnitRecord(id=uid, kind=kind, name=name, **values)


def _level(cells: RowCells) -> str | None:
    if cells.text("level") is None:
        return None
    return cells.term("level", LEVELS, "import.what.level")


def _check_unit_columns(cells: RowCells, kind: str, values: dict) -> None:
    """A column the kind cannot hold (a start date on a municipality, a region on a post) is a problem."""
    properties = kind_info(kind).properties
    for column in UNIT_PROPERTY_COLUMNS:
        if values[column] and column not in properties:
            cells.problem(column, Phrase("import.kind_has_no", kind_name=kind_name(kind), kind=kind, column=column))
    for column, rel_type in UNIT_EDGE_COLUMNS.items():
        if values[column] and kind not in kinds_with_relation(rel_type):
            cells.problem(column, Phrase("import.kind_cannot_have", kind_name=kind_name(kind), kind=kind,
                                         column=column, rel_type=rel_type))
    if values["decision_ref"] and not values["established_by"]:
        cells.problem("decision_ref", Phrase("import.decision_ref_alone"))
    for column in MATTER_COLUMNS:
        if values[column] is not None and column not in properties:
            cells.problem(column, Phrase("import.only_matters", kind_name=kind_name(kind), kind=kind,
                                         column=column))


def _measure_criteria(cells: RowCells) -> dict:
    """Which measures a decision matter covers: its scope, and each criterion yes, no or empty (either)."""
    scope = cells.text("measure_scope")
    criteria = {column: cells.optional_flag(column) for column in MEASURE_FLAGS}
    if scope is not None:
        scope = cells.term("measure_scope", MEASURE_SCOPES, "import.what.measure_scope")
    else:
        for column, value in criteria.items():
            if value is not None:
                cells.problem(column, Phrase("import.needs_scope", column=column))
    return {"measure_scope": scope, **criteria, "route_order": cells.step("route_order", what="import.what.route_order",
                                                               first="import.first.route"),
            "wording": cells.text("wording")}


def _person(cells: RowCells) -> PersonRecord | None:
    uid, name = cells.uid("id"), cells.required("name")
    values = dict(title=cells.text("title"), organisation=cells.text("organisation"),
                  email=cells.text("email"), phone=cells.text("phone"),
                  fictional=cells.flag("fictional", default=False), source=cells.text("source"),
                  note=cells.text("note"))
    if uid is None or name is None:
        return None
    return PersonRecord(id=uid, name=name, **values)


def _membership(cells: RowCells) -> MembershipRecord | None:
    person, unit = cells.uid("person"), cells.uid("unit")
    role = cells.term("role", ROLES, "import.what.role")
    start, end = cells.period()
    values = dict(represents=cells.items("represents"), start=start, end=end,
                  appointed_by=cells.uid("appointed_by", required=False),
                  source=cells.text("source"), note=cells.text("note"))
    if person is None or unit is None or role is None:
        return None
    return MembershipRecord(person=person, unit=unit, role=role, **values)


def _relation(cells: RowCells) -> RelationRecord | None:
    source, target = cells.uid("source"), cells.uid("target")
    rel_type = cells.term("type", RELATION_TYPES, "import.what.relation_type")
    if rel_type in OWN_SHEET_TYPES:
        cells.problem("type", Phrase("import.own_sheet_type", rel_type=rel_type, sheet=OWN_SHEET_TYPES[rel_type]))
        rel_type = None
    start, end = cells.period()
    values = dict(start=start, end=end, note=cells.text("note"), source_document=cells.text("source_document"))
    if source is None or target is None or rel_type is None:
        return None
    return RelationRecord(source=source, type=rel_type, target=target, **values)


def _mandate(cells: RowCells) -> MandateRecord | None:
    holder, scope = cells.uid("holder"), cells.uid("scope")
    part = cells.term("part", MANDATE_PARTS, "import.what.mandate_part") if cells.text("part") else None
    decides = _decides(cells, part)
    qualifier = (cells.term("qualifier", MANDATE_QUALIFIERS, "import.what.mandate_qualifier")
                 if cells.text("qualifier") else None)
    values = dict(condition=cells.text("condition"), decision_ref=cells.text("decision_ref"),
                  source=cells.text("source"), step=cells.step("step"), qualifier=qualifier,
                  rank=cells.step("rank", what="import.what.rank", first="import.first.holder"),
                  decided_on=cells.date("decided_on"))
    if holder is None or scope is None or decides is None:
        return None
    return MandateRecord(holder=holder, scope=scope, decides=decides, part=part or part_from_decides(decides),
                         **values)


def _decides(cells: RowCells, part: str | None) -> bool | None:
    """`decides` as written, or as the part says when the cell is empty; the two must agree."""
    if cells.text("decides") is None and part is not None:
        return part == DECIDES
    decides = cells.flag("decides")
    if decides is not None and part is not None and decides != (part == DECIDES):
        shown = Phrase("words.yes" if decides else "words.no")
        cells.problem("decides", Phrase("import.decides_contradicts", shown=shown, part=part, decides=DECIDES))
        return None
    return decides


RECORD_PARSERS: dict[str, Callable[[RowCells], object | None]] = {
    "units": _unit, "people": _person, "memberships": _membership, "relations": _relation, "mandates": _mandate,
}


# Columns whose cells name nodes: the ids a workbook declares or refers to.
ID_COLUMNS = {
    "units": ("id", "region", "knowledge_area", "established_by"),
    "people": ("id",),
    "memberships": ("person", "unit", "represents", "appointed_by"),
    "relations": ("source", "target"),
    "mandates": ("holder", "scope"),
}


def workbook_ids(workbook: Workbook) -> set[str]:
    """Every id the workbook's cells name, to look up in the graph before validating."""
    found = set()
    for name, sheet in workbook.sheets.items():
        columns = ID_COLUMNS.get(name, ())
        for row in sheet.rows:
            cells = row.cells
            for column in columns:
                cell = cells.get(column)
                if not cell:
                    continue
                if LIST_SEPARATOR in cell:
                    found.update(item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip())
                elif text := cell.strip():
                    found.add(text)
    return found
