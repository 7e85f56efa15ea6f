"""Validating a workbook before anything is written: every problem, located, in one report (no database)."""

from __future__ import annotations

import datetime
from pathlib import Path

from importers.read import read_workbook
from importers.validate import validate, workbook_ids

EXISTING = {"region:18": "region", "knowledge-area:psykisk-halsa": "knowledge_area",
            "municipality:1880": "municipality", "npo:psykisk-halsa": "npo"}

GOOD = {
    "units": [
        ["id", "kind", "name", "region", "knowledge_area", "start", "end"],
        ["lpo:psyk", "Lokalt programområde", "LPO Psykisk hälsa", "region:18", "knowledge-area:psykisk-halsa", "", ""],
        ["lag:psyk", "lag", "LAG Ångest", "region:18", "", "2024-01-01", "2026-12-31"],
        ["matter:rutin", "beslutsfråga", "Ny rutin", "", "", "", ""],
    ],
    "people": [["id", "name", "fictional"], ["person:anna", "Anna Andersson", "ja"],
               ["person:bo", "Bo Berg", "yes"]],
    "memberships": [
        ["person", "unit", "role", "represents", "start"],
        ["person:anna", "lag:psyk", "Ordförande", "", "2024-01-01"],
        ["person:bo", "lag:psyk", "kommunal representant", "municipality:1880", "2024-02-01"],
    ],
    "relations": [["source", "type", "target", "start"], ["lag:psyk", "rapporterar till", "lpo:psyk", ""],
                  ["lpo:psyk", "speglar", "npo:psykisk-halsa", ""]],
    "mandates": [["holder", "scope", "decides", "condition"], ["lpo:psyk", "matter:rutin", "ja", "inom budget"]],
}


