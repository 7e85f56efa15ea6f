"""Ad-hoc Cypher over HTTP: keys only, read-only whatever the text hides, bounded in time and rows."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from test_cypher_adhoc import SLOW_QUERY, WRITES, graph_counts

from api.main import create_app
from graphmodel.settings import Settings

pytestmark = pytest.mark.engine

URL = "/api/v1/cypher"
COUNT_NPOS = "MATCH (n:Entity {kind: $kind}) RETURN count(n) AS npos"
WRITING_PROCEDURES = ["CALL db.createProperty('x', 'STRING')", "CALL dbms.security.createUser('x', 'y', false)"]


def test_a_key_is_needed_because_free_queries_reach_contact_details(api_client, reference_graph, api_keys):
    assert api_client.post(URL, json={"query": COUNT_NPOS, "parameters": {"kind": "npo"}}).status_code == 401
    assert api_client.post(URL, json={"query": "RETURN 1 AS x"}, headers=api_keys["revoked"]).status_code == 401


def test_a_reader_gets_columns_and_rows(api_client, reference_graph, api_keys):
    answer = api_client.post(URL, json={"query": COUNT_NPOS, "parameters": {"kind": "npo"}},
                             headers=api_keys["reader"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["columns"] == ["npos"] and body["rows"] == [{"npos": 26}] and body["truncated"] is False


def test_rows_stop_at_the_asked_limit_and_say_so(api_client, reference_graph, api_keys):
    answer = api_client.post(URL, json={"query": "MATCH (m:Entity {kind: 'municipality'}) RETURN m.uid AS uid",
                                        "max_rows": 10}, headers=api_keys["reader"]).json()
    assert len(answer["rows"]) == 10 and answer["truncated"] is True


@pytest.mark.parametrize("text", WRITES + WRITING_PROCEDURES)
def test_every_write_is_refused_and_nothing_changes(api_client, reference_graph, api_keys, text):
    before = graph_counts(reference_graph)
    refused = api_client.post(URL, json={"query": text}, headers=api_keys["admin"])
    assert refused.status_code == 403, refused.text
    assert refused.json()["parameter"] == "query" and refused.json()["keyword"]
    assert graph_counts(reference_graph) == before


def test_a_mistake_in_the_text_is_a_422_naming_the_query(api_client, reference_graph, api_keys):
    answer = api_client.post(URL, json={"query": "MATCH (n) RETURN m"}, headers=api_keys["reader"])
    assert answer.status_code == 422 and answer.json()["parameter"] == "query"
    bad_parameter = api_client.post(URL, json={"query": "RETURN $x AS x", "parameters": {"1x": 1}},
                                    headers=api_keys["reader"])
    assert bad_parameter.status_code == 422 and bad_parameter.json()["parameter"] == "1x"


def test_a_slow_query_is_stopped_at_the_time_limit(engine_graph, reference_graph, api_keys, api_settings):
    quick = Settings(data_dir=api_settings.data_dir, cypher_timeout=1.0)
    with TestClient(create_app(owns_graph=False, settings=quick)) as client:
        stopped = client.post(URL, json={"query": SLOW_QUERY}, headers=api_keys["reader"])
        assert stopped.status_code == 422 and stopped.json()["limit_seconds"] == 1.0
        assert client.post(URL, json={"query": "RETURN 1 AS x"}, headers=api_keys["reader"]).status_code == 200
