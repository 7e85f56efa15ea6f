"""A property-based run over the whole API: generated requests, from the app's own OpenAPI document.

Schemathesis reads /openapi.json and sends generated (valid and invalid)
requests to every operation, on the reference data, as an admin so that the
write routes are reached too. Whatever it sends, no answer may be a 5xx, and
every answer must match what the document promises: a documented status, its
content type and its schema.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.keys import Role
from api.main import create_app
from graphmodel.settings import Settings

pytestmark = pytest.mark.engine

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The app serves whichever graph is current, so it can be built before the engine fixture has started.
APP = create_app(owns_graph=False, settings=Settings(data_dir=Path(tempfile.mkdtemp(prefix="govgraph-schema-"))))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def admin_headers(reference_graph) -> dict[str, str]:
    _, text = APP.state.keys.create("schemathesis", Role.admin)
    return {"Authorization": f"Bearer {text}"}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_answer_is_a_server_error_or_breaks_the_schema(case, admin_headers):
    case.call_and_validate(headers=admin_headers, checks=CHECKS)
