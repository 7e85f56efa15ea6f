"""Smaller holes of issue 12: key names, what readiness tells whom (and that it never hangs), export defaults.

* API key names refuse control and format characters (NUL, escapes, line
  separators, bidi overrides, zero-width characters) and are bounded in
  length, through `POST /keys`, `govgraph keys create` and the key store.
* `/health/ready` and every 503 show the engine's address and data directory
  to admin keys only; a hung engine (process alive, not answering) is
  reported not ready within seconds instead of hanging the probe.
* GraphML and JSON exports leave e-mail and phone out unless a key holder
  asks for them, as the command line does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import _embedded_graph
from fastapi.testclient import TestClient
from test_api_imports import EMAIL, PHONE, export_text, planted  # noqa: F401 - planted is a fixture

from api.deps import get_graph
from api.keys import KeyStore, Role, key_store
from api.main import create_app
from graphmodel.audit import AuditLog
from graphmodel.engine import EMBEDDED, Graph, embedded_engine
from graphmodel.settings import Settings

PROBLEM = "application/problem+json"
KEYS = "/api/v1/keys"
READY = "/api/v1/health/ready"
NOWHERE = "bolt://127.0.0.1:9"
NAME_MAX_LENGTH = 100
# One name per kind of character that must not be in a key name: Cc (C0, DEL, C1), Cf, Zl, Zp.
BAD_NAMES = {
    "nul": "intra\x00net", "escape": "\x1b[31mred", "newline": "two\nlines", "tab": "tab\there",
    "delete": "del\x7f", "c1-next-line": "nel\x85", "bidi-override": "evil\u202etxt.exe",
    "zero-width-space": "zero\u200bwidth", "byte-order-mark": "\ufeffbom", "line-separator": "line\u2028sep",
    "paragraph-separator": "para\u2029sep",
}
GOOD_NAMES = ["Region Örebro läns intranät", "Ärendesystem – test 🙂", "x" * NAME_MAX_LENGTH]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


@pytest.fixture
def admin_headers(api_settings: Settings) -> dict[str, str]:
    _, text = key_store(api_settings).create("hardening admin", Role.admin)
    return {"Authorization": f"Bearer {text}"}


@pytest.fixture
def reader_headers(api_settings: Settings) -> dict[str, str]:
    _, text = key_store(api_settings).create("hardening reader", Role.reader)
    return {"X-API-Key": text}


@pytest.fixture
def bare_client(api_settings: Settings):
    """An app whose routes under test need no engine (keys), on the test's own key store."""
    with TestClient(create_app(owns_graph=False, settings=api_settings)) as client:
        yield client


def names(settings: Settings) -> list[str]:
    return [key.name for key in key_store(settings).keys()]


# -- 1. key names --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_the_keys_route_refuses_a_name_with_control_or_format_characters(bare_client, api_settings, admin_headers,
                                                                         name):
    before = names(api_settings)
    body = problem(bare_client.post(KEYS, json={"name": name, "role": "reader"}, headers=admin_headers), 422)
    assert body["parameter"] == "name"
    assert "control" in body["detail"] and "U+" in body["detail"]
    assert names(api_settings) == before
    assert bare_client.app.state.audit.count() == 0


def test_the_keys_route_bounds_the_name_and_takes_ordinary_names(bare_client, api_settings, admin_headers):
    too_long = problem(bare_client.post(KEYS, json={"name": "x" * (NAME_MAX_LENGTH + 1)}, headers=admin_headers), 422)
    assert too_long["parameter"] == "name"
    blank = problem(bare_client.post(KEYS, json={"name": "   "}, headers=admin_headers), 422)
    assert blank["parameter"] == "name"
    for name in GOOD_NAMES:
        created = bare_client.post(KEYS, json={"name": f"  {name} "}, headers=admin_headers)
        assert created.status_code == 201, created.text
        assert created.json()["name"] == name
    assert sorted(names(api_settings)) == sorted(["hardening admin", *GOOD_NAMES])  # stored as trimmed


def test_the_key_store_itself_refuses_a_bad_name(tmp_path):
    store = KeyStore(tmp_path / "keys.sqlite3")
    for name in [*BAD_NAMES.values(), "", "  ", "x" * (NAME_MAX_LENGTH + 1), "lone\udcffsurrogate"]:
        with pytest.raises(ValueError, match="name"):
            store.create(name, Role.reader)
    assert store.keys() == []


def run_keys(cli_env: dict[str, str], *args: str | bytes) -> subprocess.CompletedProcess:
    command = [os.fsencode(part) for part in (sys.executable, "-m", "govgraph", "keys", *args)]
    return subprocess.run(command, capture_output=True, env=cli_env, timeout=60)


