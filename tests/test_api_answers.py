"""The answer routes over HTTP: each returns exactly the document its command prints with --json."""

from __future__ import annotations

import datetime
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from cypher.chain import reporting_chain
from cypher.changes import changes_between
from cypher.checks import run_checks
from cypher.contact_path import PathOptions, contact_paths
from cypher.decision_route import decision_route, measure_from_text
from cypher.gaps import run_gaps
from cypher.representation import representation
from cypher.route_index import route_index
from graphmodel.settings import Settings
from importers.load import apply_chart
from importers.reference import REFERENCE_OWNER, reference_chart

pytestmark = pytest.mark.engine

API = "/api/v1"
NPO = "npo:psykisk-halsa"
PATH_DAY = "2026-11-22"
DAY = "2025-01-01"
SUICIDPREVENTION = "lag:region-orebro-lan-suicidprevention"
OREBRO, DALARNA, VASTERBOTTEN = "region:18", "region:20", "region:24"
TODAY = datetime.date.today().isoformat()


@pytest.fixture
def api_client(api_client):
    """The API asked in English, the language the library answers in when called directly, as here."""
    api_client.headers["Accept-Language"] = "en"
    return api_client


def as_sent(document: dict) -> dict:
    """A document as it travels as JSON (tuples become lists)."""
    return json.loads(json.dumps(document))


