"""The API's common ground: problem details, request ids, health, keys and roles, the audit log, the query library."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from api.deps import get_graph
from api.keys import KeyStore, Role, UnknownKey
from api.main import create_app
from cypher import stored_queries
from cypher.runner import run_stored
from graphmodel.audit import AuditLog
from graphmodel.engine import EMBEDDED, Graph
from graphmodel.settings import Settings

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, parameter: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert body["detail"]
    if parameter is not None:
        assert body["parameter"] == parameter
    return body


# -- keys and the audit log, without the engine -----------------------------------------------------------------
def test_keys_are_stored_hashed_in_a_private_file(tmp_path):
    store = KeyStore(tmp_path / "keys.sqlite3")
    key, text = store.create("intranet", Role.reader)
    assert text.startswith(f"gg_{key.id}_")
    assert text.encode() not in (tmp_path / "keys.sqlite3").read_bytes()
    assert os.stat(tmp_path / "keys.sqlite3").st_mode & 0o777 == 0o600
    assert store.authenticate(text) == key
    assert store.authenticate(text[:-1] + ("A" if text[-1] != "A" else "B")) is None
    assert store.authenticate("not a key") is None


def test_a_revoked_key_no_longer_authenticates(tmp_path):
    store = KeyStore(tmp_path / "keys.sqlite3")
    key, text = store.create("portal", Role.editor)
    assert store.revoke(key.id).revoked is not None
    assert store.authenticate(text) is None
    with pytest.raises(UnknownKey, match="'nosuchkey'"):
        store.revoke("nosuchkey")


def test_roles_include_the_lower_ones():
    assert Role.admin.allows(Role.editor) and Role.editor.allows(Role.reader)
    assert not Role.reader.allows(Role.editor) and not Role.editor.allows(Role.admin)


def test_the_audit_log_is_append_only(tmp_path):
    log = AuditLog(tmp_path / "audit.sqlite3")
    first = log.record(actor="key:a (x)", action="import", target="chart.xlsx", changes={"created": 3})
    log.record(actor="cli:root", action="person.erase", target="person:x", changes={"edges": 2})
    assert [entry.action for entry in log.entries()] == ["person.erase", "import"]
    assert log.entries(action="import")[0].changes == {"created": 3}
    with sqlite3.connect(log.path) as connection, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("UPDATE audit SET actor = 'someone else' WHERE id = ?", (first,))
    with sqlite3.connect(log.path) as connection, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("DELETE FROM audit")
    assert log.count() == 2


# -- problems, request ids, health --------------------------------------------------------------------------------
def test_every_response_carries_a_request_id_and_keeps_the_callers(api_client, graph, caplog):
    with caplog.at_level(logging.INFO, logger="govgraph.api.access"):
        answer = api_client.get("/api/v1/health/live", headers={"X-Request-ID": "intranet-42"})
    assert answer.headers["X-Request-ID"] == "intranet-42"
    assert any("intranet-42" in record.getMessage() for record in caplog.records)
    made = api_client.get("/api/v1/health/live", headers={"X-Request-ID": "no spaces {allowed}"})
    assert made.headers["X-Request-ID"] != "no spaces {allowed}" and len(made.headers["X-Request-ID"]) == 32


def test_unknown_routes_and_methods_are_problems(api_client, graph):
    assert_problem(api_client.get("/api/v1/nothing-here"), 404)
    assert_problem(api_client.delete("/api/v1/health/live"), 405)


def test_a_problem_speaks_the_asker_language_and_keeps_one_type(api_client, graph):
    swedish = assert_problem(api_client.get("/api/v1/nodes/lag:nowhere"), 404)
    english = assert_problem(api_client.get("/api/v1/nodes/lag:nowhere", params={"lang": "en"}), 404)
    assert (swedish["title"], swedish["detail"]) == ("Okänt id", "ingen nod har id:t ”lag:nowhere”")
    assert (english["title"], english["detail"]) == ("Unknown id", "no node has the id 'lag:nowhere'")
    assert swedish["type"] == english["type"] and swedish["type"].endswith("/unknown-id")
    missing = assert_problem(api_client.get("/api/v1/nothing-here", headers={"Accept-Language": "en-GB"}), 404)
    assert missing["title"] == "Not found"
    assert assert_problem(api_client.get("/api/v1/nothing-here"), 404)["title"] == "Hittades inte"


def test_validation_errors_name_every_parameter(api_client, graph):
    body = assert_problem(api_client.post("/api/v1/queries/count_by_kind/run", json={"parameters": [], "x": 1}),
                          422)
    assert {error["parameter"] for error in body["errors"]} == {"parameters", "x"}
    assert {error["location"] for error in body["errors"]} == {"body"}


def test_readiness_asks_the_engine(api_client, graph):
    ready = api_client.get("/api/v1/health/ready")
    assert ready.status_code == 200 and ready.json()["engine"] == EMBEDDED


def test_readiness_is_a_503_problem_when_the_engine_does_not_answer(api_settings):
    nowhere = Graph(engine=EMBEDDED, uri="bolt://127.0.0.1:9", auth=("root", "x"), database="govgraph")
    app = create_app(owns_graph=False, settings=api_settings)
    app.dependency_overrides[get_graph] = lambda: nowhere
    try:
        with TestClient(app) as client:
            assert_problem(client.get("/api/v1/health/ready"), 503)
            assert client.get("/api/v1/health/live").status_code == 200
    finally:
        nowhere.close()


# -- access -------------------------------------------------------------------------------------------------------
def test_anonymous_callers_read_when_the_setting_allows(api_client, graph, api_keys):
    assert api_client.get("/api/v1/queries").status_code == 200
    assert api_client.get("/api/v1/queries", headers=api_keys["reader"]).status_code == 200


def test_a_revoked_or_malformed_key_is_refused_not_treated_as_anonymous(api_client, graph, api_keys):
    assert_problem(api_client.get("/api/v1/queries", headers=api_keys["revoked"]), 401)
    refused = api_client.get("/api/v1/queries", headers={"X-API-Key": "gg_wrong"})
    assert_problem(refused, 401)
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_key_may_come_in_its_own_header(api_client, graph, api_keys):
    text = api_keys["reader"]["Authorization"].removeprefix("Bearer ")
    assert api_client.get("/api/v1/queries", headers={"X-API-Key": text}).status_code == 200


def test_without_anonymous_reading_a_key_is_needed(engine_graph, graph, tmp_path, api_keys, api_settings):
    closed = Settings(data_dir=api_settings.data_dir, anonymous_read=False)
    with TestClient(create_app(owns_graph=False, settings=closed)) as client:
        assert_problem(client.get("/api/v1/queries"), 401)
        assert client.get("/api/v1/queries", headers=api_keys["reader"]).status_code == 200


# -- the query library --------------------------------------------------------------------------------------------
def test_the_library_lists_every_stored_query_with_its_parameters(api_client, graph):
    listed = {item["name"]: item for item in api_client.get("/api/v1/queries").json()}
    assert listed.keys() == stored_queries().keys()
    members = listed["members_of_body"]
    assert {parameter["name"] for parameter in members["parameters"]} == {
        parameter.name for parameter in stored_queries()["members_of_body"].params}
    text = api_client.get("/api/v1/queries/members_of_body").json()["text"]
    assert text == stored_queries()["members_of_body"].text


LAG = "lag:region-orebro-lan-suicidprevention"


@pytest.mark.parametrize(("name", "parameters"), [
    ("count_by_kind", {}), ("members_of_body", {"uid": LAG}), ("reporting_chain", {"uid": LAG}),
])
def test_running_a_stored_query_answers_as_the_runner_does(api_client, reference_graph, name, parameters):
    answer = api_client.post(f"/api/v1/queries/{name}/run", json={"parameters": parameters})
    assert answer.status_code == 200, answer.text
    assert answer.json() == run_stored(reference_graph, name, parameters).as_json()
    assert answer.json()["rows"], f"{name} finds nothing in the reference data"


def test_stored_query_errors_name_the_query_or_parameter(api_client, reference_graph):
    body = assert_problem(api_client.post("/api/v1/queries/no_such_query/run", json={}), 404, "name")
    assert body["name"] == "no_such_query"
    example = {"uid": LAG}
    assert_problem(api_client.post("/api/v1/queries/members_of_body/run",
                                   json={"parameters": {**example, "at": "1 June"}}), 422, "at")
    assert_problem(api_client.post("/api/v1/queries/members_of_body/run",
                                   json={"parameters": {**example, "colour": "red"}}), 422, "colour")
    assert_problem(api_client.post("/api/v1/queries/members_of_body/run", json={"parameters": {}}), 422, "uid")


# -- govgraph keys ------------------------------------------------------------------------------------------------
def run_keys(cli_env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", "keys", *args], capture_output=True, text=True,
                          env=cli_env, timeout=60)


def test_keys_command_creates_lists_and_revokes(cli_env, tmp_path):
    created = run_keys(cli_env, "create", "--name", "intranet", "--role", "editor", "--json")
    assert created.returncode == 0, created.stderr
    key = json.loads(created.stdout)
    listed = json.loads(run_keys(cli_env, "list", "--json").stdout)
    assert [(item["id"], item["role"], item["revoked"]) for item in listed] == [(key["id"], "editor", None)]
    assert "key" not in listed[0]
    assert run_keys(cli_env, "revoke", key["id"]).returncode == 0
    assert json.loads(run_keys(cli_env, "list", "--json").stdout)[0]["revoked"] is not None
    unknown = run_keys(cli_env, "revoke", "nosuchkey")
    assert unknown.returncode == 2 and "nosuchkey" in unknown.stderr
    actions = [entry.action for entry in AuditLog(tmp_path / "data" / "audit.sqlite3").entries()]
    assert actions == ["key.revoke", "key.create"]