ARGV_NAMES = {kind: name for kind, name in BAD_NAMES.items() if "\x00" not in name}  # argv cannot hold a NUL


@pytest.mark.parametrize("name", [*ARGV_NAMES.values(), "x" * (NAME_MAX_LENGTH + 1)], ids=[*ARGV_NAMES, "too-long"])
def test_keys_create_refuses_a_bad_name_with_exit_code_1(cli_env, tmp_path, name):
    refused = run_keys(cli_env, "create", "--name", name, "--role", "reader")
    stderr = refused.stderr.decode("utf-8", "replace")
    assert refused.returncode == 1, stderr
    assert "--name" in stderr and "Traceback" not in stderr
    assert "\x1b[31m" not in stderr  # the name is described, not echoed to the terminal
    assert json.loads(run_keys(cli_env, "list", "--json").stdout) == []
    assert AuditLog(tmp_path / "data" / "audit.sqlite3").count() == 0


def test_keys_create_refuses_a_name_that_is_not_text(cli_env):
    """Bytes that are not UTF-8 come to Python as lone surrogates, which SQLite cannot store."""
    refused = run_keys(cli_env, "create", "--name", b"caf\xe9", "--role", "reader")
    stderr = refused.stderr.decode("utf-8", "replace")
    assert refused.returncode == 1, stderr
    assert "--name" in stderr and "Traceback" not in stderr
    assert json.loads(run_keys(cli_env, "list", "--json").stdout) == []


def test_keys_create_takes_an_ordinary_name(cli_env):
    created = run_keys(cli_env, "create", "--name", "Region Örebro läns intranät", "--json")
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["name"] == "Region Örebro läns intranät"


# -- 2. readiness: who sees what -----------------------------------------------------------------------------------
PUBLIC_READY = {"status", "ready", "engine"}


@pytest.mark.engine
def test_readiness_shows_addresses_and_paths_to_admins_only(api_client, engine_graph, api_keys):
    secrets = [engine_graph.uri, *filter(None, [engine_graph.data_dir])]
    for who in ("anonymous", "reader", "editor"):
        answer = api_client.get(READY, headers=api_keys.get(who, {}))
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"status": "ok", "ready": True, "engine": engine_graph.engine}
        assert not any(secret in answer.text for secret in secrets), (who, answer.text)
    admin = api_client.get(READY, headers=api_keys["admin"]).json()
    assert admin["ready"] is True and admin["uri"] == engine_graph.uri
    assert admin["data_dir"] == engine_graph.data_dir and admin["server_agent"]


@pytest.fixture
def nowhere_client(api_settings: Settings):
    """An app whose engine never answers: nothing listens at its Bolt address."""
    nowhere = Graph(engine=EMBEDDED, uri=NOWHERE, auth=("root", "x"), database="govgraph",
                    data_dir="/srv/secret-data-dir")
    app = create_app(owns_graph=False, settings=api_settings)
    app.dependency_overrides[get_graph] = lambda: nowhere
    try:
        with TestClient(app) as client:
            yield client
    finally:
        nowhere.close()


def test_a_503_from_readiness_hides_the_address_from_all_but_admins(nowhere_client, reader_headers, admin_headers):
    for headers in ({}, reader_headers, {"X-API-Key": "gg_not_a_key"}):
        body = problem(nowhere_client.get(READY, headers=headers), 503)
        assert (body["ready"], body["engine"]) == (False, EMBEDDED)
        text = json.dumps(body)
        assert "127.0.0.1" not in text and ":9" not in text and "secret-data-dir" not in text, text
    admin = problem(nowhere_client.get(READY, headers=admin_headers), 503)
    assert (admin["ready"], admin["uri"], admin["data_dir"]) == (False, NOWHERE, "/srv/secret-data-dir")
    assert "127.0.0.1:9" in admin["detail"]


def test_a_503_from_any_route_hides_the_address_from_all_but_admins(nowhere_client, reader_headers, admin_headers):
    route = "/api/v1/nodes/npo:psykisk-halsa"
    for headers in ({}, reader_headers):
        body = problem(nowhere_client.get(route, headers=headers), 503)
        assert body["type"].endswith("/engine-unavailable") and body["title"] == "Grafmotorn är inte tillgänglig"
        assert "127.0.0.1" not in json.dumps(body), body
    admin = problem(nowhere_client.get(route, headers=admin_headers), 503)
    assert "127.0.0.1:9" in admin["detail"]


