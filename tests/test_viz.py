"""Neighbourhood filters, drawings and the standalone page on the reference data, and `govgraph viz` as run."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import typer

from api.drawing import neighbourhood_drawing
from api.drawing_svg import drawing_svg
from api.neighbourhood import NeighbourhoodFilterError, neighbourhood, node_context
from api.viz_cli import chain_of, contact_path_drawing, focus_drawing, route_listing, standalone_page

pytestmark = pytest.mark.engine

SUICIDPREVENTION = "lag:region-orebro-lan-suicidprevention"
LEVNADSVANOR = "lag:region-orebro-lan-levnadsvanor-vid-sjukdom"
LPO_OREBRO = "lpo:region-orebro-lan-psykisk-halsa"
LPO_DALARNA = "lpo:region-dalarna-psykisk-halsa"
NPO = "npo:psykisk-halsa"
AREA = "knowledge-area:psykisk-halsa"
OREBRO_COUNTY = "county:18"


def drawn_data(html: str) -> dict:
    data = re.search(r'<script id="drawing-data" type="application/json">(.*?)</script>', html, re.S)
    assert data is not None, "the page has no drawing data"
    return json.loads(data.group(1))


def assert_offline(html: str) -> None:
    assert re.search(r"<script[^>]+src=", html) is None
    assert re.search(r"<link[^>]+href=", html) is None
    assert re.search(r"""(src|href)=["']?https?:""", html) is None
    assert "new vis.Network" in html


# -- neighbourhood filters -------------------------------------------------------------------
def test_one_step_around_a_lag(reference_graph):
    found = neighbourhood(reference_graph, around=SUICIDPREVENTION, depth=1)
    assert {LPO_OREBRO, "region:18", AREA, "person:johanna-rask", "person:cecilia-wahlberg"} <= set(found.nodes)
    assert all(edge.source == SUICIDPREVENTION or edge.target == SUICIDPREVENTION for edge in found.edges.values())


def test_a_date_keeps_only_what_was_valid_then(reference_graph):
    before = neighbourhood(reference_graph, around=LPO_OREBRO, depth=1, at=datetime.date(2023, 1, 1))
    after = neighbourhood(reference_graph, around=LPO_OREBRO, depth=1, at=datetime.date(2024, 6, 1))
    # The LAG reporting to the LPO was set up on 2023-03-01.
    assert SUICIDPREVENTION not in before.nodes and SUICIDPREVENTION in after.nodes
    lag_around = neighbourhood(reference_graph, around=SUICIDPREVENTION, depth=1, at=datetime.date(2024, 6, 1))
    assert all(edge.edge.start is None or edge.edge.start <= datetime.date(2024, 6, 1)
               for edge in lag_around.edges.values())


def test_families_and_kinds_narrow_the_walk(reference_graph):
    reporting = neighbourhood(reference_graph, around=SUICIDPREVENTION, depth=1, families=["rapportering"])
    assert {edge.edge.family for edge in reporting.edges.values()} == {"reporting"}
    assert not any(node.kind == "person" for node in reporting.nodes.values())
    people = neighbourhood(reference_graph, around=SUICIDPREVENTION, depth=1, kinds=["person"])
    assert {node.kind for uid, node in people.nodes.items() if uid != SUICIDPREVENTION} == {"person"}


def test_levels_keep_bodies_and_places_at_those_levels_and_everyone_without_a_level(reference_graph):
    found = neighbourhood(reference_graph, around=LPO_OREBRO, depth=2, levels=["nationell", "regional"])
    assert "rpo:sjukvardsregion-mellansverige-psykisk-halsa" not in found.nodes
    assert {SUICIDPREVENTION, AREA, "person:magnus-ekholm"} <= set(found.nodes)
    # Two steps out the NPO is reached through the knowledge area, not through the dropped RPO.
    assert {(edge.source, edge.target) for edge in found.edges.values() if NPO in (edge.source, edge.target)} == {
        (NPO, AREA)}


def test_a_region_drops_what_is_tied_to_other_regions(reference_graph):
    everywhere = neighbourhood(reference_graph, around=NPO, depth=2)
    orebro = neighbourhood(reference_graph, around=NPO, depth=2, region="region:18")
    assert {LPO_OREBRO, LPO_DALARNA} <= set(everywhere.nodes)
    assert LPO_OREBRO in orebro.nodes and LPO_DALARNA not in orebro.nodes
    assert "rpo:sjukvardsregion-mellansverige-psykisk-halsa" in orebro.nodes
    assert "rpo:norra-sjukvardsregionen-psykisk-halsa" not in orebro.nodes
    assert AREA in orebro.nodes


