"""Graph records -> chart, and the writers (workbook, CSV, GraphML, Popolo), without a database."""

from __future__ import annotations

import csv
import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from importers.chart import SHEETS, Chart, MembershipRecord, RelationRecord, UnitRecord
from importers.export import GraphEdge, Subgraph, chart_from_subgraph, plain_properties, sort_chart
from importers.export_graphml import GRAPHML_NS, graphml_bytes
from importers.export_popolo import popolo_document
from importers.export_workbook import sheet_rows, write_csv_folder, write_xlsx
from importers.safe_text import csv_safe

START = datetime.date(2023, 1, 1)
END = datetime.date(2026, 12, 31)
NS = {"g": GRAPHML_NS}


def sample_subgraph() -> Subgraph:
    nodes = [
        {"uid": "region:18", "kind": "region", "name": "Region Örebro län", "code": "18"},
        {"uid": "knowledge_area:psykisk-halsa", "kind": "knowledge_area", "name": "Psykisk hälsa"},
        {"uid": "council:rmks", "kind": "council", "name": "RMKS", "level": "region"},
        {"uid": "area:vf", "kind": "area", "name": "Välfärd och folkhälsa", "level": "region"},
        {"uid": "post:head-vf", "kind": "post", "name": "Head of V&F"},
        {"uid": "decision_matter:budget", "kind": "decision_matter", "name": "Measure within budget"},
        {"uid": "lpo:psykisk-halsa", "kind": "lpo", "name": "LPO Psykisk hälsa", "level": "region",
         "source": "002 §4"},
        {"uid": "lag:demens", "kind": "lag", "name": "LAG Demens", "level": "region", "start": START,
         "end": END, "former_names": ["LAG Minne", "LAG Kognition"], "name_since": START, "note": "=not a formula",
         "fictional": True, "source": "000 §1"},
        {"uid": "person:anna", "kind": "person", "name": "Anna Andersson", "title": "Nurse",
         "organisation": "Örebro kommun", "email": "anna@example.org", "phone": "019-000000", "fictional": True},
        {"uid": "person:bo", "kind": "person", "name": "Bo Berg", "fictional": True},
    ]
    edges = [
        GraphEdge("lag:demens", "BELONGS_TO", "region:18", {"source": "000 §1"}),
        GraphEdge("lag:demens", "REPORTS_TO", "lpo:psykisk-halsa", {"start": START, "source": "000 §2"}),
        GraphEdge("lpo:psykisk-halsa", "BELONGS_TO", "region:18", {}),
        GraphEdge("lpo:psykisk-halsa", "COVERS", "knowledge_area:psykisk-halsa", {"source": "002 §4"}),
        GraphEdge("lpo:psykisk-halsa", "ESTABLISHED_BY", "council:rmks", {"decision_ref": "LD18/02757"}),
        GraphEdge("area:vf", "BELONGS_TO", "region:18", {"start": START}),
        GraphEdge("post:head-vf", "PART_OF", "area:vf", {}),
        GraphEdge("post:head-vf", "MEMBER_OF", "council:rmks", {"role": "member"}),
        GraphEdge("post:head-vf", "MANDATE", "decision_matter:budget",
                  {"decides": False, "condition": "no mandate to bind", "source": "003"}),
        GraphEdge("person:anna", "MEMBER_OF", "lag:demens",
                  {"role": "municipal_representative", "represents": ["municipality:1880", "municipality:1881"],
                   "start": START, "end": END, "appointed_by": "area:vf", "source": "003", "note": "all 12"}),
        GraphEdge("person:anna", "MEMBER_OF", "lag:demens", {"role": "chair"}),
        GraphEdge("person:bo", "HOLDS_POST", "post:head-vf", {"start": START}),
    ]
    return Subgraph(nodes, edges)


def units_by_id(chart: Chart) -> dict[str, UnitRecord]:
    return {unit.id: unit for unit in chart.units}


