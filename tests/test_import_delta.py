"""A changed workbook is checked and written by its changed rows, with every check and guarantee of a whole import."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.engine import Graph
from importers.chart import Chart, UnitRecord
from importers.import_digests import ImportDigests, unchanged_import
from importers.load import ImportReport, apply_chart, existing_kinds
from importers.read import read_workbook
from importers.row_ledger import row_fingerprints
from importers.validate import validate, workbook_ids
from importers.workbook_import import CheckedWorkbook, check_workbook

pytestmark = pytest.mark.engine
OWNER = "orebro"

UNITS = ["id;kind;name;start;end;region",
         "region:x;region;Region X;;;",
         "lpo:a;LPO;LPO A;;;region:x",
         "lag:a;LAG;LAG A;2024-01-01;2025-12-31;region:x",
         "lag:b;LAG;LAG B;;;region:x"]
PEOPLE = ["id;name;fictional", "person:a;Anna;ja", "person:b;Bo;ja", "person:c;Cilla;ja"]
MEMBERSHIPS = ["person;unit;role;start",
               "person:a;lag:a;ordförande;2024-01-01",
               "person:b;lag:a;ledamot;2024-02-01",
               "person:c;lag:b;ledamot;2024-03-01",
               "person:c;lag:a;ledamot;2024-03-01"]
RELATIONS = ["source;type;target", "lag:a;rapporterar till;lpo:a", "lag:b;rapporterar till;lpo:a"]


def sheets(units=UNITS, people=PEOPLE, memberships=MEMBERSHIPS, relations=RELATIONS) -> dict[str, list[str]]:
    return {"units": list(units), "people": list(people), "memberships": list(memberships),
            "relations": list(relations)}


def write(tmp_path: Path, name: str, workbook: dict[str, list[str]]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for sheet, lines in workbook.items():
        (folder / f"{sheet}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def digests(tmp_path: Path) -> ImportDigests:
    return ImportDigests(tmp_path / "digests.sqlite3")


def checked(graph: Graph, digests: ImportDigests, folder: Path, *, force: bool = False) -> CheckedWorkbook:
    workbook = read_workbook(folder)
    return check_workbook(graph, digests, workbook, owner=OWNER, force=force, fingerprints=row_fingerprints(workbook))


def import_folder(graph: Graph, digests: ImportDigests, folder: Path, *, prune: bool = False,
                  force: bool = False) -> tuple[CheckedWorkbook | None, ImportReport]:
    """What `govgraph import FOLDER --owner orebro` does; the check is None for a workbook known unchanged."""
    workbook = read_workbook(folder)
    fingerprints = row_fingerprints(workbook)
    unchanged = unchanged_import(graph, digests, workbook, owner=OWNER, force=force, prune=prune,
                                 fingerprints=fingerprints)
    if unchanged is not None:
        return None, unchanged
    check = check_workbook(graph, digests, workbook, owner=OWNER, force=force, fingerprints=fingerprints)
    assert check.validation.ok, check.validation.problems
    report = check.apply(graph, owner=OWNER, prune=prune, force=force)
    check.remember(graph, digests, report)
    return check, report


def whole_check(graph: Graph, folder: Path) -> list[str]:
    """The problems the whole workbook's check finds, as `govgraph import` printed them before ledgers."""
    workbook = read_workbook(folder)
    validation = validate(workbook, existing_ids=existing_kinds(graph, workbook_ids(workbook)), graph=graph)
    return [str(problem) for problem in validation.problems]


def in_line(graph: Graph, folder: Path) -> int:
    """How many records a forced comparison of the whole workbook would still change (0: the graph is in line)."""
    workbook = read_workbook(folder)
    validation = validate(workbook, existing_ids=existing_kinds(graph, workbook_ids(workbook)), graph=graph)
    return apply_chart(graph, validation.chart, owner=OWNER, force=True, dry_run=True, checked=True).changes


def rows_read(check: CheckedWorkbook) -> dict[str, int]:
    return {sheet: len(numbers) for sheet, numbers in check.validation.rows.items() if numbers}


def test_a_renamed_person_is_read_with_the_rows_beside_it_and_written_alone(graph, digests, tmp_path):
    first, _ = import_folder(graph, digests, write(tmp_path, "one", sheets()))
    assert first.delta is None
    people = [line.replace("Bo;", "Bo Berg;") for line in PEOPLE]
    renamed = write(tmp_path, "two", sheets(people=people))

    check, report = import_folder(graph, digests, renamed)

    assert check.delta is not None
    assert rows_read(check) == {"people": 1, "memberships": 1}  # Bo's row and his membership, which names him
    assert (report.counts["people"].changed, report.counts["people"].unchanged) == (1, 2)
    assert (report.counts["units"].read, report.counts["units"].unchanged) == (4, 4)
    assert report.changes == 1
    assert graph.read("MATCH (n:Entity {uid: 'person:b'}) RETURN n.name AS name") == [{"name": "Bo Berg"}]
    assert in_line(graph, renamed) == 0
    assert import_folder(graph, digests, renamed)[0] is None  # and the next import knows it unchanged


