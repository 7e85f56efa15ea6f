"""Reading the graph for export: bulk reads, subgraph selection by neighbourhood and by region."""

from __future__ import annotations

import datetime

import pytest

from graphmodel.model import kind_info
from importers.chart import MembershipRecord, RelationRecord
from importers.export import export_chart, read_subgraph
from importers.export_select import SelectionError

pytestmark = pytest.mark.engine

START = datetime.date(2023, 1, 1)
END = datetime.date(2026, 12, 31)

NODES = [
    {"uid": "healthcare-region:mellansverige", "kind": "healthcare_region", "name": "Sjukvårdsregion Mellansverige"},
    {"uid": "region:18", "kind": "region", "name": "Region Örebro län", "code": "18"},
    {"uid": "region:20", "kind": "region", "name": "Region Dalarna", "code": "20"},
    {"uid": "municipality:1880", "kind": "municipality", "name": "Örebro", "code": "1880"},
    {"uid": "knowledge-area:psykisk-halsa", "kind": "knowledge_area", "name": "Psykisk hälsa"},
    {"uid": "decision-matter:budget", "kind": "decision_matter", "name": "Measure within budget"},
    {"uid": "npo:psykisk-halsa", "kind": "npo", "name": "NPO Psykisk hälsa", "level": "national"},
    {"uid": "rpo:psykisk-halsa", "kind": "rpo", "name": "RPO Psykisk hälsa", "level": "healthcare_region"},
    {"uid": "lpo:orebro-psykisk-halsa", "kind": "lpo", "name": "LPO Psykisk hälsa", "level": "region",
     "imported_from": "orebro.xlsx", "import_hash": "abc"},
    {"uid": "lag:orebro-demens", "kind": "lag", "name": "LAG Demens", "level": "region", "start": START,
     "end": END, "former_names": ["LAG Minne"], "fictional": True},
    {"uid": "council:rmks", "kind": "council", "name": "RMKS", "level": "region"},
    {"uid": "administration:hs", "kind": "administration", "name": "Hälso- och sjukvård", "level": "region"},
    {"uid": "unit:vls", "kind": "unit", "name": "VLS", "level": "region"},
    {"uid": "unit:kunskapsstodsgruppen", "kind": "unit", "name": "Kunskapsstödsgruppen", "level": "region"},
    {"uid": "post:process-owner", "kind": "post", "name": "Process owner"},
    {"uid": "person:anna", "kind": "person", "name": "Anna Andersson", "email": "anna@example.org",
     "fictional": True},
    {"uid": "person:bo", "kind": "person", "name": "Bo Berg", "fictional": True},
    {"uid": "lag:dalarna-demens", "kind": "lag", "name": "LAG Demens Dalarna", "level": "region"},
    {"uid": "person:cecilia", "kind": "person", "name": "Cecilia Carlsson", "fictional": True},
]

EDGES = [
    ("rpo:psykisk-halsa", "BELONGS_TO", "healthcare-region:mellansverige", {}),
    ("rpo:psykisk-halsa", "MIRRORS", "npo:psykisk-halsa", {}),
    ("npo:psykisk-halsa", "COVERS", "knowledge-area:psykisk-halsa", {}),
    ("lpo:orebro-psykisk-halsa", "BELONGS_TO", "region:18", {"imported_from": "orebro.xlsx"}),
    ("lpo:orebro-psykisk-halsa", "COVERS", "knowledge-area:psykisk-halsa", {}),
    ("lpo:orebro-psykisk-halsa", "MIRRORS", "rpo:psykisk-halsa", {}),
    ("lpo:orebro-psykisk-halsa", "ESTABLISHED_BY", "council:rmks", {"decision_ref": "RMKS 2019-04"}),
    ("lag:orebro-demens", "BELONGS_TO", "region:18", {}),
    ("lag:orebro-demens", "REPORTS_TO", "lpo:orebro-psykisk-halsa", {"start": START, "source": "000 §2"}),
    ("council:rmks", "BELONGS_TO", "region:18", {}),
    ("administration:hs", "BELONGS_TO", "region:18", {}),
    ("unit:vls", "PART_OF", "administration:hs", {}),
    ("unit:kunskapsstodsgruppen", "PART_OF", "unit:vls", {}),
    ("post:process-owner", "PART_OF", "unit:vls", {}),
    ("post:process-owner", "MEMBER_OF", "council:rmks", {"role": "member"}),
    ("post:process-owner", "MANDATE", "decision-matter:budget", {"decides": True, "condition": "within budget"}),
    ("person:anna", "MEMBER_OF", "lag:orebro-demens",
     {"role": "chair", "represents": ["municipality:1880"], "start": START, "end": END}),
    ("person:anna", "MEMBER_OF", "npo:psykisk-halsa", {"role": "member"}),
    ("person:bo", "HOLDS_POST", "post:process-owner", {"start": START}),
    ("lag:dalarna-demens", "BELONGS_TO", "region:20", {}),
    ("person:cecilia", "MEMBER_OF", "lag:dalarna-demens", {"role": "member"}),
]


def build(graph, nodes=NODES, edges=EDGES) -> None:
    """Nodes with their model labels, then edges, in one transaction of plain Cypher."""
    with graph.transaction() as tx:
        for node in nodes:
            labels = ":".join(kind_info(node["kind"]).labels)
            tx.run(f"CREATE (n:{labels}) SET n = $props", props=node).consume()
        for source, rel_type, target, props in edges:
            tx.run(f"MATCH (a:Entity {{uid: $source}}), (b:Entity {{uid: $target}}) "
                   f"CREATE (a)-[r:{rel_type}]->(b) SET r = $props",
                   source=source, target=target, props=props).consume()


