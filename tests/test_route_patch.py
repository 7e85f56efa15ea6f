"""The route index brought up to date from the change log: only what a write named is read again, and the
patched index answers exactly as one read in full."""

from __future__ import annotations

import dataclasses
import datetime
import random

import pytest

from cypher import route_index as cache
from cypher.contact_path import PathOptions, contact_paths
from cypher.route_index import (
    RouteIndex, index_changes, index_from_rows, load_route_index, read_counts, read_route_rows, route_index, rows_at,
    settled,
)
from cypher.route_inference import producer_of
from cypher.route_patch import changed_rows, in_order, patched, read_rows_of
from graphmodel.routing import FLOWS
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
LINDESBERG = "municipality:1885"
MAS_MAR = "network:orebro-lan-natverk-for-mas-mar"
KEY_PERSON = "person:karin-ostlund"


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


def with_key_person(chart: Chart, person: str, organisation: str) -> Chart:
    """A new key person of the MAS/MAR network, working for the municipality `organisation` names."""
    return dataclasses.replace(
        chart, people=[*chart.people, PersonRecord(person, "Ny Nyckelperson", organisation=organisation, fictional=True)],
        memberships=[*chart.memberships, MembershipRecord(person, MAS_MAR, "key_person", start=datetime.date(2026, 1, 1))])


def moved(chart: Chart, person: str, organisation: str) -> Chart:
    return dataclasses.replace(chart, people=[dataclasses.replace(record, organisation=organisation)
                                              if record.id == person else record for record in chart.people])


def renamed_unit(chart: Chart, uid: str, name: str) -> Chart:
    return dataclasses.replace(chart, units=[dataclasses.replace(unit, name=name) if unit.id == uid else unit
                                             for unit in chart.units])


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


def held(index: RouteIndex) -> dict:
    """Everything the index answers from, each flow's steps asked for at every node (a patched index keeps
    those it had made): equal for two indexes that answer alike."""
    uids = sorted({*index.nodes, *(uid for edge in index.edges for uid in (edge.source, edge.target))})
    steps = [[index.steps(position, uid) for uid in uids] for position in range(len(FLOWS))]
    hubs = [[index.steps_within(position, uid, frozenset({"region:18"})) for uid in uids]
            for position in range(len(FLOWS))]
    return {"nodes": dict(index.nodes), "edges": index.edges, "networked": index.networked, "owners": index.owners,
            "typed": {key: edges for key, edges in index._typed.items() if edges},
            "by_type": {key: edges for key, edges in index._by_type.items() if edges},
            "steps": steps, "steps_back": [[index.steps_into(position, uid) for uid in uids]
                                           for position in range(len(FLOWS))],
            "hubs": hubs, "by_owner": index._steps_by_owner}


def test_inference_after_each_write_is_what_a_fresh_index_infers(versioned):
    """New key person at a municipality, an ended key person's seat, a renamed network, a key person moved
    to another municipality, an erased person: the patched index holds exactly what a full read makes."""
    newcomer = "person:ny-nyckelperson"
    chart = reference_chart()
    before = route_index(versioned)
    inferred_before = sum(1 for edge in before.edges if edge.inference)
    for change in (lambda chart: with_key_person(chart, newcomer, "Lindesbergs kommun"),
                   lambda chart: ended_membership(chart, KEY_PERSON, MAS_MAR, datetime.date(2026, 3, 31)),
                   lambda chart: renamed_unit(chart, MAS_MAR, "Nätverk för MAS och MAR i länet"),
                   lambda chart: moved(chart, newcomer, "Kumla kommun")):
        chart = change(chart)
        reimport(versioned, chart)
        assert held(route_index(versioned)) == held(load_route_index(versioned))
    index = route_index(versioned)
    reach = {edge.target for edge in index.neighbours(newcomer, "DISSEMINATES_TO", True) if edge.inference}
    assert reach == {"municipality:1881"}, "Kumla, where the key person now works, not Lindesberg"
    assert any("Nätverk för MAS och MAR i länet" in edge.inference for edge in index.edges if edge.inference)
    erase_person(versioned, newcomer)
    assert held(route_index(versioned)) == held(load_route_index(versioned))
    assert sum(1 for edge in route_index(versioned).edges if edge.inference) >= inferred_before > 0


