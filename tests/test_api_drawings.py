"""The drawings routes on the reference data: the same drawings `govgraph viz` makes, and problems for bad input."""

from __future__ import annotations

import datetime
import json

import pytest
from neomodel import db as neomodel_db

from api.viz_cli import chain_of, contact_path_drawing, focus_drawing
from cypher.contact_path import PathOptions, contact_paths
from cypher.route_index import route_index
from graphmodel import nodes
from graphmodel.messages import SWEDISH, speaking

pytestmark = pytest.mark.engine

DRAWINGS = "/api/v1/drawings"
SUICIDPREVENTION = "lag:region-orebro-lan-suicidprevention"
NPO = "npo:psykisk-halsa"
OREBRO = "municipality:1880"
LPO = "lpo:region-orebro-lan-psykisk-halsa"
DAY = "2025-01-01"


def as_json(value: dict) -> dict:
    return json.loads(json.dumps(value))


def drawn(client, url: str, **params) -> dict:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def problem(client, url: str, status: int, **params) -> dict:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


# -- neighbourhood -----------------------------------------------------------------------------
def test_a_neighbourhood_is_the_drawing_govgraph_viz_makes(api_client, reference_graph):
    answer = drawn(api_client, f"{DRAWINGS}/neighbourhood/{SUICIDPREVENTION}", depth=2)
    with speaking(SWEDISH):  # the API's language when the caller names none
        expected = focus_drawing(reference_graph, SUICIDPREVENTION, 2, at=None, tree=False, limit=120, filters={})
    assert answer == as_json(expected.as_vis())
    assert {LPO, "person:johanna-rask"} <= {node["id"] for node in answer["nodes"]}
    assert answer["legend"]["levels"] and answer["steps"] == []
    # The LAG is set up by and reports to its LPO: two lines between the same nodes of one band, bent apart.
    to_lpo = [edge for edge in answer["edges"] if {edge["from"], edge["to"]} == {SUICIDPREVENTION, LPO}]
    assert len(to_lpo) == 2 and len({edge["smooth"]["roundness"] for edge in to_lpo}) == 2


def test_filters_date_tree_and_limit_reach_the_drawing(api_client, reference_graph):
    url = f"{DRAWINGS}/neighbourhood/{SUICIDPREVENTION}"
    reporting = drawn(api_client, url, depth=2, families=["reporting"], at=DAY, tree="true")
    assert {edge["family"] for edge in reporting["edges"]} == {"reporting"}
    assert reporting["options"]["layout"]["hierarchical"]["direction"] == "DU"
    assert any("Filtrerat" in note for note in reporting["notes"])
    people = drawn(api_client, url, kinds=["person", "lag"])
    assert {node["kind"] for node in people["nodes"]} == {"person", "lag"}
    wide = drawn(api_client, "/api/v1/drawings/neighbourhood/region:18", depth=2, limit=20)
    assert len(wide["nodes"]) <= 20 and any("ritas inte" in note or "en nod per" in note for note in wide["notes"])
    with speaking(SWEDISH):  # the API's language when the caller names none
        expected = focus_drawing(reference_graph, "region:18", 2, at=None, tree=False, limit=20, filters={})
    assert {node["id"] for node in wide["nodes"]} == expected.node_ids()


LPO_OREBRO = "lpo:region-orebro-lan-psykisk-halsa"


def test_a_large_neighbourhood_is_grouped_as_asked_and_an_opened_group_is_drawn_member_by_member(
        api_client, reference_graph):
    url = f"{DRAWINGS}/neighbourhood/{LPO_OREBRO}"
    by_region = drawn(api_client, url, depth=2, limit=40)
    by_kind = drawn(api_client, url, depth=2, limit=40, group_by="kind")
    assert "group:lag:region-orebro-lan-suicidprevention:people" in {node["id"] for node in by_region["nodes"]}
    kinds = {node["id"]: node for node in by_kind["nodes"] if node["id"].startswith("group:")}
    assert kinds["group:topics:knowledge_area"]["label"].endswith("kunskapsområden")
    assert kinds["group:region:lag"]["label"] == "6 LAG"
    opened = drawn(api_client, url, depth=2, limit=40, group_by="kind", open=["group:region:lag"])
    members = [node for node in opened["nodes"] if node.get("opened_group") == "group:region:lag"]
    assert {node["id"] for node in members} == set(kinds["group:region:lag"]["members"])
    assert {node["opened_label"] for node in members} == {"6 LAG"}
    assert all(node["band"] == "region" for node in members)