def problem(response, status: int, parameter: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["parameter"] == parameter, body
    return body


def paths(reference_graph, targets: list[str], day: str = PATH_DAY, **excluded: frozenset[str]) -> dict:
    options = PathOptions(datetime.date.fromisoformat(day), **excluded)
    return as_sent(contact_paths(route_index(reference_graph), NPO, targets, options).as_json())


# -- contact path ------------------------------------------------------------------------------
def test_contact_paths_asked_at_once_each_get_their_own_answer(api_client, reference_graph):
    # First in the module, so the route index is read while the requests wait on it in parallel.
    targets = [f"municipality:{code}" for code in ("1814", "1860", "1861", "1862", "1880", "1881", "0180", "2080")]

    def ask(target: str) -> dict:
        return api_client.get(f"{API}/paths/contact", params={"from": NPO, "to": target, "at": PATH_DAY}).json()

    with ThreadPoolExecutor(max_workers=len(targets)) as pool:
        answers = list(pool.map(ask, targets))
    assert answers == [paths(reference_graph, [target]) for target in targets]


def test_the_contact_path_to_several_targets_is_the_commands_answer(api_client, reference_graph):
    targets = ["municipality:1880", "person:cecilia-wahlberg", "municipality:0180"]
    response = api_client.get(f"{API}/paths/contact", params={"from": NPO, "to": targets, "at": PATH_DAY})

    assert response.status_code == 200, response.text
    assert response.json() == paths(reference_graph, targets)
    orebro, wahlberg, stockholm = response.json()["routes"]
    assert orebro["people"] == ["Johanna Rask", "Eva Marklund", "Lena Hjort"]
    assert [hop["to"]["uid"] for hop in wahlberg["hops"]][-1] == "person:cecilia-wahlberg"
    assert not stockholm["found"] and stockholm["reasons"] == [
        "Region Stockholm has no LPO or LAG for Psykisk hälsa on 2026-11-22 and no named contact person for the area"]


def test_a_county_target_means_its_municipalities_and_exclusions_are_passed_on(api_client, reference_graph):
    county = api_client.get(f"{API}/paths/contact", params={"from": NPO, "to": "county:18", "at": PATH_DAY})
    assert county.json() == paths(reference_graph, ["county:18"])
    assert len(county.json()["routes"]) == 12

    excluded = api_client.get(f"{API}/paths/contact", params={
        "from": NPO, "to": "municipality:1880", "at": PATH_DAY, "exclude_kind": "lag",
        "exclude_edge": ["CONTACT_PERSON_FOR", "SUPPORTS"]})
    assert excluded.json() == paths(reference_graph, ["municipality:1880"], exclude_kinds=frozenset({"lag"}),
                                    exclude_edges=frozenset({"CONTACT_PERSON_FOR", "SUPPORTS"}))
    assert excluded.json()["excluded_edges"] == ["CONTACT_PERSON_FOR", "SUPPORTS"]


def test_the_contact_path_without_a_day_answers_for_today(api_client, reference_graph):
    response = api_client.get(f"{API}/paths/contact", params={"from": NPO, "to": "municipality:1880"})
    assert response.json() == paths(reference_graph, ["municipality:1880"], day=TODAY)


def test_contact_path_errors_name_the_parameter(api_client, reference_graph):
    url = f"{API}/paths/contact"
    unknown_source = problem(api_client.get(url, params={"from": "npo:nonexistent", "to": "municipality:1880"}),
                             404, "from")
    assert unknown_source["uid"] == "npo:nonexistent"
    two_targets = ["municipality:1880", "municipality:9999"]
    unknown_target = problem(api_client.get(url, params={"from": NPO, "to": two_targets}), 404, "to")
    assert unknown_target["uid"] == "municipality:9999"
    problem(api_client.get(url, params={"from": NPO, "to": NPO}), 422, "to")
    problem(api_client.get(url, params={"from": NPO}), 422, "to")
    problem(api_client.get(url, params={"from": NPO, "to": "municipality:1880", "at": "2025-13-01"}), 422, "at")
    problem(api_client.get(url, params={"from": NPO, "to": "municipality:1880", "at": "1 May"}), 422, "at")
    problem(api_client.get(url, params={"from": NPO, "to": "municipality:1880", "exclude_kind": "comittee"}),
            422, "exclude_kind.0")
    problem(api_client.get(url, params={"from": NPO, "to": "municipality:1880", "exclude_edge": "MENTORS"}),
            422, "exclude_edge.0")
    problem(api_client.get(url, params={"from": NPO, "to": "municipality:1880", "via": "x"}), 422, "via")


def test_too_many_targets_are_refused_before_and_after_expansion(api_client, reference_graph, monkeypatch):
    url = f"{API}/paths/contact"
    many = [f"municipality:{number:04d}" for number in range(301)]
    problem(api_client.get(url, params={"from": NPO, "to": many}), 422, "to")

    monkeypatch.setattr("api.routes.paths.MAX_PATH_TARGETS", 5)
    expanded = problem(api_client.get(url, params={"from": NPO, "to": "county:18"}), 422, "to")
    assert "12" in expanded["detail"] and "at most 5" in expanded["detail"]
    assert api_client.get(url, params={"from": NPO, "to": "municipality:1880"}).status_code == 200


# -- reporting chain and representation -----------------------------------------------------------
@pytest.mark.parametrize("uid", [SUICIDPREVENTION, "person:johanna-rask",
                                 "lag:region-dalarna-schizofreni-och-schizofreniliknande-tillstand"])
def test_the_reporting_chain_is_the_commands_answer(api_client, reference_graph, uid):
    response = api_client.get(f"{API}/chains/{uid}", params={"at": DAY})
    assert response.status_code == 200, response.text
    assert response.json() == as_sent(reporting_chain(reference_graph, uid, DAY).as_json())


def test_the_reporting_chain_answers_for_today_and_names_bad_input(api_client, reference_graph):
    today = api_client.get(f"{API}/chains/{SUICIDPREVENTION}")
    assert today.json() == as_sent(reporting_chain(reference_graph, SUICIDPREVENTION, TODAY).as_json())
    assert problem(api_client.get(f"{API}/chains/lag:no-such-group"), 404, "uid")["uid"] == "lag:no-such-group"
    territory = problem(api_client.get(f"{API}/chains/municipality:1880"), 422, "uid")
    assert "'municipality:1880' is a municipality" in territory["detail"]
    problem(api_client.get(f"{API}/chains/{SUICIDPREVENTION}", params={"at": "2025-02-30"}), 422, "at")
    problem(api_client.get(f"{API}/chains/{SUICIDPREVENTION}", params={"day": DAY}), 422, "day")


@pytest.mark.parametrize("uid", ["municipality:1880", OREBRO, "county:18", "person:annika-solberg"])
def test_representation_is_the_commands_answer(api_client, reference_graph, uid):
    response = api_client.get(f"{API}/representation/{uid}", params={"at": DAY})
    assert response.status_code == 200, response.text
    assert response.json() == as_sent(representation(reference_graph, uid, DAY).as_json())


def test_representation_over_all_time_and_its_errors(api_client, reference_graph):
    ever = api_client.get(f"{API}/representation/municipality:2080", params={"all": "true"})
    assert ever.json() == as_sent(representation(reference_graph, "municipality:2080", None).as_json())
    assert ever.json()["at"] is None and len(ever.json()["seats"]) == 3
    problem(api_client.get(f"{API}/representation/municipality:2080", params={"all": "true", "at": DAY}), 422, "all")
    problem(api_client.get(f"{API}/representation/{SUICIDPREVENTION}"), 422, "uid")
    assert problem(api_client.get(f"{API}/representation/municipality:9999"), 404, "uid")["uid"] == "municipality:9999"


# -- decision route ---------------------------------------------------------------------------------
def test_the_decision_route_is_the_commands_answer(api_client, reference_graph):
    response = api_client.get(f"{API}/decisions", params={"scope": "region", "within_mandate": "yes",
                                                          "region": OREBRO, "at": "2025-06-01"})
    assert response.status_code == 200, response.text
    direct = decision_route(reference_graph, measure_from_text("region", within_mandate="yes", region=OREBRO,
                                                               at="2025-06-01"))
    assert response.json() == as_sent(direct.as_json())
    assert response.json()["mandated"] is True
    assert [entry["holder"]["uid"] for entry in response.json()["deciders"]] == [
        "post:region-orebro-lan-verksamhetschef"]


def test_a_swedish_measure_is_read_as_the_command_reads_it(api_client, reference_graph):
    response = api_client.get(f"{API}/decisions", params={"scope": "kommunal", "cost": "ja", "organisational": "nej",
                                                          "political": "nej", "region": OREBRO, "at": "2025-06-01"})
    direct = decision_route(reference_graph, measure_from_text("kommunal", cost="ja", organisational="nej",
                                                               political="nej", region=OREBRO, at="2025-06-01"))
    assert response.json() == as_sent(direct.as_json())


def test_nobody_having_the_mandate_is_an_answer_not_an_error(api_client, reference_graph):
    response = api_client.get(f"{API}/decisions", params={"scope": "both", "cost": "yes", "political": "yes",
                                                          "region": DALARNA, "at": "2025-06-01"})
    assert response.status_code == 200, response.text
    assert response.json()["mandated"] is False
    assert response.json()["message"] == ("the graph holds no decision rules for a question shared by the region and "
                                          "the municipalities in Region Dalarna")
    stockholm = api_client.get(f"{API}/decisions", params={"scope": "region", "region": "region:01"}).json()
    assert (stockholm["rules_held"], stockholm["message"]) == (
        False, "the graph holds no decision rules for Region Stockholm")


def test_a_criterion_left_out_gives_the_alternatives_with_their_conditions(api_client, reference_graph):
    params = {"scope": "municipal", "cost": "no", "organisational": "no", "region": OREBRO, "at": "2025-06-01"}
    response = api_client.get(f"{API}/decisions", params=params)
    assert response.status_code == 200, response.text
    document = response.json()
    assert (document["determined"], [item["option"] for item in document["open_criteria"]]) == (False, ["political"])
    assert [alternative["when"] for alternative in document["alternatives"]] == [
        [{"political_decision": False}], [{"political_decision": True}]]
    kumla = api_client.get(f"{API}/decisions", params={**params, "political": "yes",
                                                       "region": "municipality:1881"}).json()
    assert [entry["holder"]["uid"] for entry in kumla["deciders"]] == ["municipality:1881"]
    narrowed = api_client.get(f"{API}/decisions", params={**params, "political": "no",
                                                          "area": "knowledge-area:psykisk-halsa"}).json()
    assert [entry["holder"]["uid"] for entry in narrowed["deciders"]] == ["lpo:region-orebro-lan-psykisk-halsa"]


def test_decision_errors_name_the_parameter(api_client, reference_graph):
    url = f"{API}/decisions"
    problem(api_client.get(url, params={"scope": "everyone"}), 422, "scope")
    problem(api_client.get(url, params={"scope": "region", "cost": "maybe"}), 422, "cost")
    problem(api_client.get(url, params={"scope": "region", "at": "1 May"}), 422, "at")
    problem(api_client.get(url), 422, "scope")
    assert problem(api_client.get(url, params={"scope": "region", "region": "region:99"}), 404, "region")["uid"] == \
        "region:99"
    problem(api_client.get(url, params={"scope": "region", "region": SUICIDPREVENTION}), 422, "region")
    problem(api_client.get(url, params={"scope": "region", "mandate": "yes"}), 422, "mandate")


# -- findings and gaps ---------------------------------------------------------------------------------
@pytest.mark.parametrize("region", [None, VASTERBOTTEN])
def test_the_findings_are_the_check_commands_report(api_client, reference_graph, region):
    params = {"at": DAY} | ({"region": region} if region else {})
    response = api_client.get(f"{API}/findings", params=params)
    assert response.status_code == 200, response.text
    assert response.json() == as_sent(run_checks(reference_graph, at=DAY, region=region).as_json())


def test_the_findings_pass_on_the_settings_and_narrow_to_named_rules(api_client, reference_graph):
    settings = api_client.get(f"{API}/findings", params={"at": DAY, "within": 400, "concurrent": 3})
    assert settings.json() == as_sent(run_checks(reference_graph, at=DAY, within=400, concurrent=3).as_json())

    rules = ["check_lag_has_end_date", "check_concurrent_memberships"]
    narrowed = api_client.get(f"{API}/findings", params={"at": DAY, "rule": rules}).json()
    everything = run_checks(reference_graph, at=DAY)
    assert narrowed["findings"] == as_sent([finding.as_json() for finding in everything.findings
                                            if finding.rule.name in rules])
    assert {rule["rule"] for rule in narrowed["rules"]} == set(rules)
    assert narrowed["parameters"]["rule"] == rules
    assert narrowed["counts"]["error"] == 0 and narrowed["counts"]["warning"] > 0


def test_findings_errors_name_the_parameter(api_client, reference_graph):
    url = f"{API}/findings"
    assert problem(api_client.get(url, params={"region": "region:99"}), 404, "region")["uid"] == "region:99"
    problem(api_client.get(url, params={"region": "county:18"}), 422, "region")
    problem(api_client.get(url, params={"at": "2025-13-01"}), 422, "at")
    problem(api_client.get(url, params={"within": "-1"}), 422, "within")
    problem(api_client.get(url, params={"rule": "check_everything"}), 422, "rule.0")
    problem(api_client.get(url, params={"severity": "error"}), 422, "severity")


def test_the_gaps_are_the_gaps_commands_report(api_client, reference_graph):
    everything = api_client.get(f"{API}/gaps", params={"at": DAY})
    assert everything.json() == as_sent(run_gaps(reference_graph, at=DAY).as_json())
    narrowed = api_client.get(f"{API}/gaps", params={"at": DAY, "region": OREBRO,
                                                     "area": "knowledge-area:levnadsvanor"})
    assert narrowed.json() == as_sent(run_gaps(reference_graph, at=DAY, region=OREBRO,
                                               area="knowledge-area:levnadsvanor").as_json())
    assert [finding["related"] for finding in narrowed.json()["findings"]] == ["person:lars-vikstrom"]
    problem(api_client.get(f"{API}/gaps", params={"area": NPO}), 422, "area")
    assert problem(api_client.get(f"{API}/gaps", params={"area": "knowledge-area:x"}), 404, "area")["uid"] == \
        "knowledge-area:x"


# -- changes -----------------------------------------------------------------------------------------------
def test_the_changes_are_the_diff_commands_answer(api_client, reference_graph):
    response = api_client.get(f"{API}/changes", params={"from": "2022-01-01", "to": "2022-12-31"})
    assert response.status_code == 200, response.text
    assert response.json() == as_sent(changes_between(reference_graph, "2022-01-01", "2022-12-31").as_json())
    assert ["2022-10-28"] == [change["date"] for change in response.json()["changes"]
                              if change["change"] == "renamed"]
    in_dalarna = api_client.get(f"{API}/changes", params={"from": "2022-01-01", "to": "2024-12-31",
                                                          "region": DALARNA})
    assert in_dalarna.json() == as_sent(changes_between(reference_graph, "2022-01-01", "2024-12-31",
                                                        DALARNA).as_json())


def test_changes_errors_name_the_parameter(api_client, reference_graph):
    url = f"{API}/changes"
    problem(api_client.get(url, params={"from": "2023-12-31", "to": "2023-01-01"}), 422, "from")
    problem(api_client.get(url, params={"from": "2023-01-01", "to": "2023-13-01"}), 422, "to")
    problem(api_client.get(url, params={"to": "2023-01-01"}), 422, "from")
    assert problem(api_client.get(url, params={"from": "2023-01-01", "to": "2023-12-31", "region": "region:99"}),
                   404, "region")["uid"] == "region:99"
    problem(api_client.get(url, params={"from": "2023-01-01", "to": "2023-12-31", "region": SUICIDPREVENTION}),
            422, "region")
    problem(api_client.get(url, params={"from": "2023-01-01", "to": "2023-12-31", "since": "x"}), 422, "since")


# -- access and the OpenAPI document ---------------------------------------------------------------------
ANSWER_URLS = [
    (f"{API}/paths/contact", {"from": NPO, "to": "municipality:1880"}),
    (f"{API}/chains/{SUICIDPREVENTION}", {}),
    (f"{API}/representation/municipality:1880", {}),
    (f"{API}/decisions", {"scope": "region"}),
    (f"{API}/findings", {}),
    (f"{API}/gaps", {}),
    (f"{API}/changes", {"from": "2022-01-01", "to": "2022-12-31"}),
]


def test_without_anonymous_reading_the_answers_need_a_key(reference_graph, api_settings, api_keys):
    closed = Settings(data_dir=api_settings.data_dir, anonymous_read=False)
    with TestClient(create_app(owns_graph=False, settings=closed)) as client:
        for url, params in ANSWER_URLS:
            assert client.get(url, params=params).status_code == 401, url
            assert client.get(url, params=params, headers=api_keys["reader"]).status_code == 200, url
            assert client.get(url, params=params, headers=api_keys["revoked"]).status_code == 401, url


def test_every_answer_route_is_documented_with_a_summary_and_an_example(api_client):
    document = api_client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    for url, _ in ANSWER_URLS:
        path = url.replace(SUICIDPREVENTION, "{uid}").replace("municipality:1880", "{uid}")
        operation = document["paths"][path]["get"]
        assert operation["summary"] and operation["description"], path
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert schemas[answer]["examples"], answer


# -- personal data (writes: last in this module, after the read-only tests) --------------------------------------
def test_anonymous_answers_carry_no_contact_details(graph, api_client):
    apply_chart(graph, reference_chart(), owner=REFERENCE_OWNER)
    graph.write("MATCH (p:Entity) WHERE p.uid IN ['person:johanna-rask', 'person:lena-hjort', 'person:roland-oberg'] "
                "SET p.email = 'hidden@example.invalid', p.phone = '+46 0000 00000'")
    for url, params in ANSWER_URLS + [(f"{API}/representation/person:johanna-rask", {})]:
        response = api_client.get(url, params=params)
        assert response.status_code == 200, url
        assert "hidden@example.invalid" not in response.text and "0000 00000" not in response.text, url