def test_an_outage_known_to_the_supervisor_names_the_data_directory_to_admins_only(nowhere_client, reader_headers,
                                                                                    admin_headers):
    nowhere_client.app.state.supervisor = SimpleNamespace(outage="no engine runs for /srv/secret-data-dir")
    for headers in ({}, reader_headers):
        body = problem(nowhere_client.get(READY, headers=headers), 503)
        assert (body["ready"], body["engine"]) == (False, EMBEDDED)
        assert "secret-data-dir" not in json.dumps(body), body
        assert nowhere_client.get(READY, headers=headers).headers["Retry-After"]
    admin = problem(nowhere_client.get(READY, headers=admin_headers), 503)
    assert "/srv/secret-data-dir" in admin["detail"]


# -- 2. readiness: a hung engine -----------------------------------------------------------------------------------
HUNG_BOUND = 5.0


@pytest.fixture
def own_engine(tmp_path: Path):
    """An embedded engine of the test's own, which the test may pause; with its pid."""
    source = _embedded_graph(tmp_path / "engine")
    graph = next(source)
    pid = embedded_engine(Settings(data_dir=tmp_path / "engine")).running().pid
    try:
        yield graph, pid
    finally:
        os.kill(pid, signal.SIGCONT)  # whatever the test did, the engine must be able to stop
        source.close()


@pytest.mark.engine
def test_a_hung_engine_is_reported_not_ready_within_seconds_and_ready_again_when_it_answers(
        own_engine, api_settings, reader_headers, admin_headers):
    graph, pid = own_engine
    app = create_app(owns_graph=False, settings=api_settings)
    app.dependency_overrides[get_graph] = lambda: graph
    # Not entered as a context: each request then runs on its own event loop, so a request that hangs
    # (as readiness did before it had a deadline) holds only its own thread, and the test fails, not hangs.
    client = TestClient(app)
    wait_until_ready(client)  # a fresh engine's first answers may take longer than readiness's deadline
    os.kill(pid, signal.SIGSTOP)
    try:
        answers: list[tuple[float, object]] = []

        def probe(headers: dict[str, str]) -> None:
            started = time.monotonic()
            response = client.get(READY, headers=headers)
            answers.append((time.monotonic() - started, response))

        # Several probes at once, and again while the first ones' question is still unanswered.
        for _ in range(2):
            probes = [threading.Thread(target=probe, args=(headers,), daemon=True)
                      for headers in ({}, reader_headers, admin_headers)]
            for thread in probes:
                thread.start()
            for thread in probes:
                thread.join(HUNG_BOUND * 3)
            assert not any(thread.is_alive() for thread in probes), "a readiness probe hung"
        assert len(answers) == 6
        for seconds, response in answers:
            assert seconds < HUNG_BOUND, seconds
            body = problem(response, 503)
            assert (body["ready"], body["engine"]) == (False, EMBEDDED)
            assert response.headers["Retry-After"]
            assert "did not answer" in body["detail"]
        exposed = [json.dumps(response.json()) for _, response in answers if graph.uri in response.text]
        assert len(exposed) == 2  # the admin's two answers only
    finally:
        os.kill(pid, signal.SIGCONT)
    assert wait_until_ready(client)["ready"] is True


def wait_until_ready(client: TestClient, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while (answer := client.get(READY)).status_code != 200:
        assert time.monotonic() < deadline, answer.text
        time.sleep(0.25)
    return answer.json()


# -- 3. export defaults ------------------------------------------------------------------------------------------
@pytest.mark.engine
@pytest.mark.parametrize("export_format", ["graphml", "json"])
def test_shared_exports_leave_contact_details_out_unless_a_key_holder_asks(api_client, api_keys, planted,
                                                                            export_format):
    route = f"/api/v1/exports/{export_format}"
    for headers in (api_keys["reader"], api_keys["admin"]):
        default = api_client.get(route, headers=headers)
        assert default.status_code == 200, default.text
        text = export_text(export_format, default.content)
        assert "Anna Ek" in text and EMAIL not in text and PHONE not in text
        asked = export_text(export_format, api_client.get(route, params={"include_contact": True},
                                                          headers=headers).content)
        assert EMAIL in asked and PHONE in asked
    anonymous = export_text(export_format, api_client.get(route, params={"include_contact": True}).content)
    assert "Anna Ek" in anonymous and EMAIL not in anonymous and PHONE not in anonymous


@pytest.mark.engine
def test_the_workbook_export_keeps_contact_details_for_key_holders_as_the_command_line_does(api_client, api_keys,
                                                                                           planted):
    reader = export_text("workbook", api_client.get("/api/v1/exports/workbook", headers=api_keys["reader"]).content)
    assert EMAIL in reader and PHONE in reader
    anonymous = export_text("workbook", api_client.get("/api/v1/exports/workbook").content)
    assert EMAIL not in anonymous and PHONE not in anonymous