def test_a_patch_changes_only_what_the_write_touched(versioned):
    before = route_index(versioned)
    for position in range(len(FLOWS)):
        before.steps(position, NPO)
    far = "lpo:region-orebro-lan-barn-och-ungdomars-halsa"
    made_again = read_counts["inferred_again"]
    reimport(versioned, renamed_lag(reference_chart(), "Ett annat namn"))
    after = route_index(versioned)
    assert after is not before and after.nodes[LAG].name == "Ett annat namn"
    assert before.nodes[LAG].name != "Ett annat namn", "the earlier index is left as it was, for its readers"
    assert after.nodes[OREBRO] is before.nodes[OREBRO]
    assert after.neighbours(far, "MEMBER_OF", False) is before.neighbours(far, "MEMBER_OF", False)
    assert [before.steps(position, NPO) for position in range(len(FLOWS)) if before.steps(position, NPO)]
    assert all(after.steps(position, NPO) is before.steps(position, NPO) for position in range(len(FLOWS))
               if before.steps(position, NPO)), "the steps made before are kept"
    unaffected = [edge for edge in before.edges if edge.inference and edge.source != RASK]
    assert unaffected and all(any(held is edge for held in after.neighbours(edge.source, edge.type, True))
                              for edge in unaffected)
    members = {edge.source for edge in before.neighbours(LAG, "MEMBER_OF", False)}
    people = [uid for uid, node in before.nodes.items() if node.kind == "person"]
    assert len(members) < read_counts["inferred_again"] - made_again < len(people) / 3, \
        "the hops of the group's members and those around it, not the graph's"


def test_random_changes_to_the_rows_patch_into_the_index_a_fresh_read_makes(versioned):
    """Rows as the engine gives them, changed at random in every way a write can (names, kinds, organisations,
    dates, edges in and out, nodes in and out): each change applied to the index equals an index made anew."""
    # Without the drawn hops to people and municipalities, the rules have the most to infer.
    rows = in_order(_without_drawn_hops(read_route_rows(versioned)))
    index = index_from_rows(rows)
    assert sum(1 for edge in index.edges if edge.inference) > 10
    held(index)  # every flow's steps made, so the patch must forget those it changed
    beyond = 0
    chance = random.Random(15)
    for _ in range(100):
        truth, touched = _changed_at_random(rows, chance, _named_by_hops(index))
        fresh = ([row for row in truth[0] if row[0] in touched],
                 [row for row in truth[1] if row[0] in touched or row[2] in touched])
        changes = changed_rows(rows_at(rows, index, touched), fresh)
        rows = patched(rows, changes)
        assert rows == in_order(truth)
        earlier, index = index, index.changed(index_changes(changes))
        fresh_index = index_from_rows(rows)
        assert held(index) == held(fresh_index)
        beyond += _hops_changed_beyond(earlier, fresh_index, touched)
    assert beyond >= 5, "the changes reach the hops of producers beyond the nodes they touch"


def _without_drawn_hops(rows):
    people = {row[0] for row in rows[0] if row[2] in ("person", "municipality")}
    return rows[0], [row for row in rows[1] if row[1] not in ("DISSEMINATES_TO", "CONTACT_PERSON_FOR")
                     or row[2] not in people]


def _hops_changed_beyond(earlier: RouteIndex, later: RouteIndex, touched: set[str]) -> int:
    """Whether some producer the change did not touch infers other hops now (0 or 1)."""
    def hops(index):
        return {(producer_of(edge), edge.source, edge.target, edge.start, edge.end, str(edge.inference))
                for edge in index.edges if edge.inference}
    return int(any(hop[0] not in touched for hop in hops(earlier) ^ hops(later)))


def _named_by_hops(index: RouteIndex) -> set[str]:
    """The ends of the inferred hops and the groups their sources sit in: where a change reaches other hops."""
    ends = {uid for edge in index.edges if edge.inference for uid in (edge.source, edge.target)}
    return ends | {seat.target for uid in ends for seat in index.neighbours(uid, "MEMBER_OF", True)}