# -- graph -> records --------------------------------------------------------------------
def test_nodes_become_units_and_people_with_all_their_values():
    chart = chart_from_subgraph(sample_subgraph())
    assert [person.id for person in chart.people] == ["person:anna", "person:bo"]
    anna = chart.people[0]
    assert (anna.title, anna.organisation, anna.email, anna.phone, anna.fictional) == \
        ("Nurse", "Örebro kommun", "anna@example.org", "019-000000", True)
    lag = units_by_id(chart)["lag:demens"]
    assert (lag.kind, lag.level, lag.start, lag.end, lag.name_since) == ("lag", "region", START, END, START)
    assert lag.former_names == ("LAG Minne", "LAG Kognition")
    assert (lag.note, lag.fictional, lag.source) == ("=not a formula", True, "000 §1")
    assert units_by_id(chart)["region:18"].code == "18"
    assert {unit.kind for unit in chart.units} >= {"post", "knowledge_area", "decision_matter", "region"}


def test_plain_belongs_to_covers_and_established_by_fill_the_unit_columns():
    units = units_by_id(chart_from_subgraph(sample_subgraph()))
    assert units["lag:demens"].region == "region:18"  # its source is the unit's own
    lpo = units["lpo:psykisk-halsa"]
    assert (lpo.region, lpo.knowledge_area, lpo.established_by, lpo.decision_ref) == \
        ("region:18", "knowledge_area:psykisk-halsa", "council:rmks", "LD18/02757")


def test_an_edge_the_column_cannot_hold_goes_to_relations():
    subgraph = sample_subgraph()
    subgraph.edges.append(GraphEdge("lag:demens", "COVERS", "knowledge_area:psykisk-halsa", {"source": "001"}))
    chart = chart_from_subgraph(subgraph)
    assert units_by_id(chart)["area:vf"].region is None  # the edge has a start date
    assert RelationRecord("area:vf", "BELONGS_TO", "region:18", start=START) in chart.relations
    assert units_by_id(chart)["lag:demens"].knowledge_area is None  # the edge has a source of its own
    assert RelationRecord("lag:demens", "COVERS", "knowledge_area:psykisk-halsa", source_document="001") \
        in chart.relations


def test_a_second_column_edge_goes_to_relations():
    subgraph = sample_subgraph()
    subgraph.edges.append(GraphEdge("lag:demens", "BELONGS_TO", "area:vf", {}))
    chart = chart_from_subgraph(subgraph)
    assert units_by_id(chart)["lag:demens"].region == "area:vf"  # first by target id
    assert RelationRecord("lag:demens", "BELONGS_TO", "region:18", source_document="000 §1") in chart.relations


def test_member_of_mandate_and_other_edges_go_to_their_sheets():
    chart = chart_from_subgraph(sample_subgraph())
    assert MembershipRecord("person:anna", "lag:demens", "municipal_representative",
                            ("municipality:1880", "municipality:1881"), START, END, "area:vf", "003",
                            "all 12") in chart.memberships
    assert MembershipRecord("post:head-vf", "council:rmks", "member") in chart.memberships
    assert [(m.holder, m.scope, m.decides, m.condition, m.source) for m in chart.mandates] == \
        [("post:head-vf", "decision_matter:budget", False, "no mandate to bind", "003")]
    assert {(r.source, r.type, r.target, r.source_document) for r in chart.relations} == {
        ("lag:demens", "REPORTS_TO", "lpo:psykisk-halsa", "000 §2"),
        ("area:vf", "BELONGS_TO", "region:18", None),
        ("post:head-vf", "PART_OF", "area:vf", None),
        ("person:bo", "HOLDS_POST", "post:head-vf", None),
    }


def test_rows_are_sorted_by_their_key_columns():
    chart = chart_from_subgraph(sample_subgraph())
    assert [m.role for m in chart.memberships if m.person == "person:anna"] == ["chair", "municipal_representative"]
    assert [unit.id for unit in chart.units] == sorted(unit.id for unit in chart.units)
    shuffled = Chart(relations=list(reversed(chart.relations)))
    assert sort_chart(shuffled).relations == chart.relations


