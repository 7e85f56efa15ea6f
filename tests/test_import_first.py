"""An owner's first import is checked while its nodes are written, and answers as a check before any write would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_import_delta import MEMBERSHIPS, OWNER, UNITS, sheets, write
from test_import_hardening import TRANSIENT, conflicting

from graphmodel.engine import Graph
from importers.chart import Chart, MembershipRecord, PersonRecord, UnitRecord
from importers.erase import registered_erasures
from importers.import_digests import ImportDigests, owned_counts
from importers.load import apply_chart, existing_kinds
from importers.read import read_workbook
from importers.validate import validate, workbook_ids
from importers.workbook_import import ImportOutcome, check_workbook, import_workbook

pytestmark = pytest.mark.engine


@pytest.fixture
def digests(tmp_path: Path) -> ImportDigests:
    return ImportDigests(tmp_path / "digests.sqlite3")


def first_import(graph: Graph, digests: ImportDigests, folder: Path) -> ImportOutcome:
    return import_workbook(graph, digests, read_workbook(folder), owner=OWNER)


def contents(graph: Graph) -> list[str]:
    """Every node's and edge's properties, as sorted lines."""
    nodes = graph.read("MATCH (n:Entity) RETURN properties(n) AS p")
    edges = graph.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.uid AS a, type(r) AS t, b.uid AS b, "
                       "properties(r) AS p")
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in [*nodes, *edges])


def sent_batches(monkeypatch, graph: Graph) -> list[str]:
    """The queries handed to the graph's write transactions, in order."""
    opened, sent = graph.pipelined_transaction, []

    def recording(**options):
        transaction = opened(**options)
        run = transaction.run

        def run_and_note(query: str, **params) -> None:
            sent.append(query)
            run(query, **params)

        transaction.run = run_and_note
        return transaction

    monkeypatch.setattr(graph, "pipelined_transaction", recording)
    return sent


def whole_check_problems(graph: Graph, folder: Path) -> list[str]:
    """The problems a check of the whole workbook before any write finds."""
    workbook = read_workbook(folder)
    ids = workbook_ids(workbook)
    validation = validate(workbook, existing_ids=existing_kinds(graph, ids),
                          erased_ids=registered_erasures(graph, ids), graph=graph)
    return [str(problem) for problem in validation.problems]


# Records of another owner the workbook has too, as it has them: the region, and Anna with a membership of hers.
OTHERS = Chart(units=[UnitRecord("region:x", "region", "Region X"), UnitRecord("lag:z", "lag", "LAG Z")],
               people=[PersonRecord("person:a", "Anna", fictional=True)],
               memberships=[MembershipRecord("person:a", "lag:z", "member")])


@pytest.mark.parametrize("others", [None, OTHERS], ids=["empty graph", "beside another owner's records"])
def test_a_first_import_writes_and_reports_what_checking_first_then_writing_does(graph, digests, tmp_path, others):
    folder = write(tmp_path, "orebro", sheets())
    if others is not None:
        apply_chart(graph, others, owner="reference")
    before = contents(graph)
    sequential = check_workbook(graph, None, read_workbook(folder), owner=OWNER, force=False)
    expected = sequential.apply(graph, owner=OWNER)
    expected_contents = contents(graph)
    assert expected_contents != before
    graph.write("MATCH (n) DETACH DELETE n")
    if others is not None:
        apply_chart(graph, others, owner="reference")

    outcome = first_import(graph, digests, folder)

    assert outcome.problems == [] and outcome.report is not None and outcome.report.written
    assert {sheet: vars(counts) for sheet, counts in outcome.report.counts.items()} == {
        sheet: vars(counts) for sheet, counts in expected.counts.items()}
    assert [str(change) for change in outcome.report.diff] == [str(change) for change in expected.diff]
    assert contents(graph) == expected_contents
    assert outcome.report.owned == owned_counts(graph, OWNER)  # what the digest keeps is what the engine holds
    assert digests.ledger(OWNER) is not None  # so the next import is checked by its changes
    again = first_import(graph, digests, folder)
    assert (again.report.written, again.report.changes) == (False, 0)


def test_the_units_edges_are_sent_before_the_people_when_their_targets_are_written(graph, digests, tmp_path,
                                                                                   monkeypatch):
    sent = sent_batches(monkeypatch, graph)

    outcome = first_import(graph, digests, write(tmp_path, "orebro", sheets()))

    assert outcome.report.written
    kinds = [query.split("(n:")[1].split(")")[0] if "CREATE (n:" in query else query.split("CREATE (a)-[r:")[1][:10]
             for query in sent]
    assert kinds.index("BELONGS_TO") < next(index for index, kind in enumerate(kinds) if "Person" in kind)
    assert graph.read("MATCH (:Entity {uid: 'lag:b'})-[:BELONGS_TO]->(r:Entity) RETURN r.uid AS r") == [
        {"r": "region:x"}]


