"""Generated workbooks against the real engine: each one imports, and the graph then holds exactly its
records, or it is refused with a report that locates every problem, and the graph is as it was.

Workbooks mix valid cells with wrong ones: unknown kinds and roles, text where dates go, numbers and
booleans where text goes, formulas, any unicode (control characters included in CSV), empty cells,
duplicate ids, references to ids nobody declares, ids that already exist, missing sheets and
columns. Written as `.xlsx` (formulas as real formula cells) or as a folder of CSV files.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govgraph.backup import content_checksum
from graphmodel.engine import Graph
from graphmodel.model import EDGE_KINDS, NODE_KINDS, ROLES
from importers.chart import SHEETS, Chart, MembershipRecord, PersonRecord, UnitRecord
from importers.load import apply_chart, existing_kinds
from importers.read import WorkbookError, read_workbook
from importers.safe_text import UNWRITABLE
from importers.validate import validate, workbook_ids
from importers.validate_chart import UNIT_EDGE_COLUMNS, Located

pytestmark = pytest.mark.engine

BASE = Chart(units=[UnitRecord("region:18", "region", "Region Örebro län", code="18"),
                    UnitRecord("lag:hjarta", "lag", "LAG Hjärta", region="region:18")],
             people=[PersonRecord("person:anna", "Anna Ek", fictional=True)],
             memberships=[MembershipRecord("person:anna", "lag:hjarta", "member")])
IDS = ["region:18", "lag:hjarta", "person:anna", "lag:a", "lag:b", "npo:x", "person:p", "person:q",
       "knowledge-area:k", "municipality:1880"]
FORMULAS = ['=HYPERLINK("http://evil","x")', "=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)"]

junk = st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 3000), st.booleans(),
                 st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from(FORMULAS),
                 st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1)))


def cell(*good):
    """Mostly a fitting value, sometimes anything at all."""
    return st.one_of(*good, *good, *good, junk)


ids = cell(st.sampled_from(IDS))
names = cell(st.text(min_size=1, max_size=20), st.sampled_from(["LAG Hjärta", "x'}) DETACH DELETE n //"]))
days = st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)).map(str), junk)
COLUMNS = {
    "units": {"id": ids, "kind": cell(st.sampled_from([*NODE_KINDS.keys(), "LAG", "Lokal arbetsgrupp"])),
              "name": names, "region": st.one_of(st.none(), ids), "start": days, "end": days,
              "note": st.one_of(st.none(), names), "fictional": cell(st.sampled_from(["yes", "no", "ja"]))},
    "people": {"id": ids, "name": names, "email": st.one_of(st.none(), st.just("a@example.invalid")),
               "fictional": cell(st.sampled_from(["yes", "no"]))},
    "memberships": {"person": ids, "unit": ids, "role": cell(st.sampled_from([*ROLES.keys(), "ordförande"])),
                    "start": days},
    "relations": {"source": ids, "type": cell(st.sampled_from([*EDGE_KINDS.keys()])), "target": ids,
                  "start": days},
}


@st.composite
def workbooks(draw) -> dict[str, list[list]]:
    """Sheets as rows of cells (header first); now and then a sheet, a column or a header is missing."""
    sheets = {}
    for name, columns in COLUMNS.items():
        if draw(st.integers(0, 19)) == 0:
            continue
        header = [column for column in columns if draw(st.integers(0, 14)) or column == "id"]
        if draw(st.booleans()):
            header = [column.upper() if draw(st.booleans()) else column for column in header]
        rows = draw(st.lists(st.tuples(*(columns[column.lower()] for column in header)), max_size=5))
        sheets[name] = [header, *map(list, rows)]
    return sheets


LAGS = ["lag:a", "lag:b", "lag:c"]
PEOPLE = ["person:p", "person:q", "person:r"]
LAG_TO_LAG = ["REPORTS_TO", "PREPARES_FOR", "SUPPORTS", "INFORMS", "MIRRORS"]
ODD_NAMES = ["LAG Hjärta", "x'}) DETACH DELETE n //", "`n` $p", "rad ett\nrad två", "\u202eåäö"]
sound_names = st.one_of(st.sampled_from(FORMULAS + ODD_NAMES),
                        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20))
sound_days = st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)).map(str))


@st.composite
def sound_workbooks(draw) -> dict[str, list[list]]:
    """A chart that should import: new LAGs in the existing region, new people, their seats and relations
    (unless it renames the base's LAG, which belongs to another owner)."""
    lags = draw(st.lists(st.sampled_from(LAGS), unique=True, max_size=3))
    people = draw(st.lists(st.sampled_from(PEOPLE), unique=True, max_size=3))
    units = [["id", "kind", "name", "region", "start", "note"]]
    units += [[uid, draw(st.sampled_from(["lag", "LAG", "lokal arbetsgrupp"])), draw(sound_names), "region:18",
               draw(sound_days),
               draw(st.one_of(st.none(), sound_names))] for uid in lags]
    if draw(st.integers(0, 4)) == 0:  # the base's own LAG again, likely renamed: a conflict with its owner
        units.append(["lag:hjarta", "lag", draw(sound_names), "region:18", None, None])
    seats = draw(st.lists(st.tuples(st.sampled_from(["person:anna", *people]), st.sampled_from(["lag:hjarta", *lags]),
                                    st.sampled_from(list(ROLES.keys()))), unique=True, max_size=4))
    links = draw(st.lists(st.tuples(st.sampled_from(lags or ["lag:hjarta"]), st.sampled_from(LAG_TO_LAG),
                                    st.sampled_from(["lag:hjarta", *lags])), unique=True, max_size=3))
    return {"units": units,
            "people": [["id", "name", "fictional"], *[[uid, draw(sound_names), "yes"] for uid in people]],
            "memberships": [["person", "unit", "role"], *map(list, seats)],
            "relations": [["source", "type", "target"], *[list(link) for link in links if link[0] != link[2]]]}


@st.composite
def one_cell_broken(draw) -> dict[str, list[list]]:
    """A sound chart with one data cell replaced by anything at all."""
    sheets = draw(sound_workbooks())
    filled = [(name, row) for name, rows in sheets.items() for row in range(1, len(rows))]
    if filled:
        name, row = draw(st.sampled_from(filled))
        sheets[name][row][draw(st.integers(0, len(sheets[name][row]) - 1))] = draw(junk)
    return sheets


def write_xlsx(sheets: dict[str, list[list]], path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        worksheet = book.create_sheet(name)
        for row in rows:  # text starting with '=' becomes a real formula cell, as a spreadsheet saves it
            worksheet.append([UNWRITABLE.sub("", value) if isinstance(value, str) else value for value in row])
    if not sheets:
        book.create_sheet("notes")  # a workbook needs a sheet; this one is not a chart sheet
    book.save(path)
    return path


def write_csv(sheets: dict[str, list[list]], folder: Path) -> Path:
    folder.mkdir()
    for name, rows in sheets.items():
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=";").writerows([["" if value is None else str(value) for value in row]
                                                     for row in rows])
        (folder / f"{name}.csv").write_bytes(buffer.getvalue().encode("utf-8"))
    return folder


def nodes_and_edges(graph: Graph) -> tuple[set[tuple], set[tuple]]:
    """Nodes as (uid, kind, name); edges by what identifies them: ends, type, role and start."""
    nodes = graph.read("MATCH (n:Entity) RETURN n.uid AS uid, n.kind AS kind, n.name AS name")
    edges = graph.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.uid AS a, type(r) AS t, b.uid AS b, "
                       "r.role AS role, r.start AS start")
    return ({(row["uid"], row["kind"], row["name"]) for row in nodes},
            {(row["a"], row["t"], row["b"], row["role"], row["start"] and row["start"].iso_format())
             for row in edges})


