"""Errors as RFC 9457 problem details: one JSON shape for every 4xx and 5xx the API sends.

Each problem names what went wrong (`detail`), the offending parameter or
field where there is one (`parameter`, and `errors` for several), and the
request id that the log line of the same request carries.
"""

from __future__ import annotations

import math

import logging
from dataclasses import dataclass, field
from typing import Any

import neo4j.exceptions
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.keys import Role
from api.request_ids import current_request_id
from cypher.adhoc import CallerThrottled, CypherError, QueryTimeout
from cypher.params import QueryParameterError, UnknownId
from cypher.readonly import WriteRejected
from graphmodel.engine import EngineError
from graphmodel.engine.errors import ReadOnlyViolation
from graphmodel.engine.graph import EngineDown, ReadsBusy
from graphmodel.messages import MESSAGES, text

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://govgraph.invalid/problems/"
log = logging.getLogger("govgraph.api")

# Driver errors that mean the engine is gone or unreachable, not that the request was wrong.
ENGINE_DOWN = (EngineError, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired,
               neo4j.exceptions.TransientError, ConnectionError)
# What a caller without an admin key is told about an engine failure: the driver's own words carry the
# engine's address, and the supervisor's the data directory, which only admins see.
PUBLIC_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (EngineDown, "it is down, and is being restarted or waited for"),
    (neo4j.exceptions.SessionExpired, "the connection to it was lost"),
    (neo4j.exceptions.ServiceUnavailable, "it cannot be reached"),
    (neo4j.exceptions.TransientError, "it had a passing failure"),
    (ConnectionError, "the connection to it failed"),
    (EngineError, "it failed"),
)


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
    slug = title.lower().replace(" ", "-")
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug, "title": problem_title(slug, title), "status": status, "detail": detail,
        "instance": request.url.path, "request_id": current_request_id(),
    }
    if parameter is not None:
        body["parameter"] = parameter
    if errors:
        body["errors"] = errors
    body.update(extra)
    response_headers = {"X-Request-ID": current_request_id(), **(headers or {})}
    return JSONResponse(body, status_code=status, headers=response_headers, media_type=PROBLEM_MEDIA_TYPE)


def problem_title(slug: str, english: str) -> str:
    """The title in the request's language; the type keeps the English slug, so clients can match on it."""
    key = f"problem.{slug}"
    return text(key) if key in MESSAGES else english


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
    where = f"validation.in_{first['location']}"
    detail = text(where if where in MESSAGES else "validation.in_request", parameter=first["parameter"],
                  message=first["message"])
    if len(errors) > 1:
        detail += text("validation.more", count=len(errors) - 1)
    return problem_response(request, 422, "Invalid request", detail, parameter=first["parameter"], errors=errors)


def field_error(item: dict[str, Any]) -> dict[str, str]:
    """One pydantic error as location, dotted parameter name and message (in the request's language)."""
    location, *path = item.get("loc", ("request",))
    name = ".".join(str(part) for part in path) or str(location)
    return {"location": str(location), "parameter": name, "message": validation_message(item)}


def validation_message(item: dict[str, Any]) -> str:
    """Pydantic's message, worded by the catalogue where it has the error's type; our own checks' messages
    (a `value_error`) are already in the request's language."""
    context = item.get("ctx") or {}
    if item.get("type") == "value_error" and "error" in context:
        return str(context["error"])
    key = f"validation.{item.get('type')}"
    if key in MESSAGES:
        # A choice pydantic lists as "'a' or 'b'" is listed with the language's own word for or.
        fields = {name: str(value).replace(" or ", f" {text('words.or')} ") for name, value in context.items()}
        return text(key, **fields)
    return item.get("msg", "is invalid")


async def unknown_id(request: Request, error: UnknownId) -> JSONResponse:
    return problem_response(request, 404, "Unknown id", text("problem.unknown_id_detail", uid=error.uid),
                            parameter=error.parameter, uid=error.uid)


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
    # A caller who must pause is told how long; otherwise a slot may free up in a few seconds.
    wait = math.ceil(error.seconds) if isinstance(error, CallerThrottled) else 5
    return problem_response(request, 429, "Too many queries", str(error), headers={"Retry-After": str(max(wait, 1))})


async def engine_down(request: Request, error: Exception) -> JSONResponse:
    log.warning("engine unavailable: %s", error)
    reason = engine_failure(error) if shows_engine_details(request) else public_reason(error)
    return problem_response(request, 503, "Engine unavailable",
                            f"the graph engine is not answering ({reason}); try again shortly",
                            headers={"Retry-After": "5"})


def engine_failure(error: BaseException) -> str:
    """The engine failure in the driver's own words (its first line): for admins and the log only."""
    return (str(error).splitlines() or [type(error).__name__])[0][:200] or type(error).__name__


def public_reason(error: BaseException) -> str:
    """What went wrong with the engine, without its address or data directory."""
    phrase = next((phrase for kind, phrase in PUBLIC_REASONS if isinstance(error, kind)), "it failed")
    return f"{phrase}: {type(error).__name__}"


def presented_key_text(request: Request) -> str | None:
    """The key a request carries, read as `api.auth` reads it: a bearer token, else `X-API-Key`."""
    scheme, credentials = get_authorization_scheme_param(request.headers.get("Authorization"))
    if scheme.lower() == "bearer" and credentials:
        return credentials
    return request.headers.get("X-API-Key") or None


def shows_engine_details(request: Request) -> bool:
    """Whether the caller holds an active admin key: only they see the engine's address and data directory.

    Asked where no other check of the key ran (readiness probes, the 503 handler); any other key,
    a wrong one or none gets the answer for anonymous callers rather than a refusal.
    """
    keys = getattr(request.app.state, "keys", None)
    text = presented_key_text(request)
    if keys is None or text is None:
        return False
    key = keys.authenticate(text)
    return key is not None and key.role.allows(Role.admin)


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