def _changed_at_random(rows, chance: random.Random, named: set[str]) -> tuple[tuple[list, list], set[str]]:
    nodes, edges = list(rows[0]), list(rows[1])
    by_kind, named_by_kind = {}, {}
    for row in nodes:
        by_kind.setdefault(row[2], []).append(row[0])
        if row[0] in named:
            named_by_kind.setdefault(row[2], []).append(row[0])

    def one_of(*kinds: str) -> str:
        """Of these kinds, most often one the hops name."""
        near = [uid for kind in kinds for uid in named_by_kind.get(kind, ())]
        return chance.choice(near if near and chance.random() < 0.7 else
                             [uid for kind in kinds for uid in by_kind.get(kind, ())])

    person, network = one_of("person"), one_of("network")
    place = one_of("municipality", "region", "county")
    group = one_of("lag", "lpo", "network")
    what = chance.randrange(9)
    if what == 0:  # a node renamed, or of another kind: often one the inference names
        named = [uid for uid in (place, network, group, one_of("municipality"))]
        uid = chance.choice(named) if chance.random() < 0.8 else chance.choice(nodes)[0]
        at = next(at for at, row in enumerate(nodes) if row[0] == uid)
        row = nodes[at]
        nodes[at] = (row[0], row[1] + " nytt", row[2] if chance.random() < 0.7 else chance.choice(list(by_kind)),
                     *row[3:])
        return (nodes, edges), {row[0]}
    if what == 1:  # a person's organisation: a municipality by name or id, a structure, none
        at = next(at for at, row in enumerate(nodes) if row[0] == person)
        chosen = one_of("municipality")
        municipality = next(row for row in nodes if row[0] == chosen)
        organisation = chance.choice([f"{municipality[1]} kommun", municipality[0], group, None])
        nodes[at] = (*nodes[at][:7], organisation)
        return (nodes, edges), {person}
    if what == 2:  # an edge ended, or begun later
        at = chance.randrange(len(edges))
        row = edges[at]
        edges[at] = (*row[:5], chance.choice([None, "2025-01-01", "2026-06-01"]), chance.choice([None, "2026-03-31"]),
                     *row[7:])
        return (nodes, edges), {row[0], row[2]}
    if what == 3:  # an edge gone: often a seat, a territory's tie or a place's
        kinds = ("MEMBER_OF", "BELONGS_TO", "SERVES", "LOCATED_IN", "PART_OF", "COVERS", "REPORTS_TO")
        some = [at for at, row in enumerate(edges) if row[1] in kinds] if chance.random() < 0.8 else range(len(edges))
        row = edges.pop(chance.choice(some))
        return (nodes, edges), {row[0], row[2]}
    if what == 4:  # a seat: key person, contact person or representative, for a place, appointed by a group
        role = chance.choice(["key_person", "contact_person", "municipal_representative", "co_opted", "member"])
        represents = tuple(chance.sample([place, chance.choice(by_kind["municipality"])], chance.randrange(3)))
        appointed = chance.choice([None, group, network])
        edges.append((person, "MEMBER_OF", chance.choice([network, group]), role, represents, None, None, None,
                      appointed))
        return (nodes, edges), {person, network, group}
    if what == 5:  # a contact person named for an area or a representative; a territory's tie
        area = chance.choice(by_kind["knowledge_area"])
        edges.append(chance.choice([(person, "CONTACT_PERSON_FOR", area, None, (), None, None, None, None),
                                    (person, "CONTACT_PERSON_FOR", chance.choice(by_kind["person"]), None, (), None,
                                     None, None, None),
                                    (group, "BELONGS_TO", place, None, (), None, None, None, None),
                                    (network, "PART_OF", group, None, (), None, None, None, None),
                                    (chance.choice(by_kind["region"]), "SERVES", place, None, (), None, None, None,
                                     None),
                                    (chance.choice(by_kind["municipality"]), "LOCATED_IN", place, None, (), None,
                                     None, None, None),
                                    (chance.choice(by_kind["municipality"]), "MEMBER_OF", network, None, (), None,
                                     None, None, None)]))
        return (nodes, edges), {edges[-1][0], edges[-1][2]}
    if what == 6:  # a person erased: the node, its edges, and its name on others' edges
        gone = {row for row in edges if person in (row[0], row[2])}
        named = {row for row in edges if row[8] == person or person in row[4]}
        touched = {person} | {uid for row in named for uid in (row[0], row[2])}
        edges = [row if row not in named else (*row[:4], tuple(uid for uid in row[4] if uid != person), *row[5:8],
                                               None if row[8] == person else row[8])
                 for row in edges if row not in gone]
        return ([row for row in nodes if row[0] != person], edges), touched
    if what == 7:  # a new person with a seat
        newcomer = f"person:ny-{chance.randrange(10**6)}"
        nodes.append((newcomer, "Ny Person", "person", None, None, (), None, chance.choice([None, group])))
        edges.append((newcomer, "MEMBER_OF", chance.choice([network, group]),
                      chance.choice(["key_person", "municipal_representative", "contact_person"]), (place,),
                      "2026-01-01", None, None, None))
        return (nodes, edges), {newcomer, edges[-1][2]}
    row = chance.choice(edges)  # the same edge twice
    edges.append(row)
    return (nodes, edges), {row[0], row[2]}


def test_a_warmed_index_answers_as_one_that_makes_its_steps_on_the_way_and_a_patch_keeps_them(versioned):
    everywhere = [uid for uid, node in route_index(versioned).nodes.items() if node.kind == "municipality"]
    on_the_way = index_from_rows(read_route_rows(versioned))
    warmed = index_from_rows(read_route_rows(versioned))
    warmed.warm()
    made = steps_made(warmed)
    assert made > 500 and steps_made(on_the_way) == 0
    assert answers(warmed, everywhere) == answers(on_the_way, everywhere)
    assert steps_made(warmed) == made  # the questions found every step already made
    cache._cache[versioned] = dataclasses.replace(cache._cache[versioned], index=warmed)
    reimport(versioned, renamed_lag(reference_chart(), "Suicidprevention i Örebro län"))
    patched_index = route_index(versioned)
    assert patched_index is not warmed
    assert made - steps_made(patched_index) < 50


def steps_made(index: RouteIndex) -> int:
    return sum(len(steps) for made in index._steps.values() for steps in made.values())
