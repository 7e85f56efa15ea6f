"""The query library over HTTP: list the stored queries, read one, run one by name with typed parameters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from pydantic import BaseModel, ConfigDict, Field

from api.auth import CallerDep
from api.deps import GraphDep
from api.problems import ApiProblem
from cypher import StoredQuery, UnknownQuery, query, stored_queries
from cypher.runner import run_stored

router = APIRouter(prefix="/queries", tags=["query library"])
QueryName = Annotated[str, Path(max_length=100, description="the query's name, its file name without .cypher")]


class ParameterOut(BaseModel):
    name: str
    type: str = Field(description="string, integer, number, boolean, date (YYYY-MM-DD) or list<string>")
    meaning: str = Field(description="what the parameter means, in the language asked")
    required: bool
    default: str | None = Field(None, description="'today' for dates that default to the day of the request")


class StoredQueryOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "members_of_body", "answers": "Who sits in a body on a date, with their roles?",
        "parameters": [{"name": "uid", "type": "string", "meaning": "the body's id", "required": True,
                        "default": None}],
        "example": {"uid": "lag:orebro:suicidprevention", "at": "2025-06-01"}}]})

    name: str
    answers: str = Field(description="the question the query answers, in the language asked (?lang=, Accept-Language)")
    parameters: list[ParameterOut]
    example: dict[str, Any] = Field(description="parameters that give a meaningful answer on the reference data")


class StoredQueryText(StoredQueryOut):
    text: str = Field(description="the .cypher file; runs as it is in Neo4j Browser")


class RunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"parameters": {"uid": "lag:orebro:suicidprevention", "at": "2025-06-01"}}]})

    parameters: dict[str, Any] = Field(default_factory=dict,
                                       description="the query's parameters by name; dates as YYYY-MM-DD")


class QueryAnswerOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "query": "count_by_kind", "parameters": {}, "columns": ["kind", "count"],
        "rows": [{"kind": "municipality", "count": 290}]}]})

    query: str
    parameters: dict[str, Any] = Field(description="the values sent, defaults filled in")
    columns: list[str]
    rows: list[dict[str, Any]]


def described(stored: StoredQuery) -> dict[str, Any]:
    parameters = [ParameterOut(name=p.name, type=p.type, meaning=p.meant(), required=p.required, default=p.default)
                  for p in stored.params]
    return {"name": stored.name, "answers": stored.question(), "parameters": parameters, "example": stored.example}


def stored_query(name: str) -> StoredQuery:
    try:
        return query(name)
    except UnknownQuery:
        raise ApiProblem(404, "Unknown query", f"the library has no query named '{name}'; "
                                               "GET /api/v1/queries lists them", parameter="name",
                         extra={"name": name}) from None


@router.get("", response_model=list[StoredQueryOut], summary="Every stored query, with its parameters.")
def list_queries(who: CallerDep) -> list[StoredQueryOut]:
    """The library in cypher/, by name: what each query answers and the parameters it takes."""
    return [StoredQueryOut(**described(stored)) for stored in stored_queries().values()]


@router.get("/{name}", response_model=StoredQueryText, summary="One stored query, with its Cypher text.")
def read_query(name: QueryName, who: CallerDep) -> StoredQueryText:
    """The query's header and its Cypher text, to read or to paste into Neo4j Browser."""
    stored = stored_query(name)
    return StoredQueryText(**described(stored), text=stored.text)


@router.post("/{name}/run", response_model=QueryAnswerOut, summary="Run a stored query, read-only.")
def run_query(name: QueryName, graph: GraphDep, who: CallerDep,
              request: Annotated[RunRequest, Body()] = RunRequest()) -> QueryAnswerOut:
    """Runs the query with the given parameters, checked against its header: a missing, unknown or
    mistyped parameter is a 422 naming it. The answer is the same as `govgraph query NAME --json`."""
    stored_query(name)
    return QueryAnswerOut(**run_stored(graph, name, request.parameters).as_json())
