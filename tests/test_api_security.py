"""Browser-facing protection and fairness: security headers, closed CORS, per-caller rate limits."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.security import RateLimiter
from graphmodel.settings import Settings

pytestmark = pytest.mark.engine

SEARCH = "/api/v1/nodes?q=lag"


def client_with(api_settings: Settings, **changes) -> TestClient:
    return TestClient(create_app(owns_graph=False, settings=api_settings.model_copy(update=changes)))


def test_pages_carry_a_content_security_policy_and_json_is_not_sniffed(api_client, graph):
    page = api_client.get("/", follow_redirects=True)
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    answer = api_client.get(SEARCH)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in answer.headers


def test_other_sites_may_not_call_the_api_from_a_browser_by_default(api_client, graph):
    preflight = api_client.options(SEARCH, headers={"Origin": "https://elsewhere.example",
                                                    "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers
    plain = api_client.get(SEARCH, headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in plain.headers


def test_named_origins_may(engine_graph, graph, api_settings):
    with client_with(api_settings, cors_origins=["https://intranet.example"]) as client:
        allowed = client.get(SEARCH, headers={"Origin": "https://intranet.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://intranet.example"
        refused = client.get(SEARCH, headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in refused.headers


def test_each_caller_has_its_own_allowance(engine_graph, graph, api_settings, api_keys):
    with client_with(api_settings, rate_limit=60) as client:  # bursts of 6
        statuses = [client.get(SEARCH, headers=api_keys["reader"]).status_code for _ in range(7)]
        assert statuses == [200] * 6 + [429]
        refused = client.get(SEARCH, headers=api_keys["reader"])
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert int(refused.headers["Retry-After"]) >= 1
        assert client.get(SEARCH, headers=api_keys["editor"]).status_code == 200
        assert client.get(SEARCH).status_code == 200  # anonymous callers are counted by address
        assert client.get("/api/v1/health/ready").status_code == 200  # probes are never limited


def test_the_bucket_refills_with_time():
    limiter = RateLimiter(per_minute=6000)  # bursts of 600, 100 a second
    assert all(limiter.wait_needed("k") == 0 for _ in range(600))
    assert 0 < limiter.wait_needed("k") <= 0.011
    assert RateLimiter(per_minute=0).wait_needed("k") == 0
