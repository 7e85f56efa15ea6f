"""The nodes resource, the vocabulary and the explorer, against the real engine, through FastAPI's test client."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neomodel import db as neomodel_db

from api.main import create_app
from api.neighbourhood import neighbourhood
from api.reads import node_detail
from graphmodel import nodes
from graphmodel.model import EDGE_CLASSES, NODE_KINDS, ROLES

pytestmark = pytest.mark.engine

START = datetime.date(2023, 1, 1)
END = datetime.date(2026, 12, 31)
EMAIL = "anna.andersson@example.invalid"
PHONE = "+46 19 000 00 00"


NODES = "/api/v1/nodes"


@pytest.fixture
def client(graph, api_client) -> Iterator[TestClient]:
    """The test's own app on an emptied graph."""
    yield api_client


def search_items(client: TestClient, **params) -> list[dict]:
    response = client.get(NODES, params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


@pytest.fixture
def sample(graph) -> None:
    """NPO → RPO → LPO mirrored down the levels, a LAG reporting to the LPO, its chair and its region."""
    with neomodel_db.transaction:
        npo = nodes.NationalProgrammeArea(uid="npo:psykisk-halsa", name="NPO Psykisk hälsa").save()
        rpo = nodes.RegionalProgrammeArea(uid="rpo:uo:psykisk-halsa", name="RPO Psykisk hälsa Uppsala-Örebro").save()
        lpo = nodes.LocalProgrammeArea(uid="lpo:orebro:psykisk-halsa", name="LPO Psykisk hälsa Örebro").save()
        lag = nodes.LocalWorkingGroup(uid="lag:orebro:depression", name="LAG Depression", start=START, end=END,
                                      former_names=["LAG Ångest och depression"], imported_from="orebro",
                                      import_hash="0f3a").save()
        region = nodes.Region(uid="region:orebro-lan", name="Region Örebro län", code="18").save()
        anna = nodes.Person(uid="person:anna-andersson", name="Anna Andersson", title="överläkare",
                            email=EMAIL, phone=PHONE, fictional=True).save()
        rpo.mirrors.connect(npo)
        lpo.mirrors.connect(rpo)
        lag.reports_to.connect(lpo, {"start": START, "source_ref": "000 §2"})
        lag.belongs_to.connect(region)
        anna.member_of.connect(lag, {"role": "chair", "start": START, "end": END, "source_ref": "000 §4"})


DRAWING = "/api/v1/drawings/neighbourhood"


def drawing(client: TestClient, uid: str, **params) -> dict:
    response = client.get(f"{DRAWING}/{uid}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def node_ids_drawn(drawn: dict) -> set[str]:
    return {node["id"] for node in drawn["nodes"]}


def edges_drawn(drawn: dict) -> set[tuple[str, str, str]]:
    return {(edge["from"], edge["to"], edge["label"]) for edge in drawn["edges"]}


# -- search ------------------------------------------------------------------------------
def test_search_by_name_is_case_insensitive_and_ordered_by_name(client, sample):
    assert [row["uid"] for row in search_items(client, q="PSYKISK")] == [
        "lpo:orebro:psykisk-halsa", "npo:psykisk-halsa", "rpo:uo:psykisk-halsa"]


def test_search_by_kind_and_limit(client, sample):
    by_kind = search_items(client, kind="lpo")
    assert by_kind == [{"uid": "lpo:orebro:psykisk-halsa", "name": "LPO Psykisk hälsa Örebro",
                        "kind": "lpo", "level": "region"}]
    assert len(search_items(client, limit=2)) == 2
    assert len(search_items(client)) == 6


def test_search_finds_former_names_and_unaccented_ids(client, sample):
    assert [row["uid"] for row in search_items(client, q="ångest")] == [
        "lag:orebro:depression"]
    # "orebro" has no ö, so it matches the id slugs rather than the names.
    assert {row["uid"] for row in search_items(client, q="orebro", kind="region")} == {
        "region:orebro-lan"}


def test_search_with_a_kind_outside_the_vocabulary_is_refused(client, sample):
    response = client.get(NODES, params={"kind": "committee"})
    assert response.status_code == 422
    assert response.json()["parameter"] == "kind"
    [error] = response.json()["errors"]
    assert (error["location"], error["parameter"]) == ("query", "kind")
    assert "'lag'" in error["message"]


def test_search_refuses_unknown_parameters_and_bad_limits(client, sample):
    unknown = client.get(NODES, params={"colour": "red"})
    assert unknown.status_code == 422
    assert unknown.json()["parameter"] == "colour"
    too_few = client.get(NODES, params={"limit": 0})
    assert too_few.status_code == 422
    assert too_few.json()["parameter"] == "limit"


# -- one node ------------------------------------------------------------------------------
def test_node_has_its_properties_memberships_and_edges_in_and_out(client, sample):
    response = client.get(f"{NODES}/lag:orebro:depression")
    assert response.status_code == 200
    body = response.json()
    assert (body["uid"], body["name"], body["kind"]) == ("lag:orebro:depression", "LAG Depression", "lag")
    assert body["properties"]["start"] == "2023-01-01"
    assert body["properties"]["former_names"] == ["LAG Ångest och depression"]
    assert body["properties"]["imported_from"] == "orebro"
    assert "import_hash" not in body["properties"]
    assert {(e["type"], e["family"], e["start"], e["source"], e["other"]["uid"], e["other"]["kind"])
            for e in body["outgoing"]} == {
        ("REPORTS_TO", "reporting", "2023-01-01", "000 §2", "lpo:orebro:psykisk-halsa", "lpo"),
        ("BELONGS_TO", "structure", None, None, "region:orebro-lan", "region"),
    }
    assert body["incoming"] == [] and body["memberships"] == []
    assert [(m["member"]["name"], m["group"]["uid"], m["role"], m["start"], m["end"], m["source"])
            for m in body["members"]] == [
        ("Anna Andersson", "lag:orebro:depression", "chair", "2023-01-01", "2026-12-31", "000 §4")]


def test_node_answer_is_what_the_read_function_returns(client, sample, graph):
    body = client.get(f"{NODES}/lag:orebro:depression").json()
    assert body == node_detail(graph, uid="lag:orebro:depression").model_dump(mode="json")


def test_unknown_node_is_a_404_naming_the_id(client, sample):
    response = client.get(f"{NODES}/lag:nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["uid"], body["parameter"]) == ("lag:nowhere", "uid")
    assert "lag:nowhere" in body["detail"]


def test_no_anonymous_response_carries_a_persons_email_or_phone(client, sample):
    person = client.get(f"{NODES}/person:anna-andersson").json()
    assert person["properties"]["title"] == "överläkare"
    assert "email" not in person["properties"] and "phone" not in person["properties"]
    responses = [
        client.get(f"{NODES}/person:anna-andersson"),
        client.get(f"{NODES}/lag:orebro:depression"),
        client.get(f"{NODES}/person:anna-andersson/neighbourhood", params={"depth": 3}),
        client.get(NODES, params={"q": "anna"}),
        client.get(NODES, params={"kind": "person"}),
        client.get(f"{DRAWING}/person:anna-andersson", params={"depth": 3}),
        client.get("/api/v1/vocabulary"),
    ]
    for response in responses:
        assert response.status_code == 200
        assert EMAIL not in response.text and PHONE not in response.text, response.url


# -- vocabulary ----------------------------------------------------------------------------
def test_vocabulary_lists_the_models_words(client):
    body = client.get("/api/v1/vocabulary").json()
    assert [kind["key"] for kind in body["kinds"]] == list(NODE_KINDS.keys())
    assert {(rel["key"], rel["family"]) for rel in body["relation_types"]} == {
        (key, cls.family) for key, cls in EDGE_CLASSES.items()}
    assert [role["key"] for role in body["roles"]] == list(ROLES.keys())
    assert [level["key"] for level in body["levels"]] == ["national", "healthcare_region", "region", "municipality"]
    lag = next(kind for kind in body["kinds"] if kind["key"] == "lag")
    assert lag["labels"] == ["Entity", "Body", "LAG"] and lag["default_level"] == "region"
    assert lag["description"]


# -- explorer ------------------------------------------------------------------------------
def test_explorer_draws_the_neighbourhood_of_one_step_in_the_documents_words(client, sample):
    drawn = drawing(client, "lag:orebro:depression")
    assert node_ids_drawn(drawn) == {"lag:orebro:depression", "lpo:orebro:psykisk-halsa", "region:orebro-lan",
                                     "person:anna-andersson"}
    assert edges_drawn(drawn) == {
        ("lag:orebro:depression", "lpo:orebro:psykisk-halsa", "rapporterar till"),
        ("lag:orebro:depression", "region:orebro-lan", "tillhör"),
        ("person:anna-andersson", "lag:orebro:depression", "ordförande"),
    }


def test_explorer_goes_as_deep_as_asked(client, sample):
    two = drawing(client, "lag:orebro:depression", depth=2)
    three = drawing(client, "lag:orebro:depression", depth=3)
    assert "rpo:uo:psykisk-halsa" in node_ids_drawn(two) and "npo:psykisk-halsa" not in node_ids_drawn(two)
    assert "npo:psykisk-halsa" in node_ids_drawn(three)
    assert ("rpo:uo:psykisk-halsa", "npo:psykisk-halsa", "speglar") in edges_drawn(three)


def test_explorer_page_is_the_front_page(client, sample):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert 'id="network"' in html and 'id="legend"' in html and 'id="form-path"' in html
    assert '<script src="/static/explorer.js"' in html


def test_explorer_page_needs_nothing_from_the_internet(client, sample):
    html = client.get("/").text
    addresses = re.findall(r"""(?:src|href)=["']([^"']*)""", html)
    assets = [address for address in addresses if address.startswith("/static/")]
    assert {"/static/explorer.js", "/static/explorer.css", "/static/vendor/vis-network.min.js",
            "/static/vendor/vis-network.css"} <= set(assets)
    # The other addresses are the API's documentation and the page in English, pages of this server too.
    assert all(address.startswith(("/static/", "data:")) or address in ("/docs", "?lang=en") for address in addresses)
    docs = client.get("/docs").text
    assert re.findall(r"""(?:src|href)=["']([^"']*)""", docs) == [
        "data:,", "/static/vendor/swagger-ui/swagger-ui.css", "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/docs.js"]
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        # `url(#arrow)` names a marker inside the same SVG: nothing is fetched.
        assert re.search(r"""url\(\s*(?!["']?(?:data:|#))""", served.text) is None, asset
    for own in ("/static/explorer.js", "/static/explorer.css"):
        # The SVG namespace is a name, never fetched.
        assert re.search(r"https?://(?!www\.w3\.org/2000/svg)", client.get(own).text) is None, own
    assert "vis-network" in client.get("/static/vendor/vis-network.min.js").text[:2000]


def test_static_serves_only_the_explorers_files(client, sample):
    for name in ("nothing.js", "../main.py", "%2e%2e/main.py", "index.html/../../main.py"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 404, name


def test_former_explorer_address_leads_to_the_same_view(client, sample):
    moved = client.get("/explorer", params={"around": "lag:orebro:depression", "depth": 2}, follow_redirects=False)
    assert moved.status_code == 307
    assert moved.headers["location"] == "/?focus=lag%3Aorebro%3Adepression&depth=2"
    assert client.get("/explorer", follow_redirects=False).headers["location"] == "/"
    assert client.get("/explorer", params={"around": "lag:orebro:depression"}).status_code == 200
    too_deep = client.get("/explorer", params={"around": "lag:orebro:depression", "depth": 4})
    assert too_deep.status_code == 422 and too_deep.json()["parameter"] == "depth"


def test_neighbourhood_stops_at_its_node_budget(graph, sample):
    found = neighbourhood(graph, around="lag:orebro:depression", depth=3, max_nodes=3)
    assert found is not None and found.truncated
    assert len(found.nodes) == 3
    assert all(edge.source in found.nodes and edge.target in found.nodes for edge in found.edges.values())


def test_app_that_borrows_the_graph_leaves_it_open(graph, sample, api_settings):
    with TestClient(create_app(owns_graph=False, settings=api_settings)) as first:
        assert first.get("/api/v1/health/live").json()["status"] == "ok"
    assert graph.read("MATCH (n:Entity) RETURN count(n) AS n") == [{"n": 6}]
