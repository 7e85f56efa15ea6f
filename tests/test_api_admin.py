"""API keys and the audit log through the API: admin only, every key change audited, the log append-only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.engine

KEYS = "/api/v1/keys"
AUDIT = "/api/v1/audit"


def key_id(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer gg_").split("_")[0]


def test_an_admin_lists_keys_without_their_text_or_hash(api_client, api_keys, graph):
    answer = api_client.get(KEYS, headers=api_keys["admin"])
    assert answer.status_code == 200
    listed = {key["name"]: key for key in answer.json()}
    assert set(listed) == {"test reader", "test editor", "test admin", "test revoked"}
    assert all(set(key) == {"id", "name", "role", "created", "revoked"} for key in listed.values())
    assert listed["test editor"]["id"] == key_id(api_keys["editor"])
    assert listed["test revoked"]["revoked"] is not None and listed["test admin"]["revoked"] is None
    secrets = {headers["Authorization"].removeprefix("Bearer ") for headers in api_keys.values()}
    assert not any(secret in answer.text for secret in secrets)


def test_a_created_key_works_once_shown_and_a_revoked_one_stops(api_client, api_keys, graph):
    created = api_client.post(KEYS, json={"name": "intranet", "role": "reader"}, headers=api_keys["admin"])
    assert created.status_code == 201, created.text
    key = created.json()
    assert (key["name"], key["role"], key["revoked"]) == ("intranet", "reader", None)
    new_key = {"X-API-Key": key["key"]}
    assert api_client.get("/api/v1/exports/json", headers=new_key).status_code == 200
    assert api_client.get(KEYS, headers=new_key).status_code == 403
    assert key["key"] not in api_client.get(KEYS, headers=api_keys["admin"]).text

    revoked = api_client.delete(f"{KEYS}/{key['id']}", headers=api_keys["admin"])
    assert revoked.status_code == 200
    assert revoked.json()["revoked"] is not None
    assert api_client.get("/api/v1/exports/json", headers=new_key).status_code == 401
    again = api_client.delete(f"{KEYS}/{key['id']}", headers=api_keys["admin"])
    assert again.json()["revoked"] == revoked.json()["revoked"]

    entries = api_client.app.state.audit.entries()
    admin = f"key:{key_id(api_keys['admin'])} "
    assert [(entry.action, entry.target) for entry in entries] == [("key.revoke", key["id"]),
                                                                    ("key.create", key["id"])]
    assert all(entry.actor.startswith(admin) for entry in entries)
    assert entries[1].changes == {"name": "intranet", "role": "reader"}
    assert entries[1].request_id == created.headers["X-Request-ID"]


def test_revoking_an_unknown_key_is_a_404_naming_it(api_client, api_keys, graph):
    answer = api_client.delete(f"{KEYS}/nosuchkey123", headers=api_keys["admin"])
    assert answer.status_code == 404
    assert (answer.json()["parameter"], answer.json()["key_id"]) == ("key_id", "nosuchkey123")
    assert "nosuchkey123" in answer.json()["detail"]
    assert api_client.app.state.audit.count() == 0


@pytest.mark.parametrize("body", [{"name": ""}, {"name": "x", "role": "owner"}, {"name": "x", "colour": "red"}, {}])
def test_a_bad_key_request_is_a_422(api_client, api_keys, graph, body):
    answer = api_client.post(KEYS, json=body, headers=api_keys["admin"])
    assert answer.status_code == 422
    assert answer.json()["errors"]


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("reader", 403), ("editor", 403), ("revoked", 401)])
def test_keys_and_audit_are_for_admins_only(api_client, api_keys, graph, who, status):
    headers = api_keys.get(who, {})
    target = key_id(api_keys["reader"])
    answers = [api_client.get(KEYS, headers=headers), api_client.post(KEYS, json={"name": "x"}, headers=headers),
               api_client.delete(f"{KEYS}/{target}", headers=headers), api_client.get(AUDIT, headers=headers)]
    assert [answer.status_code for answer in answers] == [status] * 4
    assert api_client.get("/api/v1/exports/json", headers=api_keys["reader"]).status_code == 200
    assert api_client.app.state.audit.count() == 0


def test_the_audit_log_is_listed_newest_first_in_pages(api_client, api_keys, graph):
    audit = api_client.app.state.audit
    for number in range(5):
        audit.record(actor="cli:tester", action="import" if number % 2 == 0 else "key.create",
                     target=f"target-{number}", changes={"number": number})
    first = api_client.get(AUDIT, params={"limit": 2}, headers=api_keys["admin"]).json()
    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [entry["target"] for entry in first["items"]] == ["target-4", "target-3"]
    second = api_client.get(AUDIT, params={"limit": 2, "offset": 2}, headers=api_keys["admin"]).json()
    assert [entry["target"] for entry in second["items"]] == ["target-2", "target-1"]
    imports = api_client.get(AUDIT, params={"action": "import"}, headers=api_keys["admin"]).json()
    assert imports["total"] == 3
    assert [entry["changes"] for entry in imports["items"]] == [{"number": 4}, {"number": 2}, {"number": 0}]
    assert imports["items"][0]["actor"] == "cli:tester"


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 100_000}, {"offset": -1}, {"order": "asc"}])
def test_a_bad_audit_page_names_its_parameter(api_client, api_keys, graph, params):
    answer = api_client.get(AUDIT, params=params, headers=api_keys["admin"])
    assert (answer.status_code, answer.json()["parameter"]) == (422, next(iter(params)))


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_no_route_changes_the_audit_log(api_client, api_keys, graph, method):
    api_client.app.state.audit.record(actor="cli:tester", action="import", target="x", changes={})
    answer = api_client.request(method, AUDIT, headers=api_keys["admin"], json={"id": 1})
    assert answer.status_code == 405
    assert api_client.app.state.audit.count() == 1


def test_every_write_route_is_documented_with_a_summary_and_an_example(api_client, graph):
    document = api_client.get("/openapi.json").json()
    operations = [(path, method, operation) for path, methods in document["paths"].items()
                  for method, operation in methods.items()
                  if path.startswith(("/api/v1/imports", "/api/v1/exports", "/api/v1/keys", "/api/v1/audit"))]
    assert len(operations) == 6
    assert all(operation.get("summary") and operation.get("description") for _, _, operation in operations)
    schemas = document["components"]["schemas"]
    for name in ("ImportAnswer", "PopoloExport", "KeyOut", "KeyCreated", "KeyCreate", "AuditPage"):
        assert schemas[name].get("examples"), name