def test_bad_neighbourhood_input_is_a_problem_naming_the_parameter(api_client, reference_graph):
    url = f"{DRAWINGS}/neighbourhood/{SUICIDPREVENTION}"
    assert problem(api_client, url, 422, families="gossip")["parameter"].startswith("families")
    assert problem(api_client, url, 422, group_by="colour")["parameter"] == "group_by"
    assert problem(api_client, url, 422, depth=4)["parameter"] == "depth"
    assert problem(api_client, url, 422, limit=5)["parameter"] == "limit"
    assert problem(api_client, url, 422, colour="red")["parameter"] == "colour"
    wrong_kind = problem(api_client, url, 422, region=SUICIDPREVENTION)
    assert wrong_kind["parameter"] == "region" and "not a region" in wrong_kind["detail"]
    unknown_area = problem(api_client, url, 404, knowledge_area="knowledge-area:nowhere")
    assert (unknown_area["parameter"], unknown_area["uid"]) == ("knowledge_area", "knowledge-area:nowhere")
    unknown = problem(api_client, f"{DRAWINGS}/neighbourhood/lag:nowhere", 404)
    assert (unknown["parameter"], unknown["uid"]) == ("uid", "lag:nowhere")


# -- contact path ------------------------------------------------------------------------------
def hop_edge_id(hop: dict) -> str:
    other = hop["to"]["uid"] if hop["stored_from"] == hop["from"]["uid"] else hop["from"]["uid"]
    return "|".join((hop["stored_from"], hop["type"], hop["role"] or "", other))


def test_a_path_highlights_and_explains_the_hops_of_the_contact_path(api_client, reference_graph):
    answer = drawn(api_client, f"{DRAWINGS}/path", **{"from": NPO, "to": OREBRO, "at": DAY})
    path = drawn(api_client, "/api/v1/paths/contact", **{"from": NPO, "to": OREBRO, "at": DAY})
    hops = path["routes"][0]["hops"]
    assert hops, "the reference data has a route from the NPO to Örebro kommun"
    highlighted = [edge for edge in answer["edges"] if edge["numbers"]]
    assert {edge["id"] for edge in highlighted} == {hop_edge_id(hop) for hop in hops}
    assert [step["explanation"] for step in answer["steps"]] == [hop["explanation"] for hop in hops]
    assert [step["edge"] for step in answer["steps"]] == [hop_edge_id(hop) for hop in hops]
    assert answer["legend"]["highlight"]["label"] == "kontaktväg"
    with speaking(SWEDISH):  # the API's language when the caller names none
        expected = contact_path_drawing(reference_graph, NPO, OREBRO, at=datetime.date(2025, 1, 1), tree=False,
                                        limit=120)
    assert answer == as_json(expected.as_vis())


def test_a_county_path_draws_a_route_to_each_municipality(api_client, reference_graph):
    answer = drawn(api_client, f"{DRAWINGS}/path", **{"from": NPO, "to": ["county:18"], "at": DAY, "tree": "true"})
    index = route_index(reference_graph)
    routes = contact_paths(index, NPO, ["county:18"], PathOptions(datetime.date(2025, 1, 1))).routes
    assert {step["route"] for step in answer["steps"]} == {route.target.label() for route in routes if route.hops}
    assert answer["options"]["layout"]["hierarchical"]["direction"] == "LR"


def test_bad_path_input_is_a_problem_naming_the_parameter(api_client, reference_graph):
    url = f"{DRAWINGS}/path"
    unknown = problem(api_client, url, 404, **{"from": "npo:nowhere", "to": OREBRO})
    assert (unknown["parameter"], unknown["uid"]) == ("from", "npo:nowhere")
    assert problem(api_client, url, 404, **{"from": NPO, "to": "municipality:9999"})["parameter"] == "to"
    assert problem(api_client, url, 422, **{"from": NPO})["parameter"] == "to"
    assert problem(api_client, url, 422, **{"from": NPO, "to": NPO})["parameter"] == "to"
    assert problem(api_client, url, 422, **{"from": NPO, "to": OREBRO, "at": "2025-02-30"})["parameter"] == "at"


# -- reporting chain ---------------------------------------------------------------------------
def test_a_chain_is_an_organisation_chart_as_govgraph_viz_draws_it(api_client, reference_graph):
    answer = drawn(api_client, f"{DRAWINGS}/chain/{SUICIDPREVENTION}", at=DAY)
    assert answer["options"]["layout"]["hierarchical"] == {**answer["options"]["layout"]["hierarchical"],
                                                           "enabled": True, "direction": "UD"}
    assert all(isinstance(node["level"], int) for node in answer["nodes"])
    assert answer["steps"][0]["from"] == SUICIDPREVENTION
    with speaking(SWEDISH):
        expected = chain_of(reference_graph, SUICIDPREVENTION, at=DAY, tree=True, limit=120)
    assert answer == as_json(expected.as_vis())


