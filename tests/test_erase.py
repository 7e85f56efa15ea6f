"""Erasing a person: the node and every edge touching it go in one transaction, everything else stays."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

import neo4j.exceptions
import pytest

from cypher.params import UnknownId
from graphmodel.engine import Graph
from graphmodel.model import edge_properties
from importers.chart import Chart, MandateRecord, MembershipRecord, PersonRecord, RelationRecord, UnitRecord
from importers.erase import (
    NotAPerson,
    erase_person,
    honour_erasures,
    person_edge_types,
    preview_erasure,
    registered_erasures,
    without_people,
)
from importers.load import apply_chart
from importers.reference import REFERENCE_OWNER, reference_chart

ANNA, BO, CECILIA = "person:anna-alm", "person:bo-berg", "person:cecilia-ceder"
LAG, LPO, NETWORK = "lag:test-lag", "lpo:test-lpo", "network:test-network"
POST, MATTER = "post:test-samordnare", "decision-matter:test-matter"
ON = datetime.date(2024, 6, 1)
D = datetime.date


def small_chart() -> Chart:
    """Anna chairs the LAG (Cecilia did before), chaired the LPO before Bo, set up a network, holds a post."""
    units = [UnitRecord(LAG, "lag", "Testgruppen"), UnitRecord(LPO, "lpo", "Testområdet"),
             UnitRecord(NETWORK, "network", "Testnätverket", established_by=ANNA, decision_ref="T1"),
             UnitRecord(POST, "post", "Samordnare"), UnitRecord(MATTER, "decision_matter", "Testfrågor")]
    people = [PersonRecord(ANNA, "Anna Alm", fictional=True), PersonRecord(BO, "Bo Berg", fictional=True),
              PersonRecord(CECILIA, "Cecilia Ceder", fictional=True)]
    memberships = [
        MembershipRecord(ANNA, LAG, "chair", start=D(2020, 1, 1)),
        MembershipRecord(ANNA, LPO, "chair", start=D(2019, 1, 1), end=D(2020, 12, 31)),
        MembershipRecord(ANNA, LPO, "member", start=D(2021, 1, 1)),
        MembershipRecord(BO, LPO, "chair", start=D(2021, 1, 1)),
        MembershipRecord(ANNA, NETWORK, "member"),
        MembershipRecord(BO, LAG, "member", represents=(ANNA, LPO), appointed_by=ANNA),
        MembershipRecord(CECILIA, NETWORK, "member"),
        MembershipRecord(CECILIA, LAG, "chair", start=D(2015, 1, 1), end=D(2019, 12, 31)),
    ]
    relations = [RelationRecord(ANNA, "HOLDS_POST", POST, start=D(2020, 1, 1)),
                 RelationRecord(BO, "HOLDS_POST", POST, start=D(2015, 1, 1), end=D(2019, 12, 31)),
                 RelationRecord(CECILIA, "CONTACT_PERSON_FOR", ANNA), RelationRecord(ANNA, "INFORMS", CECILIA),
                 RelationRecord(LAG, "REPORTS_TO", LPO), RelationRecord(CECILIA, "INFORMS", BO)]
    mandates = [MandateRecord(ANNA, MATTER, True), MandateRecord(LPO, MATTER, False)]
    return Chart(units, people, memberships, relations, mandates)


NODES = "MATCH (n:Entity) RETURN n.uid AS uid"
EDGES = ("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.uid AS source, type(r) AS type, b.uid AS target, "
         "r.role AS role, r.start AS start")


def snapshot(graph: Graph) -> tuple[set[str], set[tuple]]:
    nodes = {row["uid"] for row in graph.read(NODES)}
    edges = {(row["source"], row["type"], row["target"], row["role"], str(row["start"])) for row in graph.read(EDGES)}
    return nodes, edges


def register_size(graph: Graph) -> int:
    return graph.read("MATCH (e:ErasedPerson) RETURN count(e) AS n")[0]["n"]


@pytest.fixture
def small_graph(graph: Graph) -> Graph:
    assert not apply_chart(graph, small_chart(), owner="test").conflicts
    return graph


# -- the erasure on the engine ----------------------------------------------------------------------
def test_the_person_and_their_edges_go_and_everything_else_stays(small_graph):
    nodes_before, edges_before = snapshot(small_graph)
    touching = {edge for edge in edges_before if ANNA in (edge[0], edge[2])}
    assert len(touching) == 9

    report = erase_person(small_graph, ANNA, on=ON)

    nodes_after, edges_after = snapshot(small_graph)
    assert nodes_after == nodes_before - {ANNA}
    assert edges_after == edges_before - touching
    assert report.erased and report.edges_total == 9
    assert {rel_type: count for rel_type, count in report.edges.items() if count} == {
        "MEMBER_OF": 4, "HOLDS_POST": 1, "CONTACT_PERSON_FOR": 1, "INFORMS": 1, "ESTABLISHED_BY": 1, "MANDATE": 1}


def test_the_persons_id_is_cleared_from_other_memberships(small_graph):
    report = erase_person(small_graph, ANNA, on=ON)

    rows = small_graph.read("MATCH (:Entity {uid: $bo})-[r:MEMBER_OF]->(:Entity {uid: $lag}) "
                            "RETURN r.appointed_by AS appointed_by, r.represents AS represents", bo=BO, lag=LAG)
    assert rows == [{"appointed_by": None, "represents": [LPO]}]
    assert report.id_references == 1


def test_the_report_names_the_groups_that_lost_a_member_and_a_chair(small_graph):
    report = erase_person(small_graph, ANNA, on=ON)
    document = report.as_json()

    assert document["person"] == {"uid": ANNA, "name": "Anna Alm"}
    assert [(m["group"]["uid"], [(r["role"], r["start"], r["end"], r["current"]) for r in m["roles"]])
            for m in document["memberships"]] == [
        (LAG, [("chair", "2020-01-01", None, True)]),
        (LPO, [("chair", "2019-01-01", "2020-12-31", False), ("member", "2021-01-01", None, True)]),
        (NETWORK, [("member", None, None, True)]),
    ]
    # The LPO's chair today is Bo; the LAG's only other chair left in 2019, so it is left without one.
    assert {(c["group"]["uid"], c["current"], c["without_current_chair"]) for c in document["chairs"]} == {
        (LAG, True, True), (LPO, False, False)}
    assert [(p["post"]["uid"], p["without_current_holder"]) for p in document["posts"]] == [(POST, True)]
    assert json.loads(json.dumps(document)) == document


def test_every_relation_type_that_can_touch_a_person_is_in_the_report(small_graph):
    document = preview_erasure(small_graph, CECILIA, on=ON).as_json()

    assert list(document["edges_removed"]) == list(person_edge_types())
    assert document["edges_removed_total"] == 5
    # Cecilia chaired the LAG before Anna, who chairs it now.
    assert [(c["group"]["uid"], c["current"], c["without_current_chair"]) for c in document["chairs"]] == [
        (LAG, False, False)]
    assert document["posts"] == []


def test_a_preview_reports_the_same_and_writes_nothing(small_graph):
    before = snapshot(small_graph)

    preview = preview_erasure(small_graph, ANNA, on=ON)

    assert snapshot(small_graph) == before and register_size(small_graph) == 0
    assert not preview.erased
    erased = erase_person(small_graph, ANNA, on=ON)
    assert {**preview.as_json(), "erased": True} == erased.as_json()


def test_an_unknown_id_is_refused_by_name_and_nothing_changes(small_graph):
    before = snapshot(small_graph)

    with pytest.raises(UnknownId, match="'person:nobody'") as error:
        erase_person(small_graph, "person:nobody")

    assert error.value.uid == "person:nobody" and error.value.parameter == "uid"
    assert snapshot(small_graph) == before and register_size(small_graph) == 0


def test_a_node_that_is_not_a_person_is_refused_with_its_kind_and_nothing_changes(small_graph):
    before = snapshot(small_graph)

    with pytest.raises(NotAPerson, match="local working group") as error:
        erase_person(small_graph, LAG)

    assert error.value.kind == "lag" and isinstance(error.value, ValueError)
    assert snapshot(small_graph) == before and register_size(small_graph) == 0


def test_a_failure_inside_the_transaction_after_the_delete_leaves_the_graph_unchanged(small_graph):
    before = snapshot(small_graph)
    seen_inside = []

    def duplicate_id(tx, report):
        seen_inside.append(tx.run("MATCH (p:Entity {uid: $uid}) RETURN count(p) AS n", uid=ANNA).single()["n"])
        # A real engine failure: the uid constraint refuses a second Bo (at once on Neo4j, at commit on ArcadeDB).
        tx.run("CREATE (p:Entity:Person {uid: $uid, name: 'Bo again', kind: 'person'})", uid=BO).consume()

    with pytest.raises(neo4j.exceptions.ConstraintError):
        erase_person(small_graph, ANNA, before_commit=duplicate_id)

    assert seen_inside == [0]
    assert snapshot(small_graph) == before and register_size(small_graph) == 0


def test_an_error_raised_before_commit_rolls_the_erasure_back(small_graph):
    before = snapshot(small_graph)

    def refuse(tx, report):
        raise RuntimeError("audit log unavailable")

    with pytest.raises(RuntimeError, match="audit log"):
        erase_person(small_graph, ANNA, before_commit=refuse)

    assert snapshot(small_graph) == before and register_size(small_graph) == 0


# -- the register, and loading again ------------------------------------------------------------------
def test_the_register_knows_the_erased_id_without_holding_it(small_graph):
    erase_person(small_graph, ANNA, on=ON)
    erase_person(small_graph, BO, on=ON)

    assert registered_erasures(small_graph, [ANNA, BO, CECILIA]) == {ANNA, BO}
    stored = json.dumps(small_graph.read("MATCH (e:ErasedPerson) RETURN properties(e) AS props"), default=str)
    assert "anna" not in stored.lower() and "Alm" not in stored
    assert register_size(small_graph) == 2


def test_importing_the_same_chart_again_does_not_bring_an_erased_person_back(small_graph):
    erase_person(small_graph, ANNA, on=ON)
    nodes, edges = snapshot(small_graph)

    again = apply_chart(small_graph, honour_erasures(small_graph, small_chart()), owner="test")

    assert not again.conflicts
    assert snapshot(small_graph) == (nodes, edges)


def test_reloading_the_reference_data_would_recreate_an_erased_person_unless_erasures_are_honoured(graph):
    rask = "person:johanna-rask"
    apply_chart(graph, reference_chart(), owner=REFERENCE_OWNER)
    erase_person(graph, rask)
    before = snapshot(graph)

    naive = apply_chart(graph, reference_chart(), owner=REFERENCE_OWNER, dry_run=True)
    assert naive.kinds["person"].created == 1

    honoured = apply_chart(graph, honour_erasures(graph, reference_chart()), owner=REFERENCE_OWNER)
    assert not honoured.conflicts and honoured.changes == 0
    assert snapshot(graph) == before and rask not in before[0]


# -- pure parts -------------------------------------------------------------------------------------------
def test_without_people_drops_their_records_and_their_ids_in_others():
    chart = without_people(small_chart(), {ANNA})

    assert [person.id for person in chart.people] == [BO, CECILIA]
    assert ANNA not in {member.person for member in chart.memberships}
    assert [(m.represents, m.appointed_by) for m in chart.memberships if m.person == BO and m.unit == LAG] == [
        ((LPO,), None)]
    assert [(r.source, r.type, r.target) for r in chart.relations] == [
        (BO, "HOLDS_POST", POST), (LAG, "REPORTS_TO", LPO), (CECILIA, "INFORMS", BO)]
    assert [m.holder for m in chart.mandates] == [LPO]
    network = next(unit for unit in chart.units if unit.id == NETWORK)
    assert (network.established_by, network.decision_ref) == (None, None)


def test_the_relation_types_that_can_touch_a_person_come_from_the_model():
    types = set(person_edge_types())

    assert {"MEMBER_OF", "HOLDS_POST", "CONTACT_PERSON_FOR", "INFORMS", "DISSEMINATES_TO", "MANDATE"} <= types
    assert not types & {"COVERS", "BELONGS_TO", "LOCATED_IN", "SERVES", "MIRRORS"}


def test_the_id_holding_membership_properties_are_in_the_model():
    assert {"appointed_by", "represents"} <= set(edge_properties("MEMBER_OF"))


# -- the command ------------------------------------------------------------------------------------------
def govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], check=False, env=env, capture_output=True,
                          text=True, timeout=300)


def test_govgraph_person_erase_shows_a_dry_run_then_erases_with_yes(cli_env):
    wahlberg, suicide_lag = "person:cecilia-wahlberg", "lag:region-orebro-lan-suicidprevention"
    assert govgraph(cli_env, "db", "start").returncode == 0
    try:
        assert govgraph(cli_env, "load", "reference").returncode == 0

        dry = govgraph(cli_env, "person", "erase", wahlberg)
        assert dry.returncode == 0, dry.stderr
        text = " ".join(dry.stdout.split())
        assert "Dry run" in text and "Groups that lose their chair" in text and "Nothing was written" in text

        done = govgraph(cli_env, "person", "erase", wahlberg, "--yes", "--json")
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        assert document["erased"] is True and document["person"]["name"] == "Cecilia Wahlberg"
        assert [(c["group"]["uid"], c["without_current_chair"]) for c in document["chairs"]] == [(suicide_lag, True)]

        gone = govgraph(cli_env, "person", "erase", wahlberg)
        assert gone.returncode == 2 and wahlberg in gone.stderr
        not_a_person = govgraph(cli_env, "person", "erase", suicide_lag, "--yes")
        assert not_a_person.returncode == 2 and "not a person" in not_a_person.stderr
    finally:
        govgraph(cli_env, "db", "stop")
