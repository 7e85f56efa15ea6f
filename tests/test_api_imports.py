"""Uploading charts and downloading exports through the API, against the real engine."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import xml.etree.ElementTree as ET
import zipfile

import anyio
import openpyxl
import pytest
from fastapi.testclient import TestClient
from test_load_atomicity import chart, connect

from api.main import create_app
from api.routes.imports import ENVELOPE_BYTES
from graphmodel.engine import Graph, embedded_engine, set_current_graph
from graphmodel.engine.embedded import process_alive
from graphmodel.schema import install_schema
from graphmodel.settings import Settings
from importers import load
from importers.chart import Chart, MembershipRecord, PersonRecord, UnitRecord
from importers.export_workbook import write_csv_folder, xlsx_bytes
from importers.import_digests import import_digests
from importers.load import apply_chart

pytestmark = pytest.mark.engine

IMPORTS = "/api/v1/imports"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EMAIL = "anna.ek@example.invalid"
PHONE = "+46 19 000 11 22"

REGION = UnitRecord("region:18", "region", "Region Örebro län", code="18")
HJARTA = UnitRecord("lag:hjarta", "lag", "LAG Hjärta", region="region:18")
ANNA = PersonRecord("person:anna", "Anna Ek", email=EMAIL, phone=PHONE, fictional=True)
BASE = Chart(units=[REGION, HJARTA], people=[ANNA],
             memberships=[MembershipRecord("person:anna", "lag:hjarta", "member")])


def grown_chart() -> Chart:
    """BASE with one unit, one person and one membership more, and Anna renamed."""
    return Chart(units=[REGION, HJARTA, UnitRecord("lag:lunga", "lag", "LAG Lunga", region="region:18")],
                 people=[PersonRecord("person:anna", "Anna Ek-Berg", email=EMAIL, phone=PHONE, fictional=True),
                         PersonRecord("person:bo", "Bo Lind", fictional=True)],
                 memberships=[MembershipRecord("person:anna", "lag:hjarta", "member"),
                              MembershipRecord("person:bo", "lag:lunga", "chair")])


def upload(client: TestClient, content: bytes, *, headers: dict[str, str], name: str = "chart.xlsx",
           media_type: str = XLSX, **params):
    return client.post(IMPORTS, params=params, headers=headers, files={"file": (name, content, media_type)})


def snapshot(graph: Graph) -> tuple[int, int, str]:
    """Node and relationship counts and a checksum of every node's and edge's properties."""
    nodes = graph.read("MATCH (n:Entity) RETURN properties(n) AS p")
    edges = graph.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.uid AS a, type(r) AS t, b.uid AS b, "
                       "properties(r) AS p")
    lines = sorted(json.dumps(row, sort_keys=True, default=str) for row in [*nodes, *edges])
    return len(nodes), len(edges), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def import_entries(client: TestClient) -> list:
    return client.app.state.audit.entries(action="import")


def key_id(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer gg_").split("_")[0]


@pytest.fixture
def planted(graph: Graph) -> Graph:
    apply_chart(graph, BASE, owner="chart")
    return graph


# -- dry run and write --------------------------------------------------------------------------
def test_a_dry_run_shows_the_diff_and_writes_nothing(api_client, api_keys, planted):
    before = snapshot(planted)
    answer = upload(api_client, xlsx_bytes(grown_chart()), headers=api_keys["editor"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["dry_run"], body["written"], body["owner"], body["file"]) == (True, False, "chart", "chart.xlsx")
    diff = {(line["action"], line["subject"]) for line in body["diff"]}
    assert {("created", "lag:lunga"), ("created", "person:bo"), ("changed", "person:anna")} <= diff
    assert body["counts"]["units"] == {"read": 3, "created": 1, "changed": 0, "unchanged": 2, "removed": 0}
    assert body["counts"]["people"]["changed"] == 1
    assert body["conflicts"] == []
    assert snapshot(planted) == before
    assert import_entries(api_client) == []


def test_write_true_writes_and_records_the_import_in_the_audit_log(api_client, api_keys, planted):
    answer = upload(api_client, xlsx_bytes(grown_chart()), headers=api_keys["editor"], write=True)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["dry_run"], answer.json()["written"]) == (False, True)
    rows = planted.read("MATCH (n:Entity) WHERE n.uid IN ['lag:lunga', 'person:anna'] "
                        "RETURN n.uid AS uid, n.name AS name, n.imported_from AS owner")
    assert {(row["uid"], row["name"], row["owner"]) for row in rows} == {
        ("lag:lunga", "LAG Lunga", "chart"), ("person:anna", "Anna Ek-Berg", "chart")}
    [entry] = import_entries(api_client)
    assert entry.actor.startswith(f"key:{key_id(api_keys['editor'])} ")
    assert entry.target == "chart.xlsx"
    assert entry.request_id == answer.headers["X-Request-ID"]
    assert entry.changes["counts"]["units"] == {"created": 1, "changed": 0, "removed": 0}

    again = upload(api_client, xlsx_bytes(grown_chart()), headers=api_keys["admin"], write=True)
    assert (again.status_code, again.json()["written"], again.json()["changes"]) == (200, False, 0)
    assert len(import_entries(api_client)) == 1


def test_prune_and_owner_work_as_on_the_command_line(api_client, api_keys, planted):
    smaller = Chart(units=[REGION], people=[ANNA])
    kept = upload(api_client, xlsx_bytes(smaller), headers=api_keys["editor"], name="other-name.xlsx", owner="chart",
                  write=True)
    assert kept.status_code == 200, kept.text
    assert (kept.json()["owner"], kept.json()["unpruned"]) == ("chart", 3)  # the LAG, its membership, its region
    assert planted.read("MATCH (n:Entity {uid: 'lag:hjarta'}) RETURN count(n) AS n") == [{"n": 1}]
    pruned = upload(api_client, xlsx_bytes(smaller), headers=api_keys["editor"], owner="chart", prune=True, write=True)
    assert pruned.status_code == 200, pruned.text
    assert ("removed", "lag:hjarta") in {(line["action"], line["subject"]) for line in pruned.json()["diff"]}
    assert planted.read("MATCH (n:Entity {uid: 'lag:hjarta'}) RETURN count(n) AS n") == [{"n": 0}]


def test_conflicts_are_listed_by_a_dry_run_and_stop_a_write(api_client, api_keys, planted):
    before = snapshot(planted)
    content = xlsx_bytes(grown_chart())
    dry = upload(api_client, content, headers=api_keys["editor"], owner="someone-else")
    assert dry.status_code == 200
    assert {conflict["value"] for conflict in dry.json()["conflicts"]} == {"person:anna"}
    refused = upload(api_client, content, headers=api_keys["editor"], owner="someone-else", write=True)
    assert refused.status_code == 409
    assert refused.json()["parameter"] == "file"
    assert [(error["sheet"], error["row"]) for error in refused.json()["errors"]] == [("people", 2)]
    assert snapshot(planted) == before
    forced = upload(api_client, content, headers=api_keys["editor"], owner="someone-else", write=True, force=True)
    assert (forced.status_code, forced.json()["written"]) == (200, True)


def test_a_zip_of_the_csv_files_imports_like_a_folder(api_client, api_keys, planted, tmp_path):
    write_csv_folder(grown_chart(), tmp_path / "chart")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in (tmp_path / "chart").iterdir():
            archive.write(file, f"chart/{file.name}")
    answer = upload(api_client, buffer.getvalue(), headers=api_keys["editor"], name="chart.zip",
                    media_type="application/zip", write=True)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["owner"], answer.json()["written"]) == ("chart", True)
    assert answer.json()["counts"]["units"]["created"] == 1
    assert {line["where"] for line in answer.json()["diff"]} >= {"units.csv row 4"}


# -- re-imports by the change ----------------------------------------------------------------------
def ledger_of(api_client: TestClient, owner: str):
    return import_digests(api_client.app.state.settings).ledger(owner)


def records(graph: Graph) -> dict[str, str]:
    """Each node's and edge's properties by what identifies it."""
    nodes = graph.read("MATCH (n:Entity) RETURN n.uid AS key, properties(n) AS p")
    edges = graph.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.uid + ' ' + type(r) + ' ' + b.uid AS key, "
                       "properties(r) AS p")
    return {row["key"]: json.dumps(row["p"], sort_keys=True, default=str) for row in [*nodes, *edges]}


def test_an_unchanged_reimport_through_the_api_writes_nothing_and_says_so(api_client, api_keys, graph):
    content = xlsx_bytes(grown_chart())
    first = upload(api_client, content, headers=api_keys["editor"], write=True)
    assert (first.status_code, first.json()["written"]) == (200, True), first.text
    before = snapshot(graph)
    generation = graph.generation

    again = upload(api_client, content, headers=api_keys["editor"], write=True)

    assert again.status_code == 200, again.text
    body = again.json()
    assert (body["written"], body["changes"], body["diff"], body["conflicts"]) == (False, 0, [], [])
    assert all(counts["unchanged"] == counts["read"] for counts in body["counts"].values())
    assert body["counts"]["people"]["read"] == 2
    assert snapshot(graph) == before
    assert graph.generation == generation  # not even an empty transaction was committed
    assert len(import_entries(api_client)) == 1


def test_a_one_row_change_through_the_api_writes_only_that_row(api_client, api_keys, graph):
    upload(api_client, xlsx_bytes(grown_chart()), headers=api_keys["editor"], write=True)
    ledger = ledger_of(api_client, "chart")
    assert ledger is not None  # the API keeps the rows' ledger, as the command line does
    before = records(graph)
    changed = grown_chart()
    changed.people[1] = PersonRecord("person:bo", "Bo Lindqvist", fictional=True)

    answer = upload(api_client, xlsx_bytes(changed), headers=api_keys["editor"], write=True)

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["written"], body["changes"]) == (True, 1)
    assert [(line["action"], line["subject"], line["where"]) for line in body["diff"]] == [
        ("changed", "person:bo", "chart.xlsx, sheet people row 3")]
    after = records(graph)
    assert {key for key in after if after[key] != before.get(key)} == {"person:bo"}
    assert graph.read("MATCH (n:Entity {uid: 'person:bo'}) RETURN n.name AS name") == [{"name": "Bo Lindqvist"}]
    newer = ledger_of(api_client, "chart")
    assert set(newer.fingerprints("people")) - set(ledger.fingerprints("people")) != set()
    assert len(newer.fingerprints("people")) == 2
    for sheet in ("units", "memberships"):
        assert newer.fingerprints(sheet) == ledger.fingerprints(sheet)


def test_a_bad_row_in_a_reimport_through_the_api_is_a_422_and_changes_nothing(api_client, api_keys, graph):
    upload(api_client, xlsx_bytes(grown_chart()), headers=api_keys["editor"], write=True)
    ledger = ledger_of(api_client, "chart")
    before = snapshot(graph)
    broken = grown_chart()
    broken.memberships.append(MembershipRecord("person:bo", "lag:nowhere", "member"))

    answer = upload(api_client, xlsx_bytes(broken), headers=api_keys["editor"], write=True)

    assert answer.status_code == 422, answer.text
    assert [(error["sheet"], error["row"], error["column"]) for error in answer.json()["errors"]] == [
        ("memberships", 4, "unit")]
    assert "/tmp" not in answer.text
    assert snapshot(graph) == before
    assert ledger_of(api_client, "chart").lines == ledger.lines
    assert len(import_entries(api_client)) == 1


def test_a_bad_row_in_a_first_import_through_the_api_is_a_422_and_writes_nothing(api_client, api_keys, graph):
    apply_chart(graph, Chart(units=[REGION]), owner="reference")
    before = snapshot(graph)
    broken = grown_chart()
    broken.memberships.append(MembershipRecord("person:bo", "lag:hjarta", "emperor"))

    answer = upload(api_client, xlsx_bytes(broken), headers=api_keys["editor"], name="first.xlsx", write=True)

    assert answer.status_code == 422, answer.text
    assert [(error["sheet"], error["row"], error["column"]) for error in answer.json()["errors"]] == [
        ("memberships", 4, "role")]
    assert snapshot(graph) == before
    assert import_digests(api_client.app.state.settings).recorded("first") is None


# -- bad uploads -----------------------------------------------------------------------------------
def test_an_invalid_workbook_is_a_422_naming_sheet_row_and_column(api_client, api_keys, planted):
    before = snapshot(planted)
    broken = Chart(units=[UnitRecord("lag:x", "no-such-kind", "LAG X")], people=[ANNA],
                   memberships=[MembershipRecord("person:nobody", "lag:hjarta", "member")])
    answer = upload(api_client, xlsx_bytes(broken), headers=api_keys["editor"], write=True)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["parameter"] == "file"
    located = {(error["sheet"], error["row"], error["column"]) for error in problem["errors"]}
    assert {("units", 2, "kind"), ("memberships", 2, "person")} <= located
    assert all(error["location"] == "body" and error["parameter"] == "file" for error in problem["errors"])
    assert snapshot(planted) == before
    assert import_entries(api_client) == []


def test_an_upload_over_the_limit_is_a_413_and_writes_nothing(api_client, api_keys, api_settings, planted):
    api_client.app.state.settings = api_settings.model_copy(update={"upload_max_bytes": 4000})
    before = snapshot(planted)
    content = xlsx_bytes(grown_chart())
    assert 4000 < len(content) < 4000 + ENVELOPE_BYTES  # caught when the file is complete
    for body in (content, content + os.urandom(2 * ENVELOPE_BYTES)):  # the second by its Content-Length
        answer = upload(api_client, body, headers=api_keys["editor"], write=True)
        assert (answer.status_code, answer.json()["parameter"]) == (413, "file")
    assert snapshot(planted) == before


def test_a_body_without_length_is_read_only_up_to_the_limit(api_keys, api_settings, graph):
    app = create_app(owns_graph=False, settings=api_settings.model_copy(update={"upload_max_bytes": 10_000}))
    chunk, boundary = b"x" * 16_384, "limit-test"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="chart.xlsx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    received, sent = [], []

    async def receive():
        received.append(1)
        if len(received) > 1000:
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": head if len(received) == 1 else chunk, "more_body": True}

    async def send(message):
        sent.append(message)

    headers = [(b"host", b"testserver"), (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
               (b"authorization", api_keys["editor"]["Authorization"].encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": IMPORTS, "raw_path": IMPORTS.encode(), "query_string": b"", "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    anyio.run(app, scope, receive, send)
    assert sent[0]["status"] == 413
    assert len(received) * len(chunk) < 10_000 + ENVELOPE_BYTES + 2 * len(chunk)


@pytest.mark.parametrize(("name", "content", "status"), [
    ("chart.pdf", b"%PDF-1.7", 415),
    ("chart.xlsx", b"not a workbook at all", 422),
    ("chart.zip", b"not a zip either", 422),
])
def test_a_file_that_is_no_chart_is_refused_naming_the_file(api_client, api_keys, graph, name, content, status):
    answer = upload(api_client, content, headers=api_keys["editor"], name=name, media_type="application/octet-stream")
    assert (answer.status_code, answer.json()["parameter"]) == (status, "file")
    assert "/tmp" not in answer.json()["detail"]


def test_an_upload_without_the_file_field_or_form_is_refused(api_client, api_keys, graph):
    elsewhere = api_client.post(IMPORTS, headers=api_keys["editor"], files={"workbook": ("chart.xlsx", b"x", XLSX)})
    assert (elsewhere.status_code, elsewhere.json()["parameter"]) == (422, "file")
    not_a_form = api_client.post(IMPORTS, headers=api_keys["editor"], json={"file": "chart.xlsx"})
    assert (not_a_form.status_code, not_a_form.json()["parameter"]) == (415, "file")
    unknown = upload(api_client, b"x", headers=api_keys["editor"], dryrun=True)
    assert (unknown.status_code, unknown.json()["parameter"]) == (422, "dryrun")


@pytest.mark.parametrize(("who", "status"), [("reader", 403), ("anonymous", 401), ("revoked", 401)])
def test_only_editors_and_admins_may_import(api_client, api_keys, planted, who, status):
    before = snapshot(planted)
    answer = upload(api_client, xlsx_bytes(grown_chart()), headers=api_keys.get(who, {}), write=True)
    assert answer.status_code == status
    assert snapshot(planted) == before


# -- the engine stops in the middle of a write ------------------------------------------------------
def kill_engine_on_batch(monkeypatch, graph: Graph, pid: int, batch: int) -> None:
    """The engine process is killed (SIGKILL) as the import hands over its `batch`-th write batch."""
    opened = graph.pipelined_transaction

    def killing_transaction(**options):
        transaction = opened(**options)
        run, handed = transaction.run, []

        def run_or_kill(query: str, **params) -> None:
            handed.append(query)
            if len(handed) == batch:
                os.kill(pid, signal.SIGKILL)
            run(query, **params)

        transaction.run = run_or_kill
        return transaction

    monkeypatch.setattr(graph, "pipelined_transaction", killing_transaction)


def test_the_engine_stopping_mid_write_leaves_the_graph_as_it_was(engine_graph, api_settings, api_keys, tmp_path,
                                                                   monkeypatch):
    engine = embedded_engine(Settings(data_dir=tmp_path / "engine"))
    graph, pid = connect(engine)
    try:
        install_schema(graph)
        apply_chart(graph, BASE, owner="chart")
        before = snapshot(graph)
        set_current_graph(graph)
        monkeypatch.setattr(load, "BATCH_SIZE", 50)
        kill_engine_on_batch(monkeypatch, graph, pid, batch=2)
        content = xlsx_bytes(chart(200))
        with TestClient(create_app(owns_graph=False, settings=api_settings)) as client:
            failed = upload(client, content, headers=api_keys["editor"], name="big.xlsx", write=True, lang="en")
            assert failed.status_code == 503, failed.text
            assert failed.headers["content-type"] == "application/problem+json"
            assert "nothing was written" in failed.json()["detail"]
            graph.close()
            assert not process_alive(pid)

            graph, pid = connect(engine)
            assert snapshot(graph) == before
            set_current_graph(graph)
            retried = upload(client, content, headers=api_keys["editor"], name="big.xlsx", write=True)
            assert retried.status_code == 200, retried.text
            assert retried.json()["counts"]["units"]["created"] == 200
            assert [entry.target for entry in import_entries(client)] == ["big.xlsx"]
        assert graph.read("MATCH (n:Entity) RETURN count(n) AS n") == [{"n": before[0] + 400}]
    finally:
        set_current_graph(engine_graph)
        graph.close()
        engine.stop()


# -- exports -------------------------------------------------------------------------------------------
def export_text(export_format: str, content: bytes) -> str:
    """All the text of an export, parsed as its format (so it also proves the file parses)."""
    if export_format == "workbook":
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        assert {"units", "people", "memberships"} <= set(book.sheetnames)
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    if export_format == "graphml":
        root = ET.fromstring(content)
        assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
        return "\n".join(element.text or "" for element in root.iter())
    document = json.loads(content)
    assert set(document) == {"organizations", "persons", "posts", "memberships"}
    return json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize(("export_format", "media_type", "suffix"), [
    ("workbook", XLSX, "xlsx"), ("graphml", "application/graphml+xml", "graphml"), ("json", "application/json", "json"),
])
def test_exports_hold_contact_details_only_for_callers_with_a_key(api_client, api_keys, planted, export_format,
                                                                  media_type, suffix):
    anonymous = api_client.get(f"/api/v1/exports/{export_format}")
    # Contact details go into formats made to be shared only when a key holder asks (issue 12).
    reader = api_client.get(f"/api/v1/exports/{export_format}", headers=api_keys["reader"],
                            params={"include_contact": True})
    for answer in (anonymous, reader):
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith(media_type)
        assert answer.headers["content-disposition"] == f'attachment; filename="govgraph.{suffix}"'
    public, private = export_text(export_format, anonymous.content), export_text(export_format, reader.content)
    assert "Anna Ek" in public and "LAG Hjärta" in public
    assert EMAIL not in public and PHONE not in public
    assert EMAIL in private and PHONE in private
    hidden = api_client.get(f"/api/v1/exports/{export_format}", params={"include_contact": False},
                            headers=api_keys["reader"])
    assert EMAIL not in export_text(export_format, hidden.content)


def test_an_exported_workbook_imports_back_without_changes(api_client, api_keys, planted):
    exported = api_client.get("/api/v1/exports/workbook", headers=api_keys["reader"])
    answer = upload(api_client, exported.content, headers=api_keys["editor"])
    assert answer.status_code == 200, answer.text
    assert (answer.json()["changes"], answer.json()["conflicts"]) == (0, [])


def test_exports_take_the_selections_of_the_command_line(api_client, planted):
    alone = api_client.get("/api/v1/exports/json", params={"around": "lag:hjarta", "depth": 0})
    assert alone.headers["content-disposition"] == 'attachment; filename="govgraph-around-lag-hjarta-0.json"'
    assert [org["id"] for org in alone.json()["organizations"]] == ["lag:hjarta"]
    assert alone.json()["persons"] == []
    region = api_client.get("/api/v1/exports/json", params={"region": "region:18"})
    assert {person["id"] for person in region.json()["persons"]} == {"person:anna"}


@pytest.mark.parametrize(("params", "status", "parameter"), [
    ({"around": "lag:nowhere"}, 404, "around"),
    ({"depth": 2}, 422, "depth"),
    ({"region": "lag:hjarta"}, 422, "region"),
    ({"around": "lag:hjarta", "region": "region:18"}, 422, "region"),
    ({"colour": "red"}, 422, "colour"),
])
def test_a_bad_export_selection_names_its_parameter(api_client, planted, params, status, parameter):
    answer = api_client.get("/api/v1/exports/graphml", params=params)
    assert (answer.status_code, answer.json()["parameter"]) == (status, parameter)
    if status == 404:
        assert answer.json()["uid"] == "lag:nowhere"


def test_an_unknown_export_format_is_a_422_naming_it(api_client, graph):
    answer = api_client.get("/api/v1/exports/pdf")
    assert (answer.status_code, answer.json()["parameter"]) == (422, "format")
