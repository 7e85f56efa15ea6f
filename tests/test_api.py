"""The read-only API and the explorer, against the real engine, through FastAPI's test client."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neomodel import db as neomodel_db

from api.main import create_app
from api.neighbourhood import neighbourhood
from graphmodel import nodes
from graphmodel.model import EDGE_CLASSES, NODE_KINDS, ROLES

pytestmark = pytest.mark.engine

START = datetime.date(2023, 1, 1)
END = datetime.date(2026, 12, 31)
EMAIL = "anna.andersson@example.invalid"
PHONE = "+46 19 000 00 00"


@pytest.fixture
def client(graph) -> Iterator[TestClient]:
    with TestClient(create_app(owns_graph=False)) as test_client:
        yield test_client


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


def node_ids_drawn(html: str) -> set[str]:
    data = re.search(r"nodes: new vis\.DataSet\((\[.*?\])\)", html)
    assert data is not None, "the page has no node data"
    return {node["id"] for node in json.loads(data.group(1))}


def edges_drawn(html: str) -> set[tuple[str, str, str]]:
    data = re.search(r"edges: new vis\.DataSet\((\[.*?\])\)", html)
    assert data is not None, "the page has no edge data"
    return {(edge["from"], edge["to"], edge["label"]) for edge in json.loads(data.group(1))}


# -- search ------------------------------------------------------------------------------
def test_search_by_name_is_case_insensitive_and_ordered_by_name(client, sample):
    response = client.get("/entities", params={"q": "PSYKISK"})
    assert response.status_code == 200
    assert [row["uid"] for row in response.json()] == [
        "lpo:orebro:psykisk-halsa", "npo:psykisk-halsa", "rpo:uo:psykisk-halsa"]


def test_search_by_kind_and_limit(client, sample):
    by_kind = client.get("/entities", params={"kind": "lpo"}).json()
    assert by_kind == [{"uid": "lpo:orebro:psykisk-halsa", "name": "LPO Psykisk hälsa Örebro",
                        "kind": "lpo", "level": "region"}]
    assert len(client.get("/entities", params={"limit": 2}).json()) == 2
    assert len(client.get("/entities").json()) == 6


def test_search_finds_former_names_and_unaccented_ids(client, sample):
    assert [row["uid"] for row in client.get("/entities", params={"q": "ångest"}).json()] == [
        "lag:orebro:depression"]
    # "orebro" has no ö, so it matches the id slugs rather than the names.
    assert {row["uid"] for row in client.get("/entities", params={"q": "orebro", "kind": "region"}).json()} == {
        "region:orebro-lan"}


def test_search_with_a_kind_outside_the_vocabulary_is_refused(client, sample):
    response = client.get("/entities", params={"kind": "committee"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "kind"]
    assert "'lag'" in error["msg"]


def test_search_refuses_unknown_parameters_and_bad_limits(client, sample):
    unknown = client.get("/entities", params={"colour": "red"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["query", "colour"]
    too_many = client.get("/entities", params={"limit": 0})
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == ["query", "limit"]


# -- one entity ----------------------------------------------------------------------------
def test_entity_has_its_properties_and_edges_in_and_out(client, sample):
    response = client.get("/entities/lag:orebro:depression")
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
    assert [(e["type"], e["family"], e["role"], e["start"], e["end"], e["other"]["name"])
            for e in body["incoming"]] == [
        ("MEMBER_OF", "representation", "chair", "2023-01-01", "2026-12-31", "Anna Andersson")]


def test_unknown_entity_is_a_404_naming_the_id(client, sample):
    response = client.get("/entities/lag:nowhere")
    assert response.status_code == 404
    assert response.json() == {"detail": "no entity has the id 'lag:nowhere'"}


def test_no_response_carries_a_persons_email_or_phone(client, sample):
    person = client.get("/entities/person:anna-andersson").json()
    assert person["properties"]["title"] == "överläkare"
    assert "email" not in person["properties"] and "phone" not in person["properties"]
    responses = [
        client.get("/entities/person:anna-andersson"),
        client.get("/entities/lag:orebro:depression"),
        client.get("/entities", params={"q": "anna"}),
        client.get("/entities", params={"kind": "person"}),
        client.get("/explorer", params={"around": "person:anna-andersson", "depth": 3}),
        client.get("/vocabulary"),
    ]
    for response in responses:
        assert response.status_code == 200
        assert EMAIL not in response.text and PHONE not in response.text, response.url


# -- vocabulary ----------------------------------------------------------------------------
def test_vocabulary_lists_the_models_words(client):
    body = client.get("/vocabulary").json()
    assert [kind["key"] for kind in body["kinds"]] == list(NODE_KINDS.keys())
    assert {(rel["key"], rel["family"]) for rel in body["relation_types"]} == {
        (key, cls.family) for key, cls in EDGE_CLASSES.items()}
    assert [role["key"] for role in body["roles"]] == list(ROLES.keys())
    assert [level["key"] for level in body["levels"]] == ["national", "healthcare_region", "region", "municipality"]
    lag = next(kind for kind in body["kinds"] if kind["key"] == "lag")
    assert lag["labels"] == ["Entity", "Body", "LAG"] and lag["default_level"] == "region"
    assert lag["description"]


# -- explorer ------------------------------------------------------------------------------
def test_explorer_draws_the_neighbourhood_of_one_step(client, sample):
    response = client.get("/explorer", params={"around": "lag:orebro:depression"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert node_ids_drawn(html) == {"lag:orebro:depression", "lpo:orebro:psykisk-halsa", "region:orebro-lan",
                                    "person:anna-andersson"}
    assert edges_drawn(html) == {
        ("lag:orebro:depression", "lpo:orebro:psykisk-halsa", "reports to"),
        ("lag:orebro:depression", "region:orebro-lan", "belongs to"),
        ("person:anna-andersson", "lag:orebro:depression", "member of (chair)"),
    }
    assert "Anna Andersson" in html and "?around=person%3Aanna-andersson&amp;depth=1" in html


def test_explorer_goes_as_deep_as_asked(client, sample):
    two = client.get("/explorer", params={"around": "lag:orebro:depression", "depth": 2}).text
    three = client.get("/explorer", params={"around": "lag:orebro:depression", "depth": 3}).text
    assert "rpo:uo:psykisk-halsa" in node_ids_drawn(two) and "npo:psykisk-halsa" not in node_ids_drawn(two)
    assert "npo:psykisk-halsa" in node_ids_drawn(three)
    assert ("rpo:uo:psykisk-halsa", "npo:psykisk-halsa", "mirrors") in edges_drawn(three)


def test_explorer_page_needs_nothing_from_the_internet(client, sample):
    html = client.get("/explorer", params={"around": "lag:orebro:depression"}).text
    assert "new vis.Network" in html and "vis-network" in html
    assert re.search(r"<script[^>]+src=", html) is None
    assert re.search(r"<link[^>]+href=", html) is None
    assert "@import" not in html
    assert all(url.startswith("data:") for url in re.findall(r"url\(\s*[\"']?([^\"')]*)", html))


def test_explorer_without_a_centre_shows_the_search(client, sample):
    response = client.get("/explorer")
    assert response.status_code == 200
    assert 'id="search"' in response.text and "new vis.Network" not in response.text


def test_explorer_refuses_unknown_ids_and_depths_out_of_range(client, sample):
    missing = client.get("/explorer", params={"around": "lag:nowhere"})
    assert missing.status_code == 404 and "lag:nowhere" in missing.json()["detail"]
    too_deep = client.get("/explorer", params={"around": "lag:orebro:depression", "depth": 4})
    assert too_deep.status_code == 422
    assert too_deep.json()["detail"][0]["loc"] == ["query", "depth"]


def test_neighbourhood_stops_at_its_node_budget(graph, sample):
    found = neighbourhood(graph, around="lag:orebro:depression", depth=3, max_nodes=3)
    assert found is not None and found.truncated
    assert len(found.nodes) == 3
    assert all(edge.source in found.nodes and edge.target in found.nodes for edge in found.edges.values())


def test_app_that_borrows_the_graph_leaves_it_open(graph, sample):
    with TestClient(create_app(owns_graph=False)) as first:
        assert first.get("/health").json()["status"] == "ok"
    assert graph.read("MATCH (n:Entity) RETURN count(n) AS n") == [{"n": 6}]
