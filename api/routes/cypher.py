"""Ad-hoc Cypher for analysts: strictly read-only, with a time limit and a row limit.

Only callers with a key may use it: a free query reaches every property,
people's contact details included, which anonymous callers never see.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Caller, ReaderDep
from api.deps import AuditDep, GraphDep, SettingsDep
from api.request_ids import current_request_id
from cypher.adhoc import AdhocThrottle, run_adhoc
from cypher.readonly import WriteRejected
from graphmodel.audit import AuditLog
from graphmodel.engine.errors import ReadOnlyViolation

router = APIRouter(prefix="/cypher", tags=["cypher"])
MAX_QUERY_LENGTH = 20_000
AUDITED_QUERY_LENGTH = 2_000
# One per process: a caller's pause after queries that were stopped holds on every request it makes here.
THROTTLE = AdhocThrottle()


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "query": "MATCH (lag:LAG)-[:REPORTS_TO]->(lpo:LPO) WHERE lpo.name CONTAINS $area "
                 "RETURN lag.name AS lag, lpo.name AS lpo ORDER BY lag",
        "parameters": {"area": "Psykisk hälsa"}, "max_rows": 100}]})

    query: str = Field(min_length=1, max_length=MAX_QUERY_LENGTH, description="one read-only Cypher statement")
    parameters: dict[str, Any] = Field(default_factory=dict, description="values for the query's $parameters")
    max_rows: int | None = Field(None, ge=1, description="return at most this many rows (capped by the server's "
                                                         "limit, GOVGRAPH_CYPHER_MAX_ROWS)")


class CypherAnswer(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "columns": ["lag", "lpo"], "rows": [{"lag": "Suicidprevention", "lpo": "Psykisk hälsa"}],
        "truncated": False, "elapsed_ms": 12}]})

    columns: list[str]
    rows: list[dict[str, Any]] = Field(description="one object per row; dates as ISO text, nodes as their "
                                                   "properties")
    truncated: bool = Field(description="the query had more rows than were returned")
    elapsed_ms: int


@router.post("", response_model=CypherAnswer, summary="Run a read-only Cypher query (any key).")
def run_cypher(request: Annotated[CypherRequest, Body()], graph: GraphDep, settings: SettingsDep,
               audit: AuditDep, who: ReaderDep) -> CypherAnswer:
    """Runs one statement that only reads, as an engine user that may only read. The text must consist of
    MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN, ORDER BY, SKIP, LIMIT, UNION and read-only `CALL {…}`
    subqueries, Cypher's own functions and a few schema procedures; anything else (writing clauses,
    administration, plug-ins, control characters, several statements) is refused with its line and column
    (403), and recorded in the audit log. Queries stop at the server's time limit (GOVGRAPH_CYPHER_TIMEOUT);
    a key runs one query at a time, and after queries that ran out of time it waits before the next (429)."""
    limit = min(request.max_rows or settings.cypher_max_rows, settings.cypher_max_rows)
    caller = who.actor
    try:
        answer = run_adhoc(graph, request.query, request.parameters, timeout_seconds=settings.cypher_timeout,
                           max_rows=limit, caller=caller, throttle=THROTTLE)
    except (WriteRejected, ReadOnlyViolation) as refused:
        record_refusal(audit, who, request.query, refused)
        raise
    return CypherAnswer(**answer.as_json())


def record_refusal(audit: AuditLog, who: Caller, query: str, refused: Exception) -> None:
    """A refused query is an attempt worth knowing about: who, what, and which wall stopped it."""
    stage = "guard" if isinstance(refused, WriteRejected) else "engine"
    audit.record(actor=who.actor, action="cypher-refused", target=None, request_id=current_request_id(),
                 changes={"stage": stage, "reason": str(refused), "query": query[:AUDITED_QUERY_LENGTH]})