def test_a_knowledge_area_drops_other_areas_groups_and_people(reference_graph):
    found = neighbourhood(reference_graph, around="unit:region-orebro-lan-kunskapsstodsgruppen", depth=1,
                          knowledge_area=AREA)
    everywhere = neighbourhood(reference_graph, around="unit:region-orebro-lan-kunskapsstodsgruppen", depth=1)
    dropped = set(everywhere.nodes) - set(found.nodes)
    assert LEVNADSVANOR in dropped and "person:lars-vikstrom" in dropped
    assert "person:sara-nyquist" in found.nodes


def test_bad_filters_are_refused_by_name(reference_graph):
    cases = [({"families": ["gossip"]}, "families"), ({"kinds": ["castle"]}, "kinds"),
             ({"levels": ["galactic"]}, "levels"),
             ({"region": OREBRO_COUNTY}, "region"), ({"region": "region:nowhere"}, "region"),
             ({"knowledge_area": NPO}, "knowledge_area")]
    for options, parameter in cases:
        with pytest.raises(NeighbourhoodFilterError) as raised:
            neighbourhood(reference_graph, around=SUICIDPREVENTION, depth=1, **options)
        assert raised.value.parameter == parameter


def test_municipalities_know_their_county_so_a_large_drawing_folds_them(reference_graph):
    found = neighbourhood(reference_graph, around="healthcare-region:sjukvardsregion-mellansverige", depth=1,
                          max_nodes=400)
    assert found.county_of["municipality:1880"].uid == OREBRO_COUNTY
    drawing = neighbourhood_drawing(found, limit=40)
    assert "group:county:18:municipalities" in drawing.node_ids()
    assert "municipality:1880" not in drawing.node_ids()
    assert drawing.notes and "12 municipalities in Örebro län" in drawing.notes[0]


def test_node_context_has_levels_and_counties(reference_graph):
    context = node_context(reference_graph, ["municipality:1880", LPO_OREBRO, "nowhere"])
    assert set(context) == {"municipality:1880", LPO_OREBRO}
    assert context[LPO_OREBRO].level == "region" and context["municipality:1880"].county.name == "Örebro län"


# -- drawings and the page -------------------------------------------------------------------
def test_the_contact_path_drawing_follows_document_003(reference_graph):
    drawing = contact_path_drawing(reference_graph, AREA, "municipality:1880", at=datetime.date(2025, 1, 1),
                                   tree=False, limit=120)
    assert {NPO, LPO_OREBRO, SUICIDPREVENTION, "person:johanna-rask", "municipality:1880"} <= drawing.node_ids()
    assert [step.number for step in drawing.steps] == list(range(1, len(drawing.steps) + 1))
    assert all(line.numbers for line in drawing.lines)


def test_a_county_path_lists_the_shared_hops_once(reference_graph):
    drawing = contact_path_drawing(reference_graph, AREA, OREBRO_COUNTY, at=datetime.date(2025, 1, 1),
                                   tree=False, limit=120)
    listing = route_listing(drawing.as_vis()["steps"])
    assert len(listing) == 12 and listing[0]["shared"] == 0
    assert all(route["shared"] >= 4 for route in listing[1:])
    assert drawing.title.startswith("Psykisk hälsa → Örebro län (12 targets)")


def test_the_standalone_page_is_offline_and_carries_the_drawing(reference_graph):
    drawing = contact_path_drawing(reference_graph, AREA, "municipality:1880", at=datetime.date(2025, 1, 1),
                                   tree=True, limit=120)
    html = standalone_page(drawing)
    assert_offline(html)
    data = drawn_data(html)
    assert {node["id"] for node in data["nodes"]} == drawing.node_ids()
    assert "Johanna Rask is member of LAG Suicidprevention as kommunal representant" in html
    assert "kommunal nivå" in html and "rapportering" in html


SVG = "{http://www.w3.org/2000/svg}"


def test_a_path_is_a_picture_in_svg_that_parses_with_every_node_and_line(reference_graph):
    drawing = contact_path_drawing(reference_graph, AREA, "municipality:1880", at=datetime.date(2025, 1, 1),
                                   tree=False, limit=120)
    picture = ElementTree.fromstring(drawing_svg(drawing).encode("utf-8"))
    assert picture.tag == f"{SVG}svg" and picture.find(f"{SVG}title").text == drawing.title
    groups = {group.get("data-id"): group for group in picture.iter(f"{SVG}g")}
    assert set(groups) == drawing.node_ids()
    assert len(list(picture.iter(f"{SVG}line"))) == len(drawing.lines)
    # The bands: the NPO above the LPO above the municipality.
    height = {uid: float(groups[uid].find(f"{SVG}circle").get("cy"))
              for uid in (NPO, LPO_OREBRO, "municipality:1880")}
    assert height[NPO] < height[LPO_OREBRO] < height["municipality:1880"]