def test_bookkeeping_and_engine_dates_are_cleaned():
    class EngineDate:
        def to_native(self):
            return START

    assert plain_properties({"uid": "x", "imported_from": "a.xlsx", "import_hash": "abc", "start": EngineDate()}) \
        == {"uid": "x", "start": START}


# -- workbook and CSV ---------------------------------------------------------------------
def test_csv_folder_holds_every_sheet_with_its_columns(tmp_path):
    chart = chart_from_subgraph(sample_subgraph())
    written = write_csv_folder(chart, tmp_path / "out")
    assert [path.name for path in written] == [f"{sheet.name}.csv" for sheet in SHEETS]
    for sheet in SHEETS:
        with open(tmp_path / "out" / f"{sheet.name}.csv", newline="", encoding="utf-8") as stream:
            # Formula-like text gets the CSV-injection guard, a leading ' that the reader takes off again.
            assert list(csv.reader(stream)) == [[csv_safe(text) for text in row] for row in sheet_rows(chart, sheet)]
    units = list(csv.DictReader(open(tmp_path / "out" / "units.csv", encoding="utf-8")))
    lag = next(row for row in units if row["id"] == "lag:demens")
    assert (lag["start"], lag["former_names"], lag["fictional"]) == ("2023-01-01", "LAG Minne, LAG Kognition", "yes")


