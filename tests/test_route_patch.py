"""The route index brought up to date from the change log: only what a write named is read again, and the
patched index answers exactly as one read in full."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from cypher import route_index as cache
from cypher.contact_path import PathOptions, contact_paths
from cypher.route_index import load_route_index, read_counts, read_route_rows, route_index, settled
from cypher.route_patch import read_rows_of
from cypher.route_snapshot import read_snapshot
from graphmodel.engine import Graph
from graphmodel.graph_version import GraphVersion
from importers.chart import Chart, MembershipRecord, PersonRecord
from importers.erase import erase_person
from importers.load import apply_chart
from importers.reference import REFERENCE_OWNER, reference_chart

pytestmark = pytest.mark.engine

TODAY = PathOptions(datetime.date(2026, 11, 22))
NPO = "npo:psykisk-halsa"
LAG = "lag:region-orebro-lan-suicidprevention"
RASK = "person:johanna-rask"
OREBRO = "municipality:1880"


@pytest.fixture
def versioned(graph: Graph, tmp_path, monkeypatch) -> Graph:
    """The reference data in a graph with a version and change log of its own, its index read once."""
    monkeypatch.setattr(graph, "shared_version", GraphVersion(tmp_path / "graph-version.sqlite3"))
    cache._cache.pop(graph, None)
    cache._kept_versions.pop(graph, None)
    apply_chart(graph, reference_chart(), owner=REFERENCE_OWNER)
    route_index(graph)
    yield graph
    settled(graph)
    cache._cache.pop(graph, None)


def reimport(graph: Graph, chart: Chart) -> None:
    apply_chart(graph, chart, owner=REFERENCE_OWNER)


def renamed_lag(chart: Chart, name: str) -> Chart:
    return dataclasses.replace(chart, units=[dataclasses.replace(unit, name=name) if unit.id == LAG else unit
                                             for unit in chart.units])


def ended_membership(chart: Chart, person: str, unit: str, end: datetime.date) -> Chart:
    return dataclasses.replace(chart, memberships=[
        dataclasses.replace(seat, end=end) if (seat.person, seat.unit) == (person, unit) else seat
        for seat in chart.memberships])


def with_representative(chart: Chart, person: str, unit: str) -> Chart:
    return dataclasses.replace(
        chart, people=[*chart.people, PersonRecord(person, "Ny Representant", fictional=True)],
        memberships=[*chart.memberships, MembershipRecord(person, unit, "municipal_representative",
                                                          represents=(OREBRO,), start=datetime.date(2026, 1, 1))])


def answers(index, targets) -> list[dict]:
    return [contact_paths(index, NPO, [target], TODAY).as_json() for target in targets]


def route_targets(index) -> list[str]:
    """Many targets: every municipality, person and group of the reference data."""
    return sorted(uid for uid, node in index.nodes.items()
                  if node.kind in ("municipality", "person", "lag", "lpo", "rpo", "network"))


def counts() -> dict[str, int]:
    return {"full": read_counts["full"], "patches": read_counts["patches"]}


def test_a_renamed_group_shows_on_the_next_request_from_a_patch(versioned):
    before = counts()
    reimport(versioned, renamed_lag(reference_chart(), "Suicidprevention och psykisk hälsa"))
    (route,) = contact_paths(route_index(versioned), NPO, [OREBRO], TODAY).routes
    assert "LAG Suicidprevention och psykisk hälsa reports to LPO Psykisk hälsa since 2023-03-01" in [
        hop.explanation() for hop in route.hops]
    assert counts() == {"full": before["full"], "patches": before["patches"] + 1}


def test_an_ended_membership_shows_on_the_next_request_from_a_patch(versioned):
    (route,) = contact_paths(route_index(versioned), NPO, [OREBRO], TODAY).routes
    assert LAG in [hop.destination.uid for hop in route.hops]
    before = counts()
    reimport(versioned, ended_membership(reference_chart(), RASK, LAG, datetime.date(2026, 1, 1)))
    (route,) = contact_paths(route_index(versioned), NPO, [OREBRO], TODAY).routes
    assert route.found and LAG not in [hop.destination.uid for hop in route.hops]
    assert counts() == {"full": before["full"], "patches": before["patches"] + 1}


def test_an_added_representative_is_reached_on_the_next_request_from_a_patch(versioned):
    newcomer = "person:ny-representant"
    before = counts()
    reimport(versioned, with_representative(reference_chart(), newcomer, LAG))
    (route,) = contact_paths(route_index(versioned), NPO, [newcomer], TODAY).routes
    assert route.found and [hop.origin.uid for hop in route.hops][-1] == LAG
    assert counts() == {"full": before["full"], "patches": before["patches"] + 1}


def test_only_the_nodes_a_write_named_are_read_again(versioned):
    uids_before = read_counts["patched_uids"]
    reimport(versioned, renamed_lag(reference_chart(), "Ett nytt namn"))
    assert route_index(versioned).nodes[LAG].name == "Ett nytt namn"
    assert read_counts["patched_uids"] - uids_before < 10, "a rename reads the group, not the graph"


def test_a_write_that_cannot_say_what_it_touched_makes_a_full_read(versioned):
    before = counts()
    with versioned.transaction() as tx:  # as a restore writes: no list of what it touched
        tx.run("MATCH (n:Entity {uid: $uid}) SET n.name = 'Omdöpt'", uid=LAG).consume()
    assert route_index(versioned).nodes[LAG].name == "Omdöpt"
    assert counts() == {"full": before["full"] + 1, "patches": before["patches"]}


def test_a_patched_index_answers_exactly_as_one_read_in_full(versioned):
    chart = reference_chart()
    for changed in (renamed_lag(chart, "Suicidprevention i länet"),
                    ended_membership(chart, RASK, LAG, datetime.date(2026, 6, 30)),
                    with_representative(chart, "person:ny-representant", "lpo:region-orebro-lan-psykisk-halsa")):
        chart = changed
        reimport(versioned, chart)
        route_index(versioned)
    erase_person(versioned, "person:eva-marklund")
    patched = route_index(versioned)
    assert read_counts["patches"] >= 4
    fresh = load_route_index(versioned)
    targets = route_targets(fresh)
    assert len(targets) > 100
    assert answers(patched, targets) == answers(fresh, targets)
    assert cache._cache[versioned].rows == read_route_rows(versioned)


def test_an_erasure_reads_again_the_edges_that_named_the_person(versioned):
    appointer = "post:region-orebro-lan-omradeschef-valfard-och-folkhalsa"
    named = [edge for edge in route_index(versioned).edges if edge.appointed_by == appointer]
    assert named
    with versioned.transaction(touched=lambda: {appointer}) as tx:  # clears appointed_by, as an erasure does
        tx.run("MATCH ()-[r]->() WHERE r.appointed_by = $uid SET r.appointed_by = null", uid=appointer).consume()
    assert not [edge for edge in route_index(versioned).edges if edge.appointed_by == appointer]
    assert cache._cache[versioned].rows == read_route_rows(versioned)


def test_a_process_starting_later_applies_only_the_changes_since_the_kept_rows(versioned):
    reimport(versioned, renamed_lag(reference_chart(), "Först"))
    route_index(versioned)
    settled(versioned)
    kept = read_snapshot(versioned)
    assert kept is not None and kept.version == versioned.shared_version.current()
    cache._cache.pop(versioned)  # as a process that ends; another writes before the next one starts
    reimport(versioned, renamed_lag(reference_chart(), "Sedan"))
    before = counts()
    assert route_index(versioned).nodes[LAG].name == "Sedan"
    assert counts() == {"full": before["full"], "patches": before["patches"] + 1}


def test_a_pruned_change_log_makes_a_full_read(versioned, monkeypatch):
    monkeypatch.setattr("graphmodel.graph_version.KEPT_CHANGES", 1)
    before = counts()
    reimport(versioned, renamed_lag(reference_chart(), "Ett"))
    reimport(versioned, renamed_lag(reference_chart(), "Två"))
    assert route_index(versioned).nodes[LAG].name == "Två"
    assert counts() == {"full": before["full"] + 1, "patches": before["patches"]}


def test_the_rows_read_for_some_nodes_are_those_a_full_read_has_for_them(versioned):
    uids = {LAG, RASK, OREBRO, "region:18"}
    nodes, edges = read_rows_of(versioned, uids)
    all_nodes, all_edges = read_route_rows(versioned)
    assert sorted(nodes) == [row for row in all_nodes if row[0] in uids]
    assert sorted(edges, key=repr) == sorted((row for row in all_edges if row[0] in uids or row[2] in uids), key=repr)
    assert len(edges) > 20
