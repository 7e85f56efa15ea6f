"""The nodes resource over HTTP: search with every filter and pages, one node, its neighbourhood, access and errors.

The tests on the reference data come first: `reference_graph` is loaded once
for the module, and the later tests on planted data empty the graph.
"""

from __future__ import annotations

import datetime

import pytest
from fastapi.testclient import TestClient
from neomodel import db as neomodel_db

from api.main import create_app
from api.neighbourhood import neighbourhood
from api.reads import search_nodes
from graphmodel import nodes
from graphmodel.settings import Settings

pytestmark = pytest.mark.engine

NODES = "/api/v1/nodes"
EMAIL = "anna.andersson@example.invalid"
PHONE = "+46 19 000 00 00"
BO_EMAIL = "bo.berg@example.invalid"
ROLES = ("reader", "editor", "admin")


def uids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["uid"] for item in response.json()["items"]]


def assert_problem(response, status: int, parameter: str | None = None) -> dict:
    """A problem-details answer whose request id is the one in the X-Request-ID header."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["request_id"] == response.headers["X-Request-ID"]
    if parameter is not None:
        assert body["parameter"] == parameter
    return body


# -- the reference data ---------------------------------------------------------------------
ORREBRO_LAGS = {"lag:region-orebro-lan-suicidprevention", "lag:region-orebro-lan-overvikt-och-fetma-hos-barn",
                "lag:region-orebro-lan-palliativ-vard-i-livets-slutskede",
                "lag:region-orebro-lan-levnadsvanor-vid-sjukdom"}


def test_pages_keep_the_total_do_not_overlap_and_cover_every_match(api_client, reference_graph):
    pages = [api_client.get(NODES, params={"kind": "municipality", "limit": 100, "offset": offset}).json()
             for offset in (0, 100, 200, 300)]
    assert [page["total"] for page in pages] == [290] * 4
    assert [len(page["items"]) for page in pages] == [100, 100, 90, 0]
    assert [(page["limit"], page["offset"]) for page in pages] == [(100, 0), (100, 100), (100, 200), (100, 300)]
    seen = [item["uid"] for page in pages for item in page["items"]]
    assert len(seen) == len(set(seen)) == 290
    every = reference_graph.read("MATCH (n:Entity {kind: 'municipality'}) RETURN n.uid AS uid, n.name AS name")
    assert seen == [row["uid"] for row in sorted(every, key=lambda row: (row["name"], row["uid"]))]


def test_a_region_and_its_county_are_one_place(api_client, reference_graph):
    by_region = uids(api_client.get(NODES, params={"region": "region:18", "kind": "lag", "limit": 500}))
    by_county = uids(api_client.get(NODES, params={"region": "county:18", "kind": "lag", "limit": 500}))
    assert set(by_region) == set(by_county) == ORREBRO_LAGS
    municipalities = reference_graph.read(
        "MATCH (m:Entity {kind: 'municipality'})-[:LOCATED_IN]->(:Entity {uid: 'county:18'}) RETURN m.uid AS uid")
    assert set(uids(api_client.get(NODES, params={"region": "region:18", "kind": "municipality"}))) == {
        row["uid"] for row in municipalities}
    people = set(uids(api_client.get(NODES, params={"region": "region:18", "kind": "person", "limit": 500})))
    assert "person:cecilia-wahlberg" in people  # the chair of LAG Suicidprevention


def test_an_npo_and_its_knowledge_area_name_the_same_bodies(api_client, reference_graph):
    by_npo = uids(api_client.get(NODES, params={"knowledge_area": "npo:psykisk-halsa", "limit": 500}))
    by_area = uids(api_client.get(NODES, params={"knowledge_area": "knowledge-area:psykisk-halsa", "limit": 500}))
    assert by_npo == by_area
    assert {"npo:psykisk-halsa", "rpo:sjukvardsregion-mellansverige-psykisk-halsa",
            "lpo:region-orebro-lan-psykisk-halsa", "lag:region-orebro-lan-suicidprevention"} <= set(by_npo)
    assert not any(uid.startswith(("person:", "knowledge-area:")) for uid in by_npo)


@pytest.mark.parametrize("params", [
    {"q": "psykisk", "limit": 7, "offset": 3},
    {"region": "region:20", "at": "2023-06-01"},
    {"knowledge_area": "npo:aldres-halsa-och-palliativ-vard", "level": "region"},
])
def test_the_answer_is_what_the_search_function_returns(api_client, reference_graph, params):
    response = api_client.get(NODES, params=params)
    assert response.status_code == 200, response.text
    typed = {**params, "at": datetime.date.fromisoformat(params["at"])} if "at" in params else params
    assert response.json() == search_nodes(reference_graph, **typed).model_dump(mode="json")


# -- planted data ---------------------------------------------------------------------------
@pytest.fixture
def planted(graph) -> None:
    """Örebro (region, county, municipality) with an NPO → RPO → LPO → LAG line, a unit with a post, and Dalarna."""
    on = datetime.date
    with neomodel_db.transaction:
        mellansverige = nodes.HealthcareRegion(uid="healthcare-region:mellansverige",
                                               name="Sjukvårdsregion Mellansverige").save()
        region = nodes.Region(uid="region:18", name="Region Örebro län", code="18").save()
        county = nodes.County(uid="county:18", name="Örebro län", code="18").save()
        dalarna = nodes.Region(uid="region:20", name="Region Dalarna", code="20").save()
        orebro = nodes.Municipality(uid="municipality:1880", name="Örebro", code="1880").save()
        area = nodes.KnowledgeArea(uid="knowledge-area:psykisk-halsa", name="Psykisk hälsa").save()
        cancer = nodes.KnowledgeArea(uid="knowledge-area:cancersjukdomar", name="Cancersjukdomar").save()
        npo = nodes.NationalProgrammeArea(uid="npo:psykisk-halsa", name="NPO Psykisk hälsa",
                                          former_names=["NPO Psykiatri"], name_since=on(2022, 1, 1)).save()
        rpo = nodes.RegionalProgrammeArea(uid="rpo:mellansverige:psykisk-halsa", name="RPO Psykisk hälsa").save()
        lpo = nodes.LocalProgrammeArea(uid="lpo:orebro:psykisk-halsa", name="LPO Psykisk hälsa Örebro").save()
        lag = nodes.LocalWorkingGroup(uid="lag:orebro:depression", name="LAG Depression",
                                      start=on(2023, 1, 1), end=on(2026, 12, 31)).save()
        old_lag = nodes.LocalWorkingGroup(uid="lag:orebro:angest", name="LAG Ångest",
                                          start=on(2019, 1, 1), end=on(2021, 12, 31)).save()
        dalarna_lag = nodes.LocalWorkingGroup(uid="lag:dalarna:cancer", name="LAG Cancer Dalarna").save()
        unit = nodes.Unit(uid="unit:orebro:kunskapsstod", name="Kunskapsstödsgruppen").save()
        post = nodes.Post(uid="post:orebro:enhetschef", name="Enhetschef Kunskapsstöd").save()
        network = nodes.Network(uid="network:orebro:vf", name="V&F-nätverket").save()
        anna = nodes.Person(uid="person:anna-andersson", name="Anna Andersson", title="överläkare",
                            email=EMAIL, phone=PHONE, fictional=True).save()
        bo = nodes.Person(uid="person:bo-berg", name="Bo Berg", email=BO_EMAIL, fictional=True).save()
        cara = nodes.Person(uid="person:cara-dahl", name="Cara Dahl", fictional=True).save()
        dag = nodes.Person(uid="person:dag-ek", name="Dag Ek", fictional=True).save()

        region.serves.connect(county)
        region.part_of.connect(mellansverige)
        orebro.located_in.connect(county)
        orebro.located_in.connect(mellansverige)
        npo.covers.connect(area)
        rpo.mirrors.connect(npo)
        rpo.belongs_to.connect(mellansverige)
        lpo.mirrors.connect(rpo)
        lpo.belongs_to.connect(region)
        lag.belongs_to.connect(region)
        lag.covers.connect(area)
        lag.reports_to.connect(lpo, {"start": on(2023, 1, 1), "source_ref": "000 §2"})
        old_lag.belongs_to.connect(region)
        old_lag.covers.connect(area)
        dalarna_lag.belongs_to.connect(dalarna)
        dalarna_lag.covers.connect(cancer)
        unit.belongs_to.connect(region)
        post.part_of.connect(unit)
        network.belongs_to.connect(county)
        bo.holds_post.connect(post)
        anna.member_of.connect(lag, {"role": "chair", "start": on(2023, 1, 1), "end": on(2026, 12, 31),
                                     "source_ref": "000 §4"})
        anna.member_of.connect(lpo, {"role": "member", "source_ref": "002 §7"})
        cara.member_of.connect(dalarna_lag, {"role": "chair"})
        dag.member_of.connect(lag, {"role": "member", "start": on(2024, 1, 1)})


ORREBRO_PLACE = {"county:18", "municipality:1880", "lpo:orebro:psykisk-halsa", "lag:orebro:depression",
                 "lag:orebro:angest", "unit:orebro:kunskapsstod", "post:orebro:enhetschef", "network:orebro:vf",
                 "person:anna-andersson", "person:bo-berg", "person:dag-ek"}
PSYKISK_HALSA_BODIES = {"npo:psykisk-halsa", "rpo:mellansverige:psykisk-halsa", "lpo:orebro:psykisk-halsa",
                        "lag:orebro:depression", "lag:orebro:angest"}


def test_search_by_name_former_name_and_id_ignores_case_and_orders_by_name(api_client, planted):
    assert uids(api_client.get(NODES, params={"q": "PSYKISK"})) == [
        "lpo:orebro:psykisk-halsa", "npo:psykisk-halsa", "knowledge-area:psykisk-halsa",
        "rpo:mellansverige:psykisk-halsa"]
    assert uids(api_client.get(NODES, params={"q": "psykiatri"})) == ["npo:psykisk-halsa"]
    assert uids(api_client.get(NODES, params={"q": "LAG:ORebro:dep"})) == ["lag:orebro:depression"]
    # Unaccented: no name has "angest", the id of LAG Ångest has.
    assert uids(api_client.get(NODES, params={"q": "angest"})) == ["lag:orebro:angest"]


def test_search_by_kind_and_level(api_client, planted):
    assert uids(api_client.get(NODES, params={"kind": "lag"})) == [
        "lag:dalarna:cancer", "lag:orebro:depression", "lag:orebro:angest"]
    assert uids(api_client.get(NODES, params={"level": "national"})) == ["npo:psykisk-halsa"]
    assert uids(api_client.get(NODES, params={"level": "healthcare_region"})) == ["rpo:mellansverige:psykisk-halsa"]
    assert uids(api_client.get(NODES, params={"kind": "lag", "level": "national"})) == []


def test_search_by_region_takes_what_belongs_lies_or_sits_there(api_client, planted):
    by_region = set(uids(api_client.get(NODES, params={"region": "region:18"})))
    assert by_region == ORREBRO_PLACE
    by_county = set(uids(api_client.get(NODES, params={"region": "county:18"})))
    assert by_county == ORREBRO_PLACE - {"county:18"} | {"region:18"}
    assert set(uids(api_client.get(NODES, params={"region": "healthcare-region:mellansverige"}))) == {
        "region:18", "municipality:1880", "rpo:mellansverige:psykisk-halsa"}
    assert uids(api_client.get(NODES, params={"region": "region:20"})) == ["person:cara-dahl", "lag:dalarna:cancer"]


def test_search_by_region_on_a_day_follows_only_the_seats_of_that_day(api_client, planted):
    before = set(uids(api_client.get(NODES, params={"region": "region:18", "kind": "person", "at": "2023-06-01"})))
    after = set(uids(api_client.get(NODES, params={"region": "region:18", "kind": "person", "at": "2024-06-01"})))
    assert before == {"person:anna-andersson", "person:bo-berg"}
    assert after == before | {"person:dag-ek"}


def test_search_by_knowledge_area_takes_the_covering_and_mirroring_bodies(api_client, planted):
    assert set(uids(api_client.get(NODES, params={"knowledge_area": "knowledge-area:psykisk-halsa"}))) == (
        PSYKISK_HALSA_BODIES)
    assert set(uids(api_client.get(NODES, params={"knowledge_area": "npo:psykisk-halsa"}))) == PSYKISK_HALSA_BODIES
    assert uids(api_client.get(NODES, params={"knowledge_area": "knowledge-area:cancersjukdomar"})) == [
        "lag:dalarna:cancer"]
    both = uids(api_client.get(NODES, params={"knowledge_area": "npo:psykisk-halsa", "region": "region:18",
                                              "kind": "lag"}))
    assert both == ["lag:orebro:depression", "lag:orebro:angest"]


def test_search_on_a_day_keeps_what_was_valid_under_the_name_it_had(api_client, planted):
    assert uids(api_client.get(NODES, params={"kind": "lag", "at": "2025-01-01"})) == [
        "lag:dalarna:cancer", "lag:orebro:depression"]
    assert uids(api_client.get(NODES, params={"kind": "lag", "at": "2020-01-01"})) == [
        "lag:dalarna:cancer", "lag:orebro:angest"]
    then = api_client.get(NODES, params={"kind": "npo", "at": "2021-06-01"}).json()["items"]
    now = api_client.get(NODES, params={"kind": "npo"}).json()["items"]
    assert [item["name"] for item in then] == ["NPO Psykiatri"]
    assert [item["name"] for item in now] == ["NPO Psykisk hälsa"]


@pytest.mark.parametrize(("params", "parameter"), [
    ({"kind": "committee"}, "kind"),
    ({"level": "county"}, "level"),
    ({"limit": 0}, "limit"),
    ({"limit": 501}, "limit"),
    ({"offset": -1}, "offset"),
    ({"at": "2025-13-01"}, "at"),
    ({"colour": "red"}, "colour"),
    ({"region": "lag:orebro:depression"}, "region"),
    ({"knowledge_area": "lpo:orebro:psykisk-halsa"}, "knowledge_area"),
])
def test_bad_search_parameters_are_a_422_naming_the_parameter(api_client, planted, params, parameter):
    assert_problem(api_client.get(NODES, params=params), 422, parameter)


@pytest.mark.parametrize("parameter", ["region", "knowledge_area"])
def test_an_unknown_region_or_area_is_a_404_naming_the_id(api_client, planted, parameter):
    body = assert_problem(api_client.get(NODES, params={parameter: "region:99"}), 404, parameter)
    assert body["uid"] == "region:99"


def test_pages_of_planted_data_keep_the_total(api_client, planted):
    first = api_client.get(NODES, params={"region": "region:18", "limit": 4}).json()
    second = api_client.get(NODES, params={"region": "region:18", "limit": 4, "offset": 4}).json()
    last = api_client.get(NODES, params={"region": "region:18", "limit": 4, "offset": 8}).json()
    assert first["total"] == second["total"] == last["total"] == len(ORREBRO_PLACE)
    pages = [[item["uid"] for item in page["items"]] for page in (first, second, last)]
    assert [len(page) for page in pages] == [4, 4, 3]
    assert set(pages[0]).isdisjoint(pages[1]) and set(pages[1]).isdisjoint(pages[2])
    assert set().union(*pages) == ORREBRO_PLACE


# -- one node -------------------------------------------------------------------------------
def test_a_group_lists_its_members_and_a_person_the_groups(api_client, planted):
    lag = api_client.get(f"{NODES}/lag:orebro:depression").json()
    assert (lag["uid"], lag["name"], lag["kind"], lag["level"]) == (
        "lag:orebro:depression", "LAG Depression", "lag", "region")
    assert {(m["member"]["uid"], m["group"]["uid"], m["role"], m["start"], m["end"], m["source"])
            for m in lag["members"]} == {
        ("person:anna-andersson", "lag:orebro:depression", "chair", "2023-01-01", "2026-12-31", "000 §4"),
        ("person:dag-ek", "lag:orebro:depression", "member", "2024-01-01", None, None)}
    assert lag["memberships"] == [] and lag["incoming"] == []
    assert {(edge["type"], edge["other"]["uid"]) for edge in lag["outgoing"]} == {
        ("BELONGS_TO", "region:18"), ("COVERS", "knowledge-area:psykisk-halsa"),
        ("REPORTS_TO", "lpo:orebro:psykisk-halsa")}

    anna = api_client.get(f"{NODES}/person:anna-andersson").json()
    assert {(m["group"]["uid"], m["role"], m["source"]) for m in anna["memberships"]} == {
        ("lag:orebro:depression", "chair", "000 §4"), ("lpo:orebro:psykisk-halsa", "member", "002 §7")}
    assert anna["members"] == [] and anna["outgoing"] == []


def test_a_node_names_its_source_document(api_client, graph):
    with neomodel_db.transaction:
        nodes.Council(uid="council:orebro:rmks", name="RMKS", source="000_9d1f36fc60801c79.txt §3.1").save()
    body = api_client.get(f"{NODES}/council:orebro:rmks").json()
    assert body["source"] == body["properties"]["source"] == "000_9d1f36fc60801c79.txt §3.1"


def test_an_unknown_node_is_a_404_naming_the_id(api_client, planted):
    for url in (f"{NODES}/lag:nowhere", f"{NODES}/lag:nowhere/neighbourhood"):
        body = assert_problem(api_client.get(url), 404, "uid")
        assert body["uid"] == "lag:nowhere" and "lag:nowhere" in body["detail"]


# -- neighbourhood --------------------------------------------------------------------------
def test_the_neighbourhood_goes_as_deep_as_asked(api_client, planted, graph):
    one = api_client.get(f"{NODES}/lag:orebro:depression/neighbourhood").json()
    assert one["centre"]["uid"] == "lag:orebro:depression" and not one["truncated"]
    assert {node["uid"] for node in one["nodes"]} == {
        "lag:orebro:depression", "region:18", "knowledge-area:psykisk-halsa", "lpo:orebro:psykisk-halsa",
        "person:anna-andersson", "person:dag-ek"}
    assert ("person:anna-andersson", "lag:orebro:depression", "MEMBER_OF", "chair") in {
        (edge["from_uid"], edge["to_uid"], edge["type"], edge["role"]) for edge in one["edges"]}
    three = api_client.get(f"{NODES}/lag:orebro:depression/neighbourhood", params={"depth": 3}).json()
    assert "npo:psykisk-halsa" in {node["uid"] for node in three["nodes"]}
    direct = neighbourhood(graph, around="lag:orebro:depression", depth=3)
    assert {node["uid"] for node in three["nodes"]} == set(direct.nodes)
    assert len(three["edges"]) == len(direct.edges)


def test_the_neighbourhood_stops_at_max_nodes_and_says_so(api_client, planted):
    body = api_client.get(f"{NODES}/lag:orebro:depression/neighbourhood",
                          params={"depth": 3, "max_nodes": 3}).json()
    assert body["truncated"] and len(body["nodes"]) == 3
    drawn = {node["uid"] for node in body["nodes"]}
    assert all(edge["from_uid"] in drawn and edge["to_uid"] in drawn for edge in body["edges"])


def test_the_neighbourhood_filters_by_edge_family_and_day(api_client, planted):
    url = f"{NODES}/lag:orebro:depression/neighbourhood"
    seats = api_client.get(url, params={"families": "representation"}).json()
    assert {node["uid"] for node in seats["nodes"]} == {
        "lag:orebro:depression", "person:anna-andersson", "person:dag-ek"}
    before_dag = api_client.get(url, params={"families": "representation", "at": "2023-06-01"}).json()
    assert {node["uid"] for node in before_dag["nodes"]} == {"lag:orebro:depression", "person:anna-andersson"}


@pytest.mark.parametrize(("params", "status", "parameter"), [
    ({"depth": 0}, 422, "depth"),
    ({"depth": 4}, 422, "depth"),
    ({"max_nodes": 0}, 422, "max_nodes"),
    ({"families": "gossip"}, 422, "families.0"),
    ({"kinds": "committee"}, 422, "kinds.0"),
    ({"colour": "red"}, 422, "colour"),
    ({"region": "lag:orebro:angest"}, 422, "region"),
    ({"region": "region:99"}, 404, "region"),
    ({"knowledge_area": "npo:psykisk-halsa"}, 422, "knowledge_area"),
])
def test_bad_neighbourhood_parameters_are_refused_by_name(api_client, planted, params, status, parameter):
    assert_problem(api_client.get(f"{NODES}/lag:orebro:depression/neighbourhood", params=params), status, parameter)


# -- access and personal data ---------------------------------------------------------------
def anonymous_answers(client: TestClient) -> list:
    return [
        client.get(f"{NODES}/person:anna-andersson"),
        client.get(f"{NODES}/person:bo-berg"),
        client.get(f"{NODES}/lag:orebro:depression"),
        client.get(f"{NODES}/post:orebro:enhetschef"),
        client.get(f"{NODES}/person:anna-andersson/neighbourhood", params={"depth": 3}),
        client.get(NODES, params={"q": "anna"}),
        client.get(NODES, params={"kind": "person", "region": "region:18"}),
    ]


def test_anonymous_callers_never_see_email_or_phone(api_client, planted):
    for response in anonymous_answers(api_client):
        assert response.status_code == 200, response.url
        assert EMAIL not in response.text and PHONE not in response.text and BO_EMAIL not in response.text
        assert '"email"' not in response.text and '"phone"' not in response.text, response.url
    assert api_client.get(f"{NODES}/person:anna-andersson").json()["properties"]["title"] == "överläkare"


@pytest.mark.parametrize("role", ROLES)
def test_callers_with_a_key_see_email_and_phone(api_client, api_keys, planted, role):
    anna = api_client.get(f"{NODES}/person:anna-andersson", headers=api_keys[role]).json()
    assert (anna["properties"]["email"], anna["properties"]["phone"]) == (EMAIL, PHONE)
    assert "import_hash" not in anna["properties"]


def test_a_revoked_key_is_refused_on_every_route(api_client, api_keys, planted):
    for url in (NODES, f"{NODES}/person:anna-andersson", f"{NODES}/person:anna-andersson/neighbourhood"):
        response = api_client.get(url, headers=api_keys["revoked"])
        assert_problem(response, 401)
        assert EMAIL not in response.text


def test_without_anonymous_reading_a_key_is_needed(api_settings, api_keys, planted):
    closed = Settings(data_dir=api_settings.data_dir, anonymous_read=False)
    with TestClient(create_app(owns_graph=False, settings=closed)) as client:
        for url in (NODES, f"{NODES}/lag:orebro:depression", f"{NODES}/lag:orebro:depression/neighbourhood"):
            assert_problem(client.get(url), 401)
            assert client.get(url, headers=api_keys["reader"]).status_code == 200