# A unit cell that names its region: the units' edges then wait for the whole chart's names to be read.
NAMED_REGION = [*UNITS[:4], "lag:b;LAG;LAG B;;;Region X"]
# Another owner's records that differ from the workbook's: a unit, a person and a unit's edge to its region.
DIFFERING = Chart(units=[UnitRecord("region:x", "region", "Region X"),
                         UnitRecord("lag:b", "lag", "LAG B", region="region:x", source="annat beslut")],
                  people=[PersonRecord("person:a", "Annika", fictional=True)])


@pytest.mark.parametrize("units", [UNITS, NAMED_REGION], ids=["ids", "a region by its name"])
def test_a_first_import_with_edges_sent_ahead_or_not_answers_as_checking_first(graph, digests, tmp_path, units):
    folder = write(tmp_path, "orebro", sheets(units=units))
    sequential = check_workbook(graph, None, read_workbook(folder), owner=OWNER, force=False)
    expected = sequential.apply(graph, owner=OWNER)
    expected_contents = contents(graph)
    graph.write("MATCH (n) DETACH DELETE n")

    outcome = first_import(graph, digests, folder)

    assert [str(change) for change in outcome.report.diff] == [str(change) for change in expected.diff]
    assert [str(warning) for warning in outcome.warnings] == [str(warning) for warning in sequential.validation.warnings]
    assert contents(graph) == expected_contents


def test_conflicts_of_units_people_and_units_edges_come_in_the_order_checking_first_gives(graph, digests, tmp_path):
    apply_chart(graph, DIFFERING, owner="reference")
    before = contents(graph)
    folder = write(tmp_path, "orebro", sheets())
    checked_first = check_workbook(graph, None, read_workbook(folder), owner=OWNER, force=False)
    expected = [str(conflict) for conflict in checked_first.apply(graph, owner=OWNER).conflicts]

    outcome = first_import(graph, digests, folder)

    assert [str(conflict) for conflict in outcome.report.conflicts] == expected
    assert [(conflict.sheet, conflict.row, conflict.value) for conflict in outcome.report.conflicts] == [
        ("units", 5, "lag:b"), ("people", 2, "person:a"), ("units", 5, "lag:b -BELONGS_TO-> region:x")]
    assert contents(graph) == before


def test_a_bad_row_found_after_the_nodes_were_sent_leaves_the_graph_as_it_was(graph, digests, tmp_path, monkeypatch):
    apply_chart(graph, Chart(units=[UnitRecord("region:y", "region", "Region Y")]), owner="reference")
    before = contents(graph)
    bad = [*MEMBERSHIPS, "person:a;lag:b;emperor;2024-01-01", "person:zz;lag:b;ledamot;2024-01-01"]
    folder = write(tmp_path, "orebro", sheets(memberships=bad))
    sent = sent_batches(monkeypatch, graph)

    outcome = first_import(graph, digests, folder)

    assert outcome.report is None
    assert [str(problem) for problem in outcome.problems] == whole_check_problems(graph, folder)
    assert {(problem.sheet, problem.row, problem.column) for problem in outcome.problems} == {
        ("memberships", 6, "role"), ("memberships", 7, "person")}
    assert any(query.startswith("UNWIND $rows AS row CREATE (n:") for query in sent)  # the nodes went first
    assert contents(graph) == before
    assert digests.recorded(OWNER) is None


def test_a_repeated_id_the_engine_refuses_is_answered_with_the_problem_not_the_engine_error(graph, digests, tmp_path):
    folder = write(tmp_path, "orebro", sheets(units=[*UNITS, "lag:a;LAG;LAG A igen;;;region:x"]))

    outcome = first_import(graph, digests, folder)

    assert outcome.report is None
    assert [str(problem) for problem in outcome.problems] == whole_check_problems(graph, folder)
    assert [(problem.sheet, problem.row, problem.column) for problem in outcome.problems] == [("units", 6, "id")]
    assert contents(graph) == []


def test_a_conflict_with_another_owner_rolls_the_first_import_back(graph, digests, tmp_path):
    apply_chart(graph, Chart(units=[UnitRecord("region:x", "region", "Region Ex")]), owner="reference")
    before = contents(graph)
    folder = write(tmp_path, "orebro", sheets())
    checked_first = check_workbook(graph, None, read_workbook(folder), owner=OWNER, force=False)
    expected = [str(conflict) for conflict in checked_first.apply(graph, owner=OWNER).conflicts]

    outcome = first_import(graph, digests, folder)

    assert outcome.report is not None and not outcome.report.written
    assert [str(conflict) for conflict in outcome.report.conflicts] == expected
    assert [(conflict.sheet, conflict.row) for conflict in outcome.report.conflicts] == [("units", 2)]
    assert contents(graph) == before
    assert digests.recorded(OWNER) is None


def test_a_transient_refusal_of_a_first_import_is_retried_from_a_fresh_read(graph, digests, tmp_path, monkeypatch):
    calls = conflicting(monkeypatch, graph, "batch", times=1, error=TRANSIENT)

    outcome = first_import(graph, digests, write(tmp_path, "orebro", sheets()))

    assert len(calls) == 2
    assert outcome.report.written and outcome.report.counts["units"].created == 4
    assert graph.read("MATCH (n:Entity) RETURN count(n) AS n") == [{"n": 7}]