def test_a_grouped_neighbourhood_in_svg_stands_in_the_level_bands(reference_graph):
    drawing = focus_drawing(reference_graph, LPO_OREBRO, 2, at=None, tree=False, limit=40, filters={},
                            group_by="kind")
    assert {"group:region:lag", "group:topics:knowledge_area"} <= drawing.node_ids()
    picture = ElementTree.fromstring(drawing_svg(drawing).encode("utf-8"))
    groups = {group.get("data-id"): group for group in picture.iter(f"{SVG}g")}
    assert set(groups) == drawing.node_ids()
    height = {uid: float(groups[uid].find(f"{SVG}circle").get("cy"))
              for uid in (NPO, LPO_OREBRO, "person:johanna-rask", "group:topics:knowledge_area")}
    assert height[NPO] < height[LPO_OREBRO] < height["person:johanna-rask"] < height["group:topics:knowledge_area"]


def test_a_chain_is_drawn_as_a_tree(reference_graph):
    drawing = chain_of(reference_graph, SUICIDPREVENTION, at="2025-01-01", tree=True, limit=120)
    assert {SUICIDPREVENTION, LPO_OREBRO, "council:region-orebro-lan-rmks", NPO} <= drawing.node_ids()
    assert drawing.as_vis()["options"]["layout"]["hierarchical"]["direction"] == "UD"


def test_the_command_functions_refuse_unknown_ids_naming_the_option(reference_graph):
    with pytest.raises(typer.BadParameter, match="lag:nowhere") as raised:
        focus_drawing(reference_graph, "lag:nowhere", 1, at=None, tree=False, limit=120, filters={})
    assert raised.value.param_hint == "--focus"
    with pytest.raises(typer.BadParameter, match="municipality:9999") as raised:
        contact_path_drawing(reference_graph, AREA, "municipality:9999", at=datetime.date(2025, 1, 1), tree=False,
                             limit=120)
    assert raised.value.param_hint == "--path"
    with pytest.raises(typer.BadParameter, match="county:18") as raised:
        chain_of(reference_graph, OREBRO_COUNTY, at="2025-01-01", tree=True, limit=120)
    assert raised.value.param_hint == "--chain"


# -- the command as run ----------------------------------------------------------------------
def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_viz_writes_an_offline_page_and_refuses_bad_input(cli_env, tmp_path: Path):
    loaded = run(cli_env, "load", "reference")
    assert loaded.returncode == 0, loaded.stderr
    page = tmp_path / "suicid.html"
    drawn = run(cli_env, "viz", "--focus", SUICIDPREVENTION, "--depth", "1", "-o", str(page))
    assert drawn.returncode == 0, drawn.stderr
    html = page.read_text(encoding="utf-8")
    assert_offline(html)
    assert {SUICIDPREVENTION, LPO_OREBRO, "person:johanna-rask"} <= {node["id"] for node in drawn_data(html)["nodes"]}

    picture = tmp_path / "suicid.svg"
    drawn = run(cli_env, "viz", "--path", AREA, "municipality:1880", "--at", "2025-01-01", "-o", str(picture))
    assert drawn.returncode == 0, drawn.stderr
    texts = [text.text for text in ElementTree.parse(picture).getroot().iter(f"{SVG}text")]
    assert any(text and text.endswith("den 2025-01-01") for text in texts), "Swedish unless --lang en"
    wrong = run(cli_env, "viz", "--focus", SUICIDPREVENTION, "-o", str(tmp_path / "suicid.pdf"))
    assert wrong.returncode == 2 and ".svg" in wrong.stderr

    missing = tmp_path / "missing.html"
    unknown = run(cli_env, "viz", "--focus", "lag:nowhere", "-o", str(missing))
    assert unknown.returncode == 2 and "lag:nowhere" in unknown.stderr and not missing.exists()
    both = run(cli_env, "viz", "--focus", SUICIDPREVENTION, "--path", AREA, OREBRO_COUNTY, "-o", str(missing))
    neither = run(cli_env, "viz", "-o", str(missing))
    assert both.returncode == 2 and neither.returncode == 2 and "exactly one of" in neither.stderr
    assert not missing.exists()