def test_xlsx_holds_the_same_cells_and_keeps_formula_like_text(tmp_path):
    chart = chart_from_subgraph(sample_subgraph())
    path = write_xlsx(chart, tmp_path / "out.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == [sheet.name for sheet in SHEETS]
    for sheet in SHEETS:
        cells = [[value or "" for value in row] for row in workbook[sheet.name].iter_rows(values_only=True)]
        assert cells == sheet_rows(chart, sheet)
    lag_row = next(row for row in workbook["units"].iter_rows() if row[0].value == "lag:demens")
    note = lag_row[SHEETS[0].columns.index("note")]
    assert (note.value, note.data_type) == ("=not a formula", "s")


def test_an_empty_chart_writes_headers_only(tmp_path):
    write_csv_folder(Chart(), tmp_path)
    header = "holder,scope,decides,condition,decision_ref,source,part,step,qualifier,rank,decided_on\n"
    assert (tmp_path / "mandates.csv").read_text(encoding="utf-8") == header


# -- GraphML ----------------------------------------------------------------------------------
def parse_graphml(subgraph: Subgraph, **options) -> tuple[ET.Element, dict[str, dict]]:
    root = ET.fromstring(graphml_bytes(subgraph, **options))
    keys = {key.get("id"): key.attrib for key in root.findall("g:key", NS)}
    return root, keys


def data_of(element: ET.Element, keys: dict[str, dict]) -> dict[str, str]:
    return {keys[data.get("key")]["attr.name"]: data.text for data in element.findall("g:data", NS)}


def test_graphml_declares_a_typed_key_for_every_attribute():
    root, keys = parse_graphml(sample_subgraph())
    for data in root.iter(f"{{{GRAPHML_NS}}}data"):
        assert data.get("key") in keys
    declared = {(key["for"], key["attr.name"]): key["attr.type"] for key in keys.values()}
    assert declared[("node", "label")] == "string"
    assert declared[("node", "fictional")] == "boolean"
    assert declared[("edge", "type")] == "string"
    assert declared[("edge", "decides")] == "boolean"
    assert ("node", "imported_from") not in declared


def test_graphml_nodes_and_edges_carry_labels_types_dates_and_lists():
    root, keys = parse_graphml(sample_subgraph())
    graph = root.find("g:graph", NS)
    assert graph.get("edgedefault") == "directed"
    nodes = {node.get("id"): data_of(node, keys) for node in graph.findall("g:node", NS)}
    assert nodes["lag:demens"]["label"] == "LAG Demens"
    assert nodes["lag:demens"]["kind"] == "lag"
    assert nodes["lag:demens"]["start"] == "2023-01-01"
    assert nodes["lag:demens"]["former_names"] == "LAG Minne, LAG Kognition"
    assert nodes["lag:demens"]["fictional"] == "true"
    edges = [(edge.get("source"), edge.get("target"), data_of(edge, keys)) for edge in graph.findall("g:edge", NS)]
    assert len(edges) == len(sample_subgraph().edges)
    representing = next(data for source, target, data in edges if data.get("role") == "municipal_representative")
    assert representing["type"] == "MEMBER_OF"
    assert representing["label"] == "member of"
    assert representing["represents"] == "municipality:1880, municipality:1881"


def test_graphml_leaves_contact_details_out_unless_asked():
    root, keys = parse_graphml(sample_subgraph())
    assert "email" not in {key["attr.name"] for key in keys.values()}
    root, keys = parse_graphml(sample_subgraph(), include_contact=True)
    anna = next(node for node in root.iter(f"{{{GRAPHML_NS}}}node") if node.get("id") == "person:anna")
    assert data_of(anna, keys)["email"] == "anna@example.org"


def test_graphml_loads_in_networkx(tmp_path):
    networkx = pytest.importorskip("networkx")
    path = tmp_path / "graph.graphml"
    path.write_bytes(graphml_bytes(sample_subgraph()))
    loaded = networkx.read_graphml(path)
    assert loaded.is_directed()
    assert loaded.nodes["lag:demens"]["label"] == "LAG Demens"
    assert loaded.nodes["lag:demens"]["fictional"] is True
    assert loaded.number_of_edges() == len(sample_subgraph().edges)


# -- Popolo -----------------------------------------------------------------------------------
def test_popolo_organizations_posts_and_parents():
    document = popolo_document(chart_from_subgraph(sample_subgraph()))
    assert set(document) == {"organizations", "persons", "posts", "memberships"}
    organizations = {org["id"]: org for org in document["organizations"]}
    assert "knowledge_area:psykisk-halsa" not in organizations
    assert "post:head-vf" not in organizations
    assert organizations["lag:demens"]["classification"] == "lag"
    assert organizations["lag:demens"]["founding_date"] == "2023-01-01"
    assert organizations["lag:demens"]["other_names"] == [{"name": "LAG Minne"}, {"name": "LAG Kognition"}]
    assert organizations["region:18"]["identifiers"] == [{"scheme": "code", "identifier": "18"}]
    assert document["posts"] == [{"id": "post:head-vf", "label": "Head of V&F", "organization_id": "area:vf"}]


def test_popolo_memberships_of_people_posts_and_post_holders():
    memberships = popolo_document(chart_from_subgraph(sample_subgraph()))["memberships"]
    assert {"person_id": "person:anna", "organization_id": "lag:demens", "role": "municipal representative",
            "start_date": "2023-01-01", "end_date": "2026-12-31", "on_behalf_of_id": "municipality:1880",
            "on_behalf_of_ids": ["municipality:1880", "municipality:1881"],
            "sources": [{"note": "003"}]} in memberships
    assert {"post_id": "post:head-vf", "organization_id": "council:rmks", "role": "member"} in memberships
    assert {"person_id": "person:bo", "post_id": "post:head-vf", "organization_id": "area:vf",
            "start_date": "2023-01-01"} in memberships


def test_popolo_leaves_contact_details_out_unless_asked():
    chart = chart_from_subgraph(sample_subgraph())
    without = json.dumps(popolo_document(chart))
    assert "anna@example.org" not in without and "019-000000" not in without
    anna = popolo_document(chart, include_contact=True)["persons"][0]
    assert anna["email"] == "anna@example.org"
    assert anna["contact_details"] == [{"type": "voice", "value": "019-000000"}]
