"""Erasing a person through the API: admin only, previewable, atomic, audited without the person's name."""

from __future__ import annotations

import pytest

from importers.erase import erasure_digest
from importers.export_workbook import xlsx_bytes
from importers.load import apply_chart
from test_erase import ANNA, LAG, snapshot, small_chart

pytestmark = pytest.mark.engine

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def small_graph(graph):
    assert not apply_chart(graph, small_chart(), owner="test").conflicts
    return graph


def test_only_an_admin_may_erase(api_client, small_graph, api_keys):
    before = snapshot(small_graph)
    assert api_client.delete(f"/api/v1/people/{ANNA}").status_code == 401
    assert api_client.delete(f"/api/v1/people/{ANNA}", headers=api_keys["editor"]).status_code == 403
    assert api_client.delete(f"/api/v1/people/{ANNA}", headers=api_keys["revoked"]).status_code == 401
    assert snapshot(small_graph) == before


def test_the_preview_writes_nothing_and_names_what_would_go(api_client, small_graph, api_keys):
    before = snapshot(small_graph)
    preview = api_client.get(f"/api/v1/people/{ANNA}/erasure", headers=api_keys["admin"])
    assert preview.status_code == 200, preview.text
    assert preview.json()["erased"] is False
    assert LAG in {item["group"]["uid"] for item in preview.json()["chairs"]}
    assert snapshot(small_graph) == before


def test_erasing_removes_the_person_and_audits_by_digest(api_client, small_graph, api_keys, api_settings):
    nodes_before, edges_before = snapshot(small_graph)
    answer = api_client.delete(f"/api/v1/people/{ANNA}", headers=api_keys["admin"])
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["erased"] is True and report["person"]["uid"] == ANNA
    chair_of = {item["group"]["uid"]: item["without_current_chair"] for item in report["chairs"]}
    assert chair_of[LAG] is True
    nodes_after, edges_after = snapshot(small_graph)
    assert nodes_after == nodes_before - {ANNA}
    assert all(ANNA not in (source, target) for source, _, target, _, _ in edges_after)
    assert api_client.get(f"/api/v1/nodes/{ANNA}").status_code == 404
    entry = api_client.get("/api/v1/audit", headers=api_keys["admin"]).json()["items"][0]
    assert entry["action"] == "person.erase" and entry["target"] == f"erased:{erasure_digest(ANNA)}"
    assert "anna" not in str(entry).lower()


def test_unknown_ids_and_other_kinds_are_refused_by_name(api_client, small_graph, api_keys):
    missing = api_client.delete("/api/v1/people/person:nobody", headers=api_keys["admin"])
    assert missing.status_code == 404 and missing.json()["uid"] == "person:nobody"
    not_a_person = api_client.delete(f"/api/v1/people/{LAG}", headers=api_keys["admin"])
    assert not_a_person.status_code == 422 and not_a_person.json()["parameter"] == "uid"
    assert LAG in not_a_person.json()["detail"]


def test_an_erased_person_cannot_come_back_with_a_workbook(api_client, small_graph, api_keys):
    assert api_client.delete(f"/api/v1/people/{ANNA}", headers=api_keys["admin"]).status_code == 200
    before = snapshot(small_graph)
    workbook = ("chart.xlsx", xlsx_bytes(small_chart()), XLSX)
    refused = api_client.post("/api/v1/imports", params={"write": "true", "lang": "en"}, headers=api_keys["editor"],
                              files={"file": workbook})
    assert refused.status_code == 422, refused.text
    erased = [error for error in refused.json()["errors"] if "erased" in error["message"]]
    assert [(error["sheet"], error["column"], error["value"]) for error in erased] == [("people", "id", ANNA)]
    assert snapshot(small_graph) == before