@pytest.fixture
def sample(graph):
    build(graph)
    return graph


def uids(chart) -> set[str]:
    return {unit.id for unit in chart.units} | {person.id for person in chart.people}


def edge_triples(subgraph) -> set[tuple[str, str, str]]:
    return {(edge.source, edge.type, edge.target) for edge in subgraph.edges}


def test_the_whole_graph_is_read_back_with_native_values(sample):
    subgraph = read_subgraph(sample)
    assert [node["uid"] for node in subgraph.nodes] == sorted(node["uid"] for node in NODES)
    assert edge_triples(subgraph) == {(source, rel_type, target) for source, rel_type, target, _ in EDGES}
    lag = next(node for node in subgraph.nodes if node["uid"] == "lag:orebro-demens")
    assert (lag["start"], lag["former_names"], lag["fictional"]) == (START, ["LAG Minne"], True)
    assert type(lag["start"]) is datetime.date


def test_the_whole_graph_as_chart_records(sample):
    chart = export_chart(sample)
    assert uids(chart) == {node["uid"] for node in NODES}
    units = {unit.id: unit for unit in chart.units}
    lpo = units["lpo:orebro-psykisk-halsa"]
    assert (lpo.region, lpo.knowledge_area, lpo.established_by, lpo.decision_ref) == \
        ("region:18", "knowledge-area:psykisk-halsa", "council:rmks", "RMKS 2019-04")
    assert MembershipRecord("person:anna", "lag:orebro-demens", "chair", ("municipality:1880",), START, END) \
        in chart.memberships
    assert RelationRecord("lag:orebro-demens", "REPORTS_TO", "lpo:orebro-psykisk-halsa", START,
                          source_document="000 §2") in chart.relations
    assert [(m.holder, m.scope, m.decides) for m in chart.mandates] == \
        [("post:process-owner", "decision-matter:budget", True)]
    assert next(p for p in chart.people if p.id == "person:anna").email == "anna@example.org"


def test_import_bookkeeping_is_never_exported(sample):
    subgraph = read_subgraph(sample)
    for properties in [node for node in subgraph.nodes] + [edge.properties for edge in subgraph.edges]:
        assert not {"imported_from", "import_hash"} & set(properties)


def test_around_takes_the_node_and_its_neighbours_to_the_given_depth(sample):
    assert uids(export_chart(sample, around="lag:orebro-demens", depth=0)) == {"lag:orebro-demens"}
    assert uids(export_chart(sample, around="lag:orebro-demens", depth=1)) == {
        "lag:orebro-demens", "region:18", "lpo:orebro-psykisk-halsa", "person:anna"}
    two = uids(export_chart(sample, around="lag:orebro-demens", depth=2))
    assert two == {"lag:orebro-demens", "region:18", "lpo:orebro-psykisk-halsa", "person:anna",
                   "council:rmks", "administration:hs", "knowledge-area:psykisk-halsa", "rpo:psykisk-halsa",
                   "npo:psykisk-halsa"}


def test_only_edges_with_both_ends_in_the_subgraph_are_taken(sample):
    subgraph = read_subgraph(sample, around="lag:orebro-demens", depth=1)
    assert edge_triples(subgraph) == {
        ("lag:orebro-demens", "BELONGS_TO", "region:18"),
        ("lag:orebro-demens", "REPORTS_TO", "lpo:orebro-psykisk-halsa"),
        ("lpo:orebro-psykisk-halsa", "BELONGS_TO", "region:18"),
        ("person:anna", "MEMBER_OF", "lag:orebro-demens"),
    }


def test_region_takes_its_units_their_parts_members_post_holders_and_referenced_areas(sample):
    chart = export_chart(sample, region="region:18")
    assert uids(chart) == {
        "region:18", "lpo:orebro-psykisk-halsa", "lag:orebro-demens", "council:rmks", "administration:hs",
        "unit:vls", "unit:kunskapsstodsgruppen", "post:process-owner", "person:anna", "person:bo",
        "knowledge-area:psykisk-halsa", "decision-matter:budget"}
    relation_types = {(r.source, r.type, r.target) for r in chart.relations}
    assert ("lpo:orebro-psykisk-halsa", "MIRRORS", "rpo:psykisk-halsa") not in relation_types
    assert ("person:bo", "HOLDS_POST", "post:process-owner") in relation_types
    assert {(m.person, m.unit) for m in chart.memberships} == {
        ("person:anna", "lag:orebro-demens"), ("post:process-owner", "council:rmks")}
    assert len(chart.mandates) == 1


def test_another_region_takes_only_its_own(sample):
    chart = export_chart(sample, region="region:20")
    assert uids(chart) == {"region:20", "lag:dalarna-demens", "person:cecilia"}


@pytest.mark.parametrize(("options", "parameter", "message"), [
    ({"around": "lag:nowhere"}, "around", "no node has the id 'lag:nowhere'"),
    ({"region": "region:99"}, "region", "no node has the id 'region:99'"),
    ({"region": "lag:orebro-demens"}, "region", "is a lag, not a territory"),
    ({"around": "region:18", "depth": -1}, "depth", "0 or more"),
    ({"around": "region:18", "region": "region:18"}, "region", "not both"),
])
def test_a_selection_that_cannot_be_met_names_its_parameter(sample, options, parameter, message):
    with pytest.raises(SelectionError, match=message) as raised:
        export_chart(sample, **options)
    assert raised.value.parameter == parameter


def test_an_empty_graph_exports_empty_sheets(graph):
    chart = export_chart(graph)
    assert (chart.units, chart.people, chart.memberships, chart.relations, chart.mandates) == ([], [], [], [], [])
