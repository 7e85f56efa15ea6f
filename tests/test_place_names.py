"""A municipality's own name ('Falu kommun', 'Lindesbergs kommun'), shown in answers and recognised in charts."""

from __future__ import annotations

import pytest

from cypher.explain import NodeRef
from cypher.route_index import RouteEdge, RouteNode
from cypher.route_inference import infer
from graphmodel.place_names import municipality_name, places_named_by
from graphmodel.routing import KEY_PERSON_ROLE
from importers.names import Named, NameIndex, names_to_look_up


@pytest.mark.parametrize(("place", "name"), [
    ("Lindesberg", "Lindesbergs kommun"), ("Örebro", "Örebro kommun"), ("Kumla", "Kumla kommun"),
    ("Alingsås", "Alingsås kommun"), ("Falun", "Falu kommun"), ("Kalmar", "Kalmar kommun"),
    ("Malung-Sälen", "Malung-Sälens kommun"), ("Upplands Väsby", "Upplands Väsby kommun"),
    ("Laxå", "Laxå kommun"), ("Hallsberg", "Hallsbergs kommun"), ("Gällivare", "Gällivare kommun"),
])
def test_a_municipality_is_named_as_it_names_itself(place, name):
    assert municipality_name(place) == name
    assert place in places_named_by(name)
    assert NodeRef("municipality:x", place, "municipality").label() == name


def test_only_a_name_ending_in_kommun_stands_for_a_place():
    assert places_named_by("Region Dalarna") == set() and places_named_by("kommun") == set()
    assert places_named_by("Falu kommun") == {"Falu", "Falun"}


def test_a_chart_may_name_a_municipality_either_way():
    index = NameIndex([Named("municipality:2080", "municipality", "Falun"),
                       Named("municipality:1885", "municipality", "Lindesberg")])
    for written in ("Falun", "Falun kommun", "Falu kommun", "falu  kommun"):
        assert [node.uid for node in index.named(written)] == ["municipality:2080"], written
    assert [node.uid for node in index.named("Lindesbergs kommun")] == ["municipality:1885"]
    assert {"falun", "lindesberg"} <= set(names_to_look_up(["Falu kommun", "Lindesbergs kommun"]))


def test_a_key_person_working_at_falu_kommun_reaches_falun():
    nodes = {uid: RouteNode(uid, name, kind, None, None, (), None, organisation)
             for uid, name, kind, organisation in [
                 ("person:key", "Karin Nyckel", "person", "Falu kommun"),
                 ("network:dalarna-socialchefer", "Socialchefsnätverket", "network", None),
                 ("municipality:2080", "Falun", "municipality", None)]}
    seat = RouteEdge("person:key", "MEMBER_OF", "network:dalarna-socialchefer", KEY_PERSON_ROLE, (), None, None, None)
    inferred = infer(nodes, [seat]).edges
    assert [(edge.source, edge.type, edge.target) for edge in inferred] == [
        ("person:key", "DISSEMINATES_TO", "municipality:2080")]
    assert "Falu kommun" in str(inferred[0].inference)
