"""Ad-hoc Cypher for analysts: strictly read-only, with a time limit and a row limit.

Only callers with a key may use it: a free query reaches every property,
people's contact details included, which anonymous callers never see.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, ConfigDict, Field

from api.auth import ReaderDep
from api.deps import GraphDep, SettingsDep
from cypher.adhoc import run_adhoc

router = APIRouter(prefix="/cypher", tags=["cypher"])
MAX_QUERY_LENGTH = 20_000


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
               who: ReaderDep) -> CypherAnswer:
    """Runs one statement that only reads. Writing clauses (CREATE, MERGE, SET, DELETE, REMOVE, LOAD CSV,
    FOREACH, INSERT), procedures outside a small read-only list, `CALL {…} IN TRANSACTIONS`, admin commands
    and several statements are refused before they reach the engine, wherever they hide; a write that got
    past that would still be rolled back. Queries stop at the server's time limit (GOVGRAPH_CYPHER_TIMEOUT)."""
    limit = min(request.max_rows or settings.cypher_max_rows, settings.cypher_max_rows)
    answer = run_adhoc(graph, request.query, request.parameters, timeout_seconds=settings.cypher_timeout,
                       max_rows=limit)
    return CypherAnswer(**answer.as_json())