def test_bad_chain_input_is_a_problem_naming_the_parameter(api_client, reference_graph):
    unknown = problem(api_client, f"{DRAWINGS}/chain/lag:nowhere", 404)
    assert (unknown["parameter"], unknown["uid"]) == ("uid", "lag:nowhere")
    place = problem(api_client, f"{DRAWINGS}/chain/{OREBRO}", 422)
    assert place["parameter"] == "uid" and "not a body" in place["detail"]


# -- personal data ---------------------------------------------------------------------------
EMAIL = "anna.andersson@example.invalid"
PHONE = "+46 19 000 00 00"


def test_hop_explanations_follow_the_callers_language_and_name_their_documents(api_client, reference_graph):
    asked = {"from": NPO, "to": OREBRO, "at": DAY}
    swedish = api_client.get("/api/v1/paths/contact", params=asked)
    english = api_client.get("/api/v1/paths/contact", params={**asked, "lang": "en"})
    accepted = api_client.get("/api/v1/paths/contact", params=asked, headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert swedish.headers["Content-Language"] == "sv" and english.headers["Content-Language"] == "en"
    assert [answer.status_code for answer in (swedish, english, accepted)] == [200, 200, 200], accepted.text
    first = [answer.json()["routes"][0]["hops"][0] for answer in (swedish, english, accepted)]
    assert " speglar " in first[0]["explanation"] and " mirrors " in first[1]["explanation"]
    assert first[2]["explanation"] == first[1]["explanation"]
    named = [hop for hop in swedish.json()["routes"][0]["hops"] if hop["source"]]
    assert named and all(hop["source_name"] != hop["source"] for hop in named)
    assert any(hop["source_name"].startswith("Uppdrag som kommunal representant i LPO/LAG (Region Örebro län)")
               for hop in named)
    drawing = drawn(api_client, f"{DRAWINGS}/path", **asked)
    assert drawing["title"].endswith(f"den {DAY}") and all(step["source_name"] for step in drawing["steps"]
                                                            if step["source"])


def test_the_coverage_matrix_has_every_area_against_every_region(api_client, reference_graph):
    answer = drawn(api_client, "/api/v1/coverage", at=DAY)
    cells = {(cell["area"], cell["region"]): cell for cell in answer["cells"]}
    assert len({area for area, _ in cells}) == 26 and len({region for _, region in cells}) == 21
    assert len(cells) == 26 * 21
    orebro = cells[("knowledge-area:psykisk-halsa", "region:18")]
    assert orebro["lpos"] == 1 and orebro["lags"] >= 1 and orebro["reached"] == orebro["municipalities"] == 12
    assert orebro["npo"] == NPO
    nothing = cells[("knowledge-area:psykisk-halsa", "region:01")]
    assert (nothing["lpos"], nothing["lags"], nothing["contacts"], nothing["reached"]) == (0, 0, 0, None)
    assert problem(api_client, "/api/v1/coverage", 422, at="2025-13-01")["parameter"] == "at"


def test_no_drawing_carries_an_email_or_phone_even_for_a_key_holder(api_client, api_keys, graph):
    """Last in the module: it empties the graph for data of its own."""
    with neomodel_db.transaction:
        lpo = nodes.LocalProgrammeArea(uid="lpo:orebro:psykisk-halsa", name="Psykisk hälsa").save()
        lag = nodes.LocalWorkingGroup(uid="lag:orebro:depression", name="Depression").save()
        anna = nodes.Person(uid="person:anna-andersson", name="Anna Andersson", email=EMAIL, phone=PHONE,
                            fictional=True).save()
        lag.reports_to.connect(lpo, {"source_ref": "000 §2"})
        anna.member_of.connect(lag, {"role": "municipal_representative", "source_ref": "000 §4"})
    responses = [
        api_client.get(f"{DRAWINGS}/neighbourhood/person:anna-andersson", params={"depth": 3},
                       headers=api_keys["reader"]),
        api_client.get(f"{DRAWINGS}/neighbourhood/lag:orebro:depression"),
        api_client.get(f"{DRAWINGS}/path", params={"from": "lpo:orebro:psykisk-halsa", "to": "person:anna-andersson"},
                       headers=api_keys["admin"]),
        api_client.get(f"{DRAWINGS}/chain/person:anna-andersson", headers=api_keys["reader"]),
    ]
    assert EMAIL in api_client.get("/api/v1/nodes/person:anna-andersson", headers=api_keys["reader"]).text
    for response in responses:
        assert response.status_code == 200, response.text
        assert "Anna Andersson" in response.text
        assert EMAIL not in response.text and PHONE not in response.text, response.url