def chart_nodes_and_edges(chart: Chart) -> tuple[set[tuple], set[tuple]]:
    nodes = {(unit.id, unit.kind, unit.name) for unit in chart.units}
    nodes |= {(person.id, "person", person.name) for person in chart.people}
    edges = {(unit.id, rel_type, getattr(unit, column), None, None) for unit in chart.units
             for column, rel_type in UNIT_EDGE_COLUMNS.items() if getattr(unit, column)}
    edges |= {(m.person, "MEMBER_OF", m.unit, m.role, m.start and m.start.isoformat()) for m in chart.memberships}
    edges |= {(r.source, r.type, r.target, None, r.start and r.start.isoformat()) for r in chart.relations}
    return nodes, edges


def assert_located(problems, sheets: dict[str, list[list]]) -> None:
    """Every problem names a sheet of the chart, a row the sheet has (or none), and says what is wrong."""
    assert problems
    for problem in problems:
        assert problem.sheet in {sheet.name for sheet in SHEETS} and problem.message
        assert problem.row is None or 1 <= problem.row <= len(sheets.get(problem.sheet, []))
        assert str(problem).startswith(problem.where or problem.sheet)


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sheets=st.one_of(workbooks(), sound_workbooks(), sound_workbooks(), one_cell_broken()), as_xlsx=st.booleans())
def test_a_generated_workbook_imports_exactly_or_is_refused_with_a_report(graph, tmp_path_factory, sheets, as_xlsx):
    graph.write("MATCH (n) DETACH DELETE n")
    apply_chart(graph, BASE, owner="base")
    before = (nodes_and_edges(graph), content_checksum(graph))
    folder = tmp_path_factory.mktemp("generated")
    path = write_xlsx(sheets, folder / "chart.xlsx") if as_xlsx else write_csv(sheets, folder / "chart")

    try:
        workbook = read_workbook(path)
    except WorkbookError as error:  # the whole file refused: the message names it
        event("refused: the file")
        assert str(path) in str(error)
        assert (nodes_and_edges(graph), content_checksum(graph)) == before
        return
    validation = validate(workbook, existing_ids=existing_kinds(graph, workbook_ids(workbook)))
    if not validation.ok:
        event("refused: problems in cells")
        assert_located(validation.problems, sheets)
        assert (nodes_and_edges(graph), content_checksum(graph)) == before
        return
    located = Located(validation.rows, {name: sheet.where for name, sheet in workbook.sheets.items()})
    report = apply_chart(graph, validation.chart, owner="generated", checked=True, located=located)
    if report.conflicts:
        event("refused: conflicts with the graph")
        assert_located(report.conflicts, sheets)
        assert (nodes_and_edges(graph), content_checksum(graph)) == before
        return
    event("imported" if report.changes else "imported: nothing to change")
    (base_nodes, base_edges), _ = before
    new_nodes, new_edges = chart_nodes_and_edges(validation.chart)
    # A record equal to one already there (the base's own membership, say) is that record, not a second one.
    assert nodes_and_edges(graph) == (base_nodes | new_nodes, base_edges | new_edges)
