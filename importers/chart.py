"""An organisation chart as govgraph reads and writes it: five sheets, one record type each.

The same records come from an `.xlsx` workbook, a folder of `.csv` files, the
built-in reference data, or an export of the graph, so import and export
speak one format. Cells hold text as people type it; records hold typed,
vocabulary-resolved values (kind and type keys, role keys, dates, booleans).

How a chart maps onto the graph:

* `units` row -> a node of `kind` (any kind but person) with `uid = id`;
  `region` -> BELONGS_TO the region/municipality/healthcare region;
  `knowledge_area` -> COVERS the knowledge area;
  `established_by` (+ `decision_ref`) -> ESTABLISHED_BY.
* `people` row -> a Person node.
* `memberships` row -> MEMBER_OF from person (or post, ex officio) to unit.
* `relations` row -> an edge of `type` (any type but MEMBER_OF and MANDATE,
  which have their own sheets) from `source` to `target`.
* `mandates` row -> MANDATE from holder to the decision matter `scope`: its `part`
  (decides, prepares, recommends, consults, endorses, anchors, informed,
  implements, no_mandate; when left empty, decides or no_mandate as `decides`
  says) and its `step` in the route.
* a `mandates` row's `qualifier` (always, primarily, when_needed, alternatively)
  and `rank` say how the holder stands beside the others of its step, and
  `decided_on` the day of the decision it comes from.
* a decision matter's `measure_scope` and criteria (`political_decision`,
  `within_mandate`, `several_divisions`, `added_cost`, `organisational_change`)
  say which measures it covers (empty: either); `route_order` places it among
  the alternatives its documents give, `wording` quotes the document's rule;
  other kinds leave those columns empty.

Lists in a cell (`represents`, `former_names`) are separated by commas.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from graphmodel.vocabulary import MEASURE_CRITERIA as CRITERIA

LIST_SEPARATOR = ","
# The units columns a decision matter fills to say which measures it covers; the flags are yes, no or empty.
# Column order is the sheets' (older criteria first, so existing charts keep their layout); the
# vocabulary's order is the order in which a route's open questions are asked.
MEASURE_FLAGS = ("added_cost", "organisational_change", "within_mandate", "political_decision", "several_divisions")
assert set(MEASURE_FLAGS) == {criterion.key for criterion in CRITERIA}, "every measure criterion has a column"
MEASURE_CRITERIA = ("measure_scope", *MEASURE_FLAGS)
# Every column only a decision matter may fill.
MATTER_COLUMNS = (*MEASURE_CRITERIA, "route_order", "wording")
DECIDES = "decides"
NO_MANDATE = "no_mandate"


@dataclass(frozen=True)
class SheetSpec:
    """The columns of one sheet; `key` columns identify a row's record in the graph."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    key: tuple[str, ...]
    optional_sheet: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("units", ("id", "kind", "name"),
              ("level", "region", "knowledge_area", "start", "end", "established_by", "decision_ref",
               "source", "code", "former_names", "name_since", "note", "fictional",
               *MATTER_COLUMNS),
              key=("id",)),
    SheetSpec("people", ("id", "name"),
              ("title", "organisation", "email", "phone", "fictional", "source", "note"),
              key=("id",)),
    SheetSpec("memberships", ("person", "unit", "role"),
              ("represents", "start", "end", "appointed_by", "source", "note"),
              key=("person", "unit", "role", "start")),
    SheetSpec("relations", ("source", "type", "target"),
              ("start", "end", "note", "source_document"),
              key=("source", "type", "target", "start")),
    SheetSpec("mandates", ("holder", "scope", "decides"),
              ("condition", "decision_ref", "source", "part", "step", "qualifier", "rank", "decided_on"),
              key=("holder", "scope"), optional_sheet=True),
)
SHEET_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


@dataclass(frozen=True)
class UnitRecord:
    id: str
    kind: str
    name: str
    level: str | None = None
    region: str | None = None
    knowledge_area: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    established_by: str | None = None
    decision_ref: str | None = None
    source: str | None = None
    code: str | None = None
    former_names: tuple[str, ...] = ()
    name_since: datetime.date | None = None
    note: str | None = None
    fictional: bool = False
    measure_scope: str | None = None
    added_cost: bool | None = None
    organisational_change: bool | None = None
    within_mandate: bool | None = None
    political_decision: bool | None = None
    several_divisions: bool | None = None
    route_order: int | None = None
    wording: str | None = None


@dataclass(frozen=True)
class PersonRecord:
    id: str
    name: str
    title: str | None = None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    fictional: bool = False
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class MembershipRecord:
    person: str
    unit: str
    role: str
    represents: tuple[str, ...] = ()
    start: datetime.date | None = None
    end: datetime.date | None = None
    appointed_by: str | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class RelationRecord:
    source: str
    type: str
    target: str
    start: datetime.date | None = None
    end: datetime.date | None = None
    note: str | None = None
    source_document: str | None = None


@dataclass(frozen=True)
class MandateRecord:
    holder: str
    scope: str
    decides: bool
    condition: str | None = None
    decision_ref: str | None = None
    source: str | None = None
    part: str | None = None
    step: int | None = None
    qualifier: str | None = None
    rank: int | None = None
    decided_on: datetime.date | None = None

    @property
    def resolved_part(self) -> str:
        """The part as stored: the row's own, else what `decides` alone says."""
        return self.part or part_from_decides(self.decides)


def part_from_decides(decides: bool) -> str:
    """The part of a mandate row that only says whether the holder decides."""
    return DECIDES if decides else NO_MANDATE


@dataclass
class Chart:
    """A whole workbook's records, sheet by sheet."""

    units: list[UnitRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    memberships: list[MembershipRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    mandates: list[MandateRecord] = field(default_factory=list)

    def extend(self, other: "Chart") -> None:
        for sheet in SHEETS:
            getattr(self, sheet.name).extend(getattr(other, sheet.name))


def format_cell(value: object) -> str:
    """A record value as a spreadsheet cell: dates ISO, booleans yes/no, lists comma-separated, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return f"{LIST_SEPARATOR} ".join(str(item) for item in value)
    return str(value)


def record_cells(sheet: SheetSpec, record: object) -> dict[str, str]:
    """One record as the cells of its sheet's row, in column order."""
    return {column: format_cell(getattr(record, column)) for column in sheet.columns}
