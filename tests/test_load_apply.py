"""Importing charts into a real engine: idempotent, diffed, owned, conflict-aware and all or nothing."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from importers import load
from importers.chart import Chart, MandateRecord, MembershipRecord, PersonRecord, RelationRecord, UnitRecord
from importers.load import InvalidChart, apply_chart
from importers.read import read_workbook
from importers.validate import validate

pytestmark = pytest.mark.engine

REFERENCE = Chart(units=[
    UnitRecord("region:18", "region", "Region Örebro län", code="18"),
    UnitRecord("municipality:1880", "municipality", "Örebro", code="1880"),
    UnitRecord("knowledge-area:psykisk-halsa", "knowledge_area", "Psykisk hälsa"),
])


def sample_chart() -> Chart:
    return Chart(
        units=[
            UnitRecord("lpo:psyk", "lpo", "LPO Psykisk hälsa", region="region:18",
                       knowledge_area="knowledge-area:psykisk-halsa"),
            UnitRecord("lag:psyk", "lag", "LAG Ångest", region="region:18", start=datetime.date(2024, 1, 1),
                       end=datetime.date(2026, 12, 31), established_by="lpo:psyk", decision_ref="D-1",
                       former_names=("LAG Oro",)),
            UnitRecord("matter:rutin", "decision_matter", "Ny rutin"),
        ],
        people=[PersonRecord("person:anna", "Anna Andersson", title="Överläkare", fictional=True),
                PersonRecord("person:bo", "Bo Berg", fictional=True)],
        memberships=[
            MembershipRecord("person:anna", "lag:psyk", "chair", start=datetime.date(2024, 1, 1)),
            MembershipRecord("person:bo", "lag:psyk", "municipal_representative", represents=("municipality:1880",),
                             start=datetime.date(2024, 1, 1)),
        ],
        relations=[RelationRecord("lag:psyk", "REPORTS_TO", "lpo:psyk", note="yearly")],
        mandates=[MandateRecord("lpo:psyk", "matter:rutin", True, condition="inom budget")],
    )


def nodes(graph) -> set[tuple]:
    rows = graph.read("MATCH (n:Entity) RETURN n.uid AS uid, n.kind AS kind, n.name AS name, "
                      "n.imported_from AS owner")
    return {(row["uid"], row["kind"], row["name"], row["owner"]) for row in rows}


def edges(graph) -> set[tuple]:
    rows = graph.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.uid AS a, type(r) AS type, b.uid AS b, "
                      "r.role AS role, r.imported_from AS owner")
    return {(row["a"], row["type"], row["b"], row["role"], row["owner"]) for row in rows}


def everything(graph) -> tuple[list, list]:
    """Every node's and edge's full properties, to show a graph did not change at all."""
    node_rows = graph.read("MATCH (n:Entity) RETURN properties(n) AS p ORDER BY n.uid")
    edge_rows = graph.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.uid AS a, type(r) AS t, b.uid AS b, "
                           "properties(r) AS p")
    as_text = sorted(repr(sorted(row["p"].items())) + f"{row['a']}{row['t']}{row['b']}" for row in edge_rows)
    return [sorted(row["p"].items()) for row in node_rows], as_text


@pytest.fixture
def reference_graph(graph):
    apply_chart(graph, REFERENCE, owner="reference")
    return graph


def counts(report, sheet: str) -> tuple[int, int, int, int, int]:
    c = report.counts[sheet]
    return c.read, c.created, c.changed, c.unchanged, c.removed


def test_import_writes_the_chart_and_a_second_import_changes_nothing(reference_graph):
    graph = reference_graph
    first = apply_chart(graph, sample_chart(), owner="orebro")

    assert first.written and first.conflicts == []
    assert {node for node in nodes(graph) if node[3] == "orebro"} == {
        ("lpo:psyk", "lpo", "LPO Psykisk hälsa", "orebro"), ("lag:psyk", "lag", "LAG Ångest", "orebro"),
        ("matter:rutin", "decision_matter", "Ny rutin", "orebro"),
        ("person:anna", "person", "Anna Andersson", "orebro"), ("person:bo", "person", "Bo Berg", "orebro")}
    assert edges(graph) == {
        ("lpo:psyk", "BELONGS_TO", "region:18", None, "orebro"),
        ("lpo:psyk", "COVERS", "knowledge-area:psykisk-halsa", None, "orebro"),
        ("lag:psyk", "BELONGS_TO", "region:18", None, "orebro"),
        ("lag:psyk", "ESTABLISHED_BY", "lpo:psyk", None, "orebro"),
        ("person:anna", "MEMBER_OF", "lag:psyk", "chair", "orebro"),
        ("person:bo", "MEMBER_OF", "lag:psyk", "municipal_representative", "orebro"),
        ("lag:psyk", "REPORTS_TO", "lpo:psyk", None, "orebro"),
        ("lpo:psyk", "MANDATE", "matter:rutin", None, "orebro")}
    stored = graph.read("MATCH (n:Entity {uid: 'lag:psyk'}) RETURN n.start AS start, n.level AS level, "
                        "n.former_names AS former, labels(n) AS labels")[0]
    assert stored["start"].to_native() == datetime.date(2024, 1, 1)
    assert (stored["level"], stored["former"], set(stored["labels"])) == ("region", ["LAG Oro"],
                                                                         {"Entity", "Body", "LAG"})
    assert counts(first, "units") == (3, 3, 0, 0, 0)

    before = everything(graph)
    second = apply_chart(graph, sample_chart(), owner="orebro")

    assert not second.written
    assert {sheet: (c.created, c.changed, c.removed) for sheet, c in second.counts.items()} == {
        sheet: (0, 0, 0) for sheet in second.counts}
    assert counts(second, "memberships") == (2, 0, 0, 2, 0)
    assert everything(graph) == before


def test_a_changed_workbook_reports_created_changed_and_removed_and_prunes_only_when_asked(reference_graph):
    graph = reference_graph
    apply_chart(graph, sample_chart(), owner="orebro")
    changed = sample_chart()
    changed.units[0] = dataclasses.replace(changed.units[0], name="LPO Psykisk hälsa och beroende")
    changed.units[1] = dataclasses.replace(changed.units[1], region="municipality:1880")
    changed.people.append(PersonRecord("person:carin", "Carin Dahl", fictional=True))
    changed.memberships.pop()

    report = apply_chart(graph, changed, owner="orebro")

    assert counts(report, "units") == (3, 0, 2, 1, 0)
    assert counts(report, "people") == (3, 1, 0, 2, 0)
    assert counts(report, "memberships") == (1, 0, 0, 1, 1)
    assert ("lpo:psyk", "lpo", "LPO Psykisk hälsa och beroende", "orebro") in nodes(graph)
    # The unit's region cell was replaced; the membership the workbook dropped stays until --prune.
    assert ("lag:psyk", "BELONGS_TO", "municipality:1880", None, "orebro") in edges(graph)
    assert ("lag:psyk", "BELONGS_TO", "region:18", None, "orebro") not in edges(graph)
    assert ("person:bo", "MEMBER_OF", "lag:psyk", "municipal_representative", "orebro") in edges(graph)

    pruned = apply_chart(graph, changed, owner="orebro", prune=True)

    assert counts(pruned, "memberships") == (1, 0, 0, 1, 1)
    assert ("person:bo", "MEMBER_OF", "lag:psyk", "municipal_representative", "orebro") not in edges(graph)
    assert apply_chart(graph, changed, owner="orebro", prune=True).counts["memberships"].removed == 0


def test_prune_removes_only_what_this_owner_imported(reference_graph):
    graph = reference_graph
    apply_chart(graph, sample_chart(), owner="orebro")
    other = Chart(people=[PersonRecord("person:dora", "Dora Ek", fictional=True)],
                  memberships=[MembershipRecord("person:dora", "lpo:psyk", "member")])
    apply_chart(graph, other, owner="kommunerna")
    graph.write("MATCH (m:Entity {uid: 'matter:rutin'}) CREATE (:Entity:Post {uid: 'post:by-hand', name: 'By hand', "
                "kind: 'post'})-[:LEADS]->(m)")

    emptier = sample_chart()
    emptier.people.pop()         # person:bo, owned by orebro
    emptier.memberships.pop()    # and the membership that named him
    emptier.units.pop()          # matter:rutin: orebro's, but a hand-made edge touches it
    emptier.mandates.clear()
    blocked = apply_chart(graph, emptier, owner="orebro", prune=True)

    assert not blocked.written
    assert [str(conflict) for conflict in blocked.conflicts] == [
        "units: cannot remove 'matter:rutin': 1 relation(s) not owned by 'orebro' touch it; "
        "use --force to overwrite it"]

    emptier.units.append(sample_chart().units[2])
    emptier.mandates.extend(sample_chart().mandates)
    report = apply_chart(graph, emptier, owner="orebro", prune=True)

    assert report.written and counts(report, "people") == (1, 0, 0, 1, 1)
    uids = {node[0] for node in nodes(graph)}
    assert "person:bo" not in uids
    assert {"person:dora", "post:by-hand", "region:18", "person:anna"} <= uids
    assert ("person:dora", "MEMBER_OF", "lpo:psyk", "member", "kommunerna") in edges(graph)


def test_dry_run_reports_the_diff_and_writes_nothing(reference_graph):
    graph = reference_graph
    before = everything(graph)

    report = apply_chart(graph, sample_chart(), owner="orebro", dry_run=True)

    assert counts(report, "units") == (3, 3, 0, 0, 0)
    assert report.dry_run and not report.written
    assert everything(graph) == before


def test_a_record_edited_by_hand_that_the_workbook_changes_too_is_a_conflict_and_nothing_is_written_unless_forced(
        reference_graph):
    graph = reference_graph
    apply_chart(graph, sample_chart(), owner="orebro")
    graph.write("MATCH (n:Entity {uid: 'lag:psyk'}) SET n.name = 'LAG Ångest (edited)'")
    graph.write("MATCH (:Entity {uid: 'person:anna'})-[r:MEMBER_OF]->() SET r.note = 'by hand'")
    changed = sample_chart()
    changed.units[1] = dataclasses.replace(changed.units[1], note="new note")
    changed.memberships[0] = dataclasses.replace(changed.memberships[0], end=datetime.date(2026, 6, 30))
    changed.people.append(PersonRecord("person:carin", "Carin Dahl", fictional=True))
    before = everything(graph)

    report = apply_chart(graph, changed, owner="orebro")

    assert [str(conflict) for conflict in report.conflicts] == [
        "units row 3: 'lag:psyk' was edited in the graph since the last import (name: graph 'LAG Ångest (edited)', "
        "workbook 'LAG Ångest'; note: graph empty, workbook 'new note'); use --force to overwrite it",
        "memberships row 2: 'person:anna -MEMBER_OF-> lag:psyk' was edited in the graph since the last import "
        "(end: graph empty, workbook 2026-06-30; note: graph 'by hand', workbook empty); use --force to overwrite it"]
    assert not report.written
    assert everything(graph) == before

    forced = apply_chart(graph, changed, owner="orebro", force=True)

    assert forced.written
    assert ("lag:psyk", "lag", "LAG Ångest", "orebro") in nodes(graph)
    assert graph.read("MATCH (:Entity {uid: 'person:anna'})-[r:MEMBER_OF]->() RETURN r.note AS note") == [
        {"note": None}]
    assert not apply_chart(graph, changed, owner="orebro").written


def test_an_edit_by_hand_on_a_row_the_workbook_did_not_change_stays_and_force_restores_it(reference_graph):
    graph = reference_graph
    apply_chart(graph, sample_chart(), owner="orebro")
    graph.write("MATCH (n:Entity {uid: 'lag:psyk'}) SET n.name = 'LAG Ångest (edited)'")
    grown = sample_chart()
    grown.people.append(PersonRecord("person:carin", "Carin Dahl", fictional=True))

    report = apply_chart(graph, grown, owner="orebro")

    assert report.written and not report.conflicts
    assert counts(report, "units") == (3, 0, 0, 3, 0)
    assert ("lag:psyk", "lag", "LAG Ångest (edited)", "orebro") in nodes(graph)
    assert ("person:carin", "person", "Carin Dahl", "orebro") in nodes(graph)

    forced = apply_chart(graph, grown, owner="orebro", force=True)

    assert forced.written and counts(forced, "units") == (3, 0, 1, 2, 0)
    assert ("lag:psyk", "lag", "LAG Ångest", "orebro") in nodes(graph)


def test_a_differing_record_of_another_owner_is_a_conflict_and_an_equal_one_is_left_alone(reference_graph):
    graph = reference_graph
    renamed = Chart(units=[UnitRecord("region:18", "region", "Region Örebro", code="18")])
    same = Chart(units=[UnitRecord("region:18", "region", "Region Örebro län", code="18")])

    conflict = apply_chart(graph, renamed, owner="orebro")
    unchanged = apply_chart(graph, same, owner="orebro")

    assert [str(c) for c in conflict.conflicts] == [
        "units row 2: 'region:18' already exists, owned by 'reference', and differs (name: graph 'Region Örebro "
        "län', workbook 'Region Örebro'); use --force to overwrite it"]
    assert counts(unchanged, "units") == (1, 0, 0, 1, 0)
    assert ("region:18", "region", "Region Örebro län", "reference") in nodes(graph)


def test_a_chart_naming_ids_that_exist_nowhere_is_refused(graph):
    with pytest.raises(InvalidChart, match="units row 2, column region: 'region:18' is neither in this workbook"):
        apply_chart(graph, sample_chart(), owner="orebro")
    assert nodes(graph) == set()


def test_a_failure_in_the_last_batch_leaves_nothing_written(reference_graph, monkeypatch):
    """Another writer takes an id after the plan was made: the unique constraint fails at commit."""
    graph = reference_graph
    monkeypatch.setattr(load, "BATCH_SIZE", 1)
    before = everything(graph)
    batches = []

    def interfere(done: int, total: int) -> None:
        batches.append(done)
        if len(batches) == 1:
            graph.write("CREATE (:Entity:Person {uid: 'person:bo', name: 'Taken', kind: 'person'})")

    with pytest.raises(Exception, match="(?i)duplicat|unique|constraint|concurrent"):
        apply_chart(graph, sample_chart(), owner="orebro", progress=interfere)

    assert len(batches) > 5
    graph.write("MATCH (n:Entity {uid: 'person:bo', name: 'Taken'}) DELETE n")
    assert everything(graph) == before


CSV_SHEETS = {
    "units": [["id", "kind", "name", "region", "start"],
              ["lag:örebro-äldre", "lokal arbetsgrupp", "LAG Äldres hälsa – Örebro", "region:18", "2024-01-01"]],
    "people": [["id", "name", "title"], ["person:åsa", "Åsa Öberg", "Sjuksköterska; MAS"]],
    "memberships": [["person", "unit", "role", "represents"],
                    ["person:åsa", "lag:örebro-äldre", "kommunal representant", "municipality:1880"]],
    "relations": [["source", "type", "target", "note"],
                  ["lag:örebro-äldre", "tillhör", "municipality:1880", "Anteckning, med komma"]],
}


def write_csv(folder: Path, delimiter: str, encoding: str) -> Path:
    import csv

    folder.mkdir()
    for name, rows in CSV_SHEETS.items():
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as handle:
            csv.writer(handle, delimiter=delimiter).writerows(rows)
    return folder


def test_a_semicolon_windows_1252_folder_imports_the_same_graph_as_its_utf8_comma_twin(reference_graph, tmp_path):
    graph = reference_graph
    results = []
    for delimiter, encoding in ((";", "cp1252"), (",", "utf-8-sig")):
        validation = validate(read_workbook(write_csv(tmp_path / encoding, delimiter, encoding)),
                              existing_ids={"region:18": "region", "municipality:1880": "municipality"})
        assert validation.problems == []
        apply_chart(graph, validation.chart, owner="chart")
        results.append(everything(graph))
        graph.write("MATCH (n:Entity) WHERE n.imported_from = 'chart' DETACH DELETE n")

    assert results[0] == results[1]
    assert any(("name", "Åsa Öberg") in node for node in results[0][0])