def write_folder(folder: Path, sheets: dict[str, list[list[str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        (folder / f"{name}.csv").write_text("".join(";".join(row) + "\n" for row in rows), encoding="utf-8")
    return folder


def with_rows(**extra: list[list[str]]) -> dict[str, list[list[str]]]:
    return {name: rows + extra.get(name, []) for name, rows in GOOD.items()}


def test_a_good_workbook_in_swedish_reads_into_vocabulary_keys(tmp_path):
    result = validate(read_workbook(write_folder(tmp_path / "chart", GOOD)), existing_ids=EXISTING)

    assert result.problems == []
    assert [(unit.id, unit.kind) for unit in result.chart.units] == [
        ("lpo:psyk", "lpo"), ("lag:psyk", "lag"), ("matter:rutin", "decision_matter")]
    assert [(m.role, m.represents, m.start) for m in result.chart.memberships] == [
        ("chair", (), datetime.date(2024, 1, 1)),
        ("municipal_representative", ("municipality:1880",), datetime.date(2024, 2, 1))]
    assert [r.type for r in result.chart.relations] == ["REPORTS_TO", "MIRRORS"]
    assert result.chart.people[0].fictional is True
    assert result.chart.mandates[0].decides is True


def test_one_bad_row_of_each_kind_gives_one_located_problem_each(tmp_path):
    sheets = with_rows(
        units=[["lag:x", "emperor", "LAG X", "", "", "", ""],                      # row 5: unknown kind
               ["lag:psyk", "lag", "Again", "", "", "", ""],                        # row 6: duplicate id
               ["lag:y", "lag", "", "", "", "", ""],                                # row 7: empty name
               ["lag:z", "lag", "LAG Z", "region:99", "", "", ""],                  # row 8: dangling reference
               ["lag:w", "lag", "LAG W", "", "", "2024-05-01", "2024-01-01"],       # row 9: end before start
               ["lag:v", "lag", "LAG V", "", "", "2024-02-30", ""],                 # row 10: malformed date
               ["person:x", "person", "Someone", "", "", "", ""]],                  # row 11: person in units
        memberships=[["person:anna", "lag:psyk", "emperor", "", ""],                # row 4: unknown role
                     ["person:anna", "lpo:psyk", "ledamot", "", "2023-06-01"],      # row 5: fine (lpo has no dates)
                     ["person:bo", "lag:psyk", "ledamot", "", "2023-12-31"]],       # row 6: before the unit starts
        relations=[["lag:psyk", "emperor of", "lpo:psyk", ""],                      # row 4: unknown type
                   ["person:anna", "ledamot i", "lag:psyk", ""]],                   # row 5: has its own sheet
        mandates=[["lpo:psyk", "lag:psyk", "nej", ""]],                             # row 3: scope not a matter
    )
    result = validate(read_workbook(write_folder(tmp_path / "chart", sheets)), existing_ids=EXISTING)

    assert [str(problem) for problem in result.problems] == [
        "units.csv row 5, column kind: 'emperor' is not a node kind (known: " + _known("kind") + ")",
        "units.csv row 6, column id: duplicate id 'lag:psyk': also in units row 3",
        "units.csv row 7, column name: name is empty; every row needs one",
        "units.csv row 8, column region: 'region:99' is neither in this workbook nor in the graph",
        "units.csv row 9, column end: end 2024-01-01 is before start 2024-05-01",
        "units.csv row 10, column start: '2024-02-30' is not a date; write dates as YYYY-MM-DD, e.g. 2024-01-31",
        "units.csv row 11, column kind: people go in the people sheet, not in units",
        "memberships.csv row 4, column role: 'emperor' is not a role (known: " + _known("role") + ")",
        "memberships.csv row 6, column start: membership starts 2023-12-31, before lag:psyk starts (2024-01-01)",
        "relations.csv row 4, column type: 'emperor of' is not a relation type (known: " + _known("type") + ")",
        "relations.csv row 5, column type: MEMBER_OF is not written in relations: use the memberships sheet",
        "mandates.csv row 3, column scope: 'lag:psyk' is a local working group (lag), but scope must be "
        "a decision matter",
    ]
    problem = result.problems[0]
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("units", 5, "kind", "emperor")


def _known(what: str) -> str:
    from graphmodel.model import EDGE_KINDS, NODE_KINDS, ROLES

    table = {"kind": NODE_KINDS, "role": ROLES, "type": EDGE_KINDS}[what]
    return ", ".join(table.keys()) + "; Swedish names are accepted too, see `govgraph vocabulary`"


def test_a_missing_required_column_is_reported_once_with_the_other_problems(tmp_path):
    sheets = with_rows(people=[["person:c", ""]])
    sheets["memberships"] = [["person", "unit", "start"], ["person:anna", "lag:psyk", "2024-01-01"]]
    result = validate(read_workbook(write_folder(tmp_path / "chart", sheets)), existing_ids=EXISTING)

    assert [str(problem) for problem in result.problems] == [
        "people.csv row 4, column name: name is empty; every row needs one",
        "memberships.csv row 1, column role: required column 'role' is missing from the header row",
    ]


def test_references_are_checked_against_the_kinds_already_in_the_graph(tmp_path):
    sheets = with_rows(units=[["lag:k", "lag", "LAG K", "npo:psykisk-halsa", "", "", ""],
                              ["region:18", "kommun", "Not a municipality", "", "", "", ""]])
    result = validate(read_workbook(write_folder(tmp_path / "chart", sheets)), existing_ids=EXISTING)

    assert [str(problem) for problem in result.problems] == [
        "units.csv row 5, column region: 'npo:psykisk-halsa' is a national programme area (npo), but region "
        "must be a healthcare region, a region, a county or a municipality",
        "units.csv row 6, column id: 'region:18' is already in the graph as a region (region), not a "
        "municipality (municipality); a node's kind cannot change",
    ]


def test_columns_a_kind_cannot_hold_are_problems_and_unknown_columns_warnings(tmp_path):
    sheets = with_rows()
    sheets["units"] = [row + [""] for row in GOOD["units"]]
    sheets["units"][0][-1] = "colour"
    sheets["units"].append(["municipality:9999", "kommun", "Ny kommun", "region:18", "", "2024-01-01", "", ""])
    result = validate(read_workbook(write_folder(tmp_path / "chart", sheets)), existing_ids=EXISTING)

    assert [str(problem) for problem in result.problems] == [
        "units.csv row 5, column start: a municipality (municipality) has no start",
        "units.csv row 5, column region: a municipality (municipality) cannot have region "
        "(BELONGS_TO starts only at bodies)",
    ]
    assert [str(warning) for warning in result.warnings] == [
        "units.csv row 1, column colour: unknown column 'colour' is ignored (known: id, kind, name, level, region, "
        "knowledge_area, start, end, established_by, decision_ref, source, code, former_names, name_since, note, "
        "fictional, measure_scope, added_cost, organisational_change, within_mandate, political_decision, "
            "several_divisions, route_order, wording)"]


def test_workbook_ids_lists_every_id_the_cells_name(tmp_path):
    workbook = read_workbook(write_folder(tmp_path / "chart", GOOD))

    assert workbook_ids(workbook) == {
        "lpo:psyk", "lag:psyk", "matter:rutin", "region:18", "knowledge-area:psykisk-halsa", "person:anna",
        "person:bo", "municipality:1880", "npo:psykisk-halsa"}


# -- decision matters' measure criteria and mandates' part and step ------------------------------------
CRITERIA_HEADER = ["id", "kind", "name", "measure_scope", "added_cost", "organisational_change", "within_mandate",
                   "political_decision"]
PART_HEADER = ["holder", "scope", "decides", "part", "step"]


def test_a_matter_says_which_measures_it_covers_and_a_mandate_its_part_and_step(tmp_path):
    sheets = with_rows()
    sheets["units"] = [CRITERIA_HEADER, ["lpo:psyk", "lpo", "LPO", "", "", "", "", ""],
                       ["matter:rutin", "beslutsfråga", "Ny rutin", "kommunal", "nej", "ja", "", "Nej"]]
    sheets["mandates"] = [PART_HEADER, ["lpo:psyk", "matter:rutin", "", "bereder", "1"],
                          ["person:anna", "matter:rutin", "ja", "", "2"],
                          ["person:bo", "matter:rutin", "nej", "", ""]]
    sheets["memberships"] = GOOD["memberships"][:1]
    sheets["relations"] = GOOD["relations"][:1]
    result = validate(read_workbook(write_folder(tmp_path / "chart", sheets)), existing_ids=EXISTING)

    assert [str(problem) for problem in result.problems] == []
    matter = result.chart.units[1]
    assert (matter.measure_scope, matter.added_cost, matter.organisational_change, matter.within_mandate,
            matter.political_decision) == ("municipal", False, True, None, False)
    assert [(m.holder, m.decides, m.part, m.step) for m in result.chart.mandates] == [
        ("lpo:psyk", False, "prepares", 1), ("person:anna", True, "decides", 2),
        ("person:bo", False, "no_mandate", None)]


def test_bad_criteria_parts_and_steps_are_located_problems(tmp_path):
    sheets = with_rows()
    sheets["units"] = [CRITERIA_HEADER,
                       ["lpo:psyk", "lpo", "LPO", "kommunal", "", "", "", ""],            # row 2: not a matter
                       ["matter:a", "beslutsfråga", "A", "everyone", "", "", "", ""],     # row 3: unknown scope
                       ["matter:b", "beslutsfråga", "B", "", "ja", "", "", ""],           # row 4: criterion, no scope
                       ["matter:rutin", "beslutsfråga", "C", "region", "", "", "kanske", ""]]  # row 5: not yes/no
    sheets["mandates"] = [PART_HEADER,
                          ["lpo:psyk", "matter:rutin", "ja", "tillstyrker", ""],          # row 2: contradicts
                          ["person:anna", "matter:rutin", "", "emperor", ""],             # row 3: unknown part
                          ["person:bo", "matter:rutin", "ja", "", "first"],               # row 4: not a step
                          ["lpo:psyk", "matter:a", "", "", "0"]]                          # row 5: neither; step 0
    result = validate(read_workbook(write_folder(tmp_path / "chart", sheets)), existing_ids=EXISTING)
    found = [str(problem) for problem in result.problems]

    assert "units.csv row 2, column measure_scope: a local programme area (lpo) has no measure_scope: only a " \
           "decision matter says which measures it covers" in found
    assert any(text.startswith("units.csv row 3, column measure_scope: 'everyone' is not a measure scope")
               for text in found)
    assert "units.csv row 4, column added_cost: added_cost needs measure_scope: whose measures (region, " \
           "municipal or both) does the matter cover?" in found
    assert "units.csv row 5, column within_mandate: 'kanske' is not yes or no (ja/nej and true/false are " \
           "accepted too)" in found
    assert "mandates.csv row 2, column decides: decides 'yes' contradicts part 'endorses': only part decides " \
           "decides" in found
    assert any(text.startswith("mandates.csv row 3, column part: 'emperor' is not a mandate part") for text in found)
    assert "mandates.csv row 4, column step: 'first' is not a step: write a whole number from 1 (the first " \
           "step of the route)" in found
    assert "mandates.csv row 5, column decides: decides is empty; write yes or no" in found
    assert "mandates.csv row 5, column step: '0' is not a step: write a whole number from 1 (the first step " \
           "of the route)" in found
    assert not result.ok


def test_a_workbook_without_the_new_columns_still_reads_with_parts_from_decides(tmp_path):
    result = validate(read_workbook(write_folder(tmp_path / "chart", GOOD)), existing_ids=EXISTING)

    assert result.problems == [] and result.warnings == []
    assert [(m.part, m.step) for m in result.chart.mandates] == [("decides", None)]
    assert result.chart.units[2].measure_scope is None
