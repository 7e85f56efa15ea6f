"""Errors as RFC 9457 problem details: one JSON shape for every 4xx and 5xx the API sends.

Each problem names what went wrong (`detail`), the offending parameter or
field where there is one (`parameter`, and `errors` for several), and the
request id that the log line of the same request carries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import neo4j.exceptions
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.request_ids import current_request_id
from cypher.adhoc import CypherError, QueryTimeout
from cypher.params import QueryParameterError, UnknownId
from cypher.readonly import WriteRejected
from graphmodel.engine import EngineError
from graphmodel.engine.errors import ReadOnlyViolation
from graphmodel.engine.graph import ReadsBusy

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://govgraph.invalid/problems/"
log = logging.getLogger("govgraph.api")

# Driver errors that mean the engine is gone or unreachable, not that the request was wrong.
ENGINE_DOWN = (EngineError, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired,
               neo4j.exceptions.TransientError, ConnectionError)


class FieldError(BaseModel):
    location: str = Field(description="where the value was given: path, query, header or body")
    parameter: str = Field(description="the parameter or field, dotted for nested body fields")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(description="a URI naming the kind of problem")
    title: str = Field(description="short summary of the kind of problem")
    status: int
    detail: str = Field(description="what went wrong in this request")
    instance: str = Field(description="the request path")
    request_id: str = Field(description="also in the server log and the X-Request-ID header")
    parameter: str | None = Field(None, description="the offending parameter or field, when there is one")
    errors: list[FieldError] | None = Field(None, description="every invalid parameter, for validation errors")


@dataclass
class ApiProblem(Exception):
    """Raised by routes for an answer that is a problem; `extra` adds members such as `uid`."""

    status: int
    title: str
    detail: str
    parameter: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] | None = None


def problem_response(request: Request, status: int, title: str, detail: str, *, parameter: str | None = None,
                     errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None,
                     **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + title.lower().replace(" ", "-"), "title": title, "status": status, "detail": detail,
        "instance": request.url.path, "request_id": current_request_id(),
    }
    if parameter is not None:
        body["parameter"] = parameter
    if errors:
        body["errors"] = errors
    body.update(extra)
    response_headers = {"X-Request-ID": current_request_id(), **(headers or {})}
    return JSONResponse(body, status_code=status, headers=response_headers, media_type=PROBLEM_MEDIA_TYPE)


# -- handlers ------------------------------------------------------------------------------
async def api_problem(request: Request, error: ApiProblem) -> JSONResponse:
    return problem_response(request, error.status, error.title, error.detail, parameter=error.parameter,
                            headers=error.headers, **error.extra)


async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    title = {404: "Not found", 405: "Method not allowed"}.get(error.status_code, "HTTP error")
    return problem_response(request, error.status_code, title, str(error.detail), headers=error.headers)


async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
    errors = [field_error(item) for item in error.errors()]
    first = errors[0]
    detail = f"{first['location']} parameter '{first['parameter']}': {first['message']}"
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    return problem_response(request, 422, "Invalid request", detail, parameter=first["parameter"], errors=errors)


def field_error(item: dict[str, Any]) -> dict[str, str]:
    """One pydantic error as location, dotted parameter name and message."""
    location, *path = item.get("loc", ("request",))
    name = ".".join(str(part) for part in path) or str(location)
    return {"location": str(location), "parameter": name, "message": item.get("msg", "is invalid")}


async def unknown_id(request: Request, error: UnknownId) -> JSONResponse:
    return problem_response(request, 404, "Unknown id", error.reason, parameter=error.parameter, uid=error.uid)


async def bad_parameter(request: Request, error: QueryParameterError) -> JSONResponse:
    return problem_response(request, 422, "Invalid parameter", error.reason, parameter=error.parameter)


async def read_only(request: Request, error: ReadOnlyViolation) -> JSONResponse:
    return problem_response(request, 403, "Read only", str(error))


async def write_refused(request: Request, error: WriteRejected) -> JSONResponse:
    line, column = error.position
    return problem_response(request, 403, "Write refused", str(error), parameter="query", keyword=error.keyword,
                            line=line, column=column)


async def cypher_refused(request: Request, error: CypherError) -> JSONResponse:
    return problem_response(request, 422, "Invalid Cypher", str(error), parameter="query", code=error.code)


async def query_timeout(request: Request, error: QueryTimeout) -> JSONResponse:
    return problem_response(request, 422, "Query timed out", str(error), parameter="query",
                            limit_seconds=error.seconds)


async def reads_busy(request: Request, error: ReadsBusy) -> JSONResponse:
    return problem_response(request, 429, "Too many queries", str(error), headers={"Retry-After": "5"})


async def engine_down(request: Request, error: Exception) -> JSONResponse:
    log.warning("engine unavailable: %s", error)
    reason = (str(error).splitlines() or [type(error).__name__])[0][:200]
    return problem_response(request, 503, "Engine unavailable",
                            f"the graph engine is not answering ({reason}); try again shortly",
                            headers={"Retry-After": "5"})


async def server_error(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error")
    return problem_response(request, 500, "Internal error",
                            "the server failed to answer; the request id finds the details in its log")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, api_problem)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(UnknownId, unknown_id)
    app.add_exception_handler(QueryParameterError, bad_parameter)
    app.add_exception_handler(ReadOnlyViolation, read_only)
    app.add_exception_handler(WriteRejected, write_refused)
    app.add_exception_handler(CypherError, cypher_refused)
    app.add_exception_handler(QueryTimeout, query_timeout)
    app.add_exception_handler(ReadsBusy, reads_busy)
    for kind in ENGINE_DOWN:
        app.add_exception_handler(kind, engine_down)
    app.add_exception_handler(Exception, server_error)


# Shown in the OpenAPI document for every route, so clients know the error shape.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": description, "content": {PROBLEM_MEDIA_TYPE: {}}}
    for status, description in {
        400: "the body cannot be read (not JSON, or not the form the route takes)",
        401: "no or an invalid API key", 403: "the key's role may not do this",
        404: "an id names nothing", 422: "a parameter is invalid", 429: "too many requests at once; retry later",
        503: "the graph engine is not answering",
    }.items()
}