def test_a_new_row_referring_to_kept_rows_is_checked_against_them(graph, digests, tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    early = write(tmp_path, "early", sheets(memberships=[*MEMBERSHIPS, "person:b;lag:b;ledamot;2023-01-01",
                                                         "person:a;lag:a;ledamot;2023-06-01"]))

    check = checked(graph, digests, early)

    assert check.delta is not None
    assert [str(problem) for problem in check.validation.problems] == whole_check(graph, early) == [
        "memberships.csv row 7, column start: membership starts 2023-06-01, before lag:a starts (2024-01-01)"]
    fine = write(tmp_path, "fine", sheets(memberships=[*MEMBERSHIPS, "person:b;lag:b;ledamot;2023-01-01"]))
    check, report = import_folder(graph, digests, fine)
    assert check.delta is not None and report.counts["memberships"].created == 1
    assert in_line(graph, fine) == 0


def test_a_kept_row_referring_to_a_row_the_change_removes_is_a_conflict_naming_it_with_prune(graph, digests,
                                                                                            tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    without_bo = write(tmp_path, "two", sheets(people=[line for line in PEOPLE if not line.startswith("person:b")]))

    check = checked(graph, digests, without_bo)
    assert check.delta is not None and check.validation.ok
    pruned = check.apply(graph, owner=OWNER, prune=True)

    assert not pruned.written
    assert [str(conflict) for conflict in pruned.conflicts] == [
        "memberships.csv row 3: 'person:b' is no longer in the workbook but this row still refers to it; remove "
        "the row or add the record back"]
    kept, report = import_folder(graph, digests, without_bo)  # without --prune Bo stays, as a whole import keeps him
    assert kept.delta is not None and report.unpruned == 1 and report.counts["people"].removed == 1
    assert graph.read("MATCH (n:Entity {uid: 'person:b'}) RETURN n.name AS name") == [{"name": "Bo"}]


def test_a_kept_row_referring_to_a_graph_node_gone_since_is_a_problem_naming_it(graph, digests, tmp_path):
    apply_chart(graph, Chart(units=[UnitRecord("region:y", "region", "Region Y")]), owner="reference")
    units = [*UNITS, "lag:c;LAG;LAG C;;;region:y"]
    import_folder(graph, digests, write(tmp_path, "one", sheets(units=units)))
    graph.write("MATCH (n:Entity {uid: 'region:y'}) DETACH DELETE n")
    changed = write(tmp_path, "two", sheets(units=units, people=[*PEOPLE, "person:d;Dan;ja"]))

    problems = [str(problem) for problem in checked(graph, digests, changed).validation.problems]

    assert problems == whole_check(graph, changed)
    assert problems[0].startswith("units.csv row 6, column region: 'region:y' is neither in this workbook nor in "
                                  "the graph")


def test_a_changed_row_repeating_a_kept_rows_id_or_key_is_a_duplicate(graph, digests, tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    twice = write(tmp_path, "two", sheets(units=[*UNITS, "lag:a;LAG;LAG A igen;;;"],
                                          people=[*PEOPLE, "lpo:a;Someone;ja"],
                                          memberships=[*MEMBERSHIPS, "person:b;lag:a;ledamot;2024-02-01"],
                                          relations=[*RELATIONS, "lpo:a;tillhör;region:x"]))

    check = checked(graph, digests, twice)

    assert check.delta is not None
    problems = [str(problem) for problem in check.validation.problems]
    assert problems == whole_check(graph, twice)
    assert problems == [
        "units.csv row 6, column id: duplicate id 'lag:a': also in units row 4",
        "people.csv row 5, column id: duplicate id 'lpo:a': also in units row 3",
        "memberships.csv row 6: duplicate row (person person:b, unit lag:a, role member, start 2024-02-01): also "
        "row 3",
        "relations.csv row 4, column type: duplicate of units row 3, column region"]


def test_a_row_present_twice_is_a_duplicate_though_the_last_import_had_it(graph, digests, tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    twice = write(tmp_path, "two", sheets(people=[*PEOPLE, "person:c;Cilla;ja"]))

    problems = [str(problem) for problem in checked(graph, digests, twice).validation.problems]

    assert problems == whole_check(graph, twice) == ["people.csv row 5, column id: duplicate id 'person:c': also in "
                                                     "people row 4"]


def test_a_hand_edit_on_a_kept_row_stays_and_force_restores_it(graph, digests, tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    graph.write("MATCH (n:Entity {uid: 'person:a'}) SET n.name = 'Anna by hand'")
    graph.write("MATCH (:Entity {uid: 'person:b'})-[r:MEMBER_OF]->() SET r.note = 'by hand'")
    renamed = write(tmp_path, "two", sheets(people=[line.replace("Bo;", "Bo Berg;") for line in PEOPLE]))

    check, report = import_folder(graph, digests, renamed)

    assert check.delta is not None and report.written and not report.conflicts
    assert graph.read("MATCH (n:Entity {uid: 'person:a'}) RETURN n.name AS name") == [{"name": "Anna by hand"}]
    assert graph.read("MATCH (:Entity {uid: 'person:b'})-[r:MEMBER_OF]->() RETURN r.note AS note") == [
        {"note": "by hand"}]  # read beside Bo's row, and kept: the workbook did not change it
    forced, report = import_folder(graph, digests, renamed, force=True)
    assert forced.delta is None and report.changes == 2
    assert graph.read("MATCH (n:Entity {uid: 'person:a'}) RETURN n.name AS name") == [{"name": "Anna"}]


def test_a_changed_row_edited_by_hand_is_a_conflict_and_nothing_of_the_change_is_written(graph, digests, tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    graph.write("MATCH (n:Entity {uid: 'lag:b'}) SET n.name = 'LAG B by hand'")
    changed = write(tmp_path, "two", sheets(units=[line.replace("LAG B;;", "LAG Beta;2024-01-01;") for line in UNITS],
                                            people=[*PEOPLE, "person:d;Dan;ja"]))

    check = checked(graph, digests, changed)
    report = check.apply(graph, owner=OWNER)

    assert check.delta is not None and not report.written
    assert [conflict.message.split(" (")[0] for conflict in report.conflicts] == [
        "'lag:b' was edited in the graph since the last import"]
    assert graph.read("MATCH (n:Entity {uid: 'person:d'}) RETURN n.uid AS uid") == []


def test_an_owner_whose_records_changed_in_the_graph_is_compared_whole(graph, digests, tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    graph.write("MATCH (n:Entity {uid: 'person:a'}) DETACH DELETE n")
    renamed = write(tmp_path, "two", sheets(people=[line.replace("Bo;", "Bo Berg;") for line in PEOPLE]))

    check, report = import_folder(graph, digests, renamed)

    assert check.delta is None
    assert report.counts["people"].created == 1 and report.counts["memberships"].created == 1
    assert in_line(graph, renamed) == 0


def test_removed_and_moved_rows_are_pruned_and_the_counts_stay_true(graph, digests, tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    moved_units = [UNITS[0], UNITS[3], UNITS[1], UNITS[2]]  # lag:b gone, the others in another order
    smaller = write(tmp_path, "two", sheets(units=moved_units, people=PEOPLE[:3], memberships=MEMBERSHIPS[:3],
                                            relations=RELATIONS[:2]))

    check, report = import_folder(graph, digests, smaller, prune=True)

    assert check.delta is not None and report.written
    assert (report.counts["people"].removed, report.counts["memberships"].removed) == (1, 2)
    assert graph.read("MATCH (n:Entity) WHERE n.uid IN ['lag:b', 'person:c'] RETURN n.uid AS uid") == []
    assert in_line(graph, smaller) == 0
    recorded = digests.recorded(OWNER)
    owned = graph.read("MATCH (n:Entity) WHERE n.imported_from = $owner RETURN count(n) AS n", owner=OWNER)[0]["n"]
    owned_edges = graph.read("MATCH ()-[r]->() WHERE r.imported_from = $owner RETURN count(r) AS n",
                             owner=OWNER)[0]["n"]
    assert (recorded.nodes, recorded.edges) == (owned, owned_edges) == (5, 5)
    assert import_folder(graph, digests, smaller)[0] is None


def test_a_changed_membership_leaves_the_persons_other_membership_as_it_is(graph, digests, tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    noted = write(tmp_path, "two", sheets(memberships=[line.replace("person:c;lag:b;ledamot;2024-03-01",
                                                                    "person:c;lag:b;ordförande;2024-03-01")
                                                       for line in MEMBERSHIPS]))

    check, report = import_folder(graph, digests, noted, prune=True)

    assert check.delta is not None and rows_read(check) == {"memberships": 2, "people": 1, "units": 1}
    assert (report.counts["memberships"].created, report.counts["memberships"].removed) == (1, 1)
    assert report.counts["memberships"].unchanged == 3
    roles = graph.read("MATCH (:Entity {uid: 'person:c'})-[r:MEMBER_OF]->(u) RETURN u.uid AS unit, r.role AS role "
                       "ORDER BY unit")
    assert roles == [{"unit": "lag:a", "role": "member"}, {"unit": "lag:b", "role": "chair"}]
    assert in_line(graph, noted) == 0


def test_a_new_row_repeating_a_kept_membership_is_a_duplicate(graph, digests, tmp_path):
    import_folder(graph, digests, write(tmp_path, "one", sheets()))
    twice = write(tmp_path, "two", sheets(memberships=[*MEMBERSHIPS, "person:b;lag:a;ledamot;2024-02-01;"]))

    problems = [str(problem) for problem in checked(graph, digests, twice).validation.problems]

    assert problems == whole_check(graph, twice) == [
        "memberships.csv row 6: duplicate row (person person:b, unit lag:a, role member, start 2024-02-01): also "
        "row 3"]
