"""Planning an import without a database: records to nodes and edges, ownership, edits by hand, queries."""

from __future__ import annotations

import datetime

from importers.chart import Chart, MembershipRecord, PersonRecord, UnitRecord
from importers.load import create_edges_query, create_nodes_query, plan_batches, update_edges_query
from importers.load_plan import StoredEdge, StoredState, fingerprint, make_plan, planned_records

START = datetime.date(2024, 1, 1)


def chart() -> Chart:
    return Chart(units=[UnitRecord("lag:a", "lag", "LAG A", region="region:18", start=START, source="doc §1")],
                 people=[PersonRecord("person:a", "Anna", fictional=True)],
                 memberships=[MembershipRecord("person:a", "lag:a", "chair", represents=("municipality:1880",))])


def stored_as_imported(owner: str = "wb") -> StoredState:
    """The graph as importing `chart()` for `owner` leaves it."""
    nodes, edges = planned_records(chart())
    state = StoredState()
    for node in nodes:
        state.nodes[node.uid] = {**node.values, "imported_from": owner,
                                 "import_hash": fingerprint(node.sheet, node.values)}
    state.add_edges(StoredEdge(edge.rel_type, edge.source, edge.target,
                               {**edge.values, "imported_from": owner,
                                "import_hash": fingerprint(edge.sheet, edge.values)}) for edge in edges)
    return state


def plan_for(state: StoredState, records: Chart | None = None, **options):
    nodes, edges = planned_records(records or chart())
    return make_plan(nodes, edges, state, owner="wb", **options)


def test_records_become_nodes_with_default_level_and_edges_from_unit_cells():
    nodes, edges = planned_records(chart())

    assert [(node.uid, node.values) for node in nodes] == [
        ("lag:a", {"uid": "lag:a", "name": "LAG A", "kind": "lag", "level": "region", "start": START,
                   "source": "doc §1", "fictional": False}),
        ("person:a", {"uid": "person:a", "name": "Anna", "kind": "person", "fictional": True})]
    assert [(edge.key, edge.values, edge.sheet) for edge in edges] == [
        (("lag:a", "BELONGS_TO", "region:18", None), {"source": "doc §1"}, "units"),
        (("person:a", "MEMBER_OF", "lag:a", "chair", None),
         {"role": "chair", "represents": ["municipality:1880"]}, "memberships")]


def test_a_new_chart_is_all_creates_and_an_imported_one_needs_no_writes():
    fresh = plan_for(StoredState())
    again = plan_for(stored_as_imported())

    assert (len(fresh.node_creates), len(fresh.edge_creates), fresh.conflicts) == (2, 2, [])
    assert again.writes == 0 and again.conflicts == []
    assert {sheet: counts.unchanged for sheet, counts in again.counts.items()} == {
        "units": 1, "people": 1, "memberships": 1, "relations": 0, "mandates": 0}


def test_an_edit_by_hand_is_a_conflict_unless_forced():
    state = stored_as_imported()
    state.nodes["person:a"]["name"] = "Anna (edited)"

    plan = plan_for(state)
    forced = plan_for(state, force=True)

    assert [str(conflict) for conflict in plan.conflicts] == [
        "people row 2: 'person:a' was edited in the graph since the last import (name: graph 'Anna (edited)', "
        "workbook 'Anna'); use --force to overwrite it"]
    assert [node.uid for node, _ in forced.node_updates] == ["person:a"] and forced.conflicts == []


def test_a_record_of_another_owner_is_left_alone_when_equal_and_a_conflict_when_different():
    state = stored_as_imported(owner="reference")
    assert plan_for(state).writes == 0

    state.nodes["lag:a"]["name"] = "LAG A (reference)"
    plan = plan_for(state)

    assert len(plan.conflicts) == 1 and "owned by 'reference', and differs" in str(plan.conflicts[0])


def test_records_the_workbook_dropped_are_removed_only_with_prune():
    state = stored_as_imported()
    smaller = chart()
    smaller.memberships.clear()

    kept = plan_for(state, smaller)
    pruned = plan_for(state, smaller, prune=True)

    assert kept.counts["memberships"].removed == 1 and kept.edge_removals == []
    assert [edge.key for edge in pruned.edge_removals] == [("person:a", "MEMBER_OF", "lag:a", "chair", None)]


def test_a_changed_region_cell_replaces_the_units_edge_without_prune():
    state = stored_as_imported()
    moved = chart()
    moved.units[0] = UnitRecord("lag:a", "lag", "LAG A", region="region:19", start=START, source="doc §1")

    plan = plan_for(state, moved)

    assert [edge.key for edge, _ in plan.edge_creates] == [("lag:a", "BELONGS_TO", "region:19", None)]
    assert [edge.key for edge in plan.edge_removals] == [("lag:a", "BELONGS_TO", "region:18", None)]
    assert plan.counts["units"].changed == 1


def test_write_queries_put_only_model_names_in_the_text():
    assert create_nodes_query("lag") == "UNWIND $rows AS row CREATE (n:Entity:Body:LAG) SET n = row.props"
    assert create_edges_query("MEMBER_OF") == (
        "UNWIND $rows AS row MATCH (a:Entity {uid: row.source}) MATCH (b:Entity {uid: row.target}) "
        "CREATE (a)-[r:MEMBER_OF]->(b) SET r = row.props")
    assert update_edges_query("MANDATE") == (
        "UNWIND $rows AS row MATCH (a:Entity {uid: row.source})-[r:MANDATE]->(b:Entity {uid: row.target}) "
        "SET r += row.props")
    batches = list(plan_batches(plan_for(StoredState())))
    assert [(batch.query, len(batch.rows)) for batch in batches] == [
        (create_nodes_query("lag"), 1), (create_nodes_query("person"), 1),
        (create_edges_query("BELONGS_TO"), 1), (create_edges_query("MEMBER_OF"), 1)]
    assert batches[0].rows[0]["props"]["imported_from"] == "wb"
