"""The contact path: by which groups and people a programme area's guidance reaches each target."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from api.auth import CallerDep
from api.deps import GraphDep
from api.models_answers import MAX_PATH_TARGETS, ContactPathQuery, PathAnswerOut
from cypher.contact_path import PathError, PathOptions, contact_paths
from cypher.params import QueryParameterError
from cypher.route_index import ready_route_index, route_index

router = APIRouter(prefix="/paths", tags=["answers"])

# The library names the options as PathOptions does; the API as its query parameters.
_PARAMETER = {"exclude_kinds": "exclude_kind", "exclude_edges": "exclude_edge"}


@router.get("/contact", response_model=PathAnswerOut,
            summary="How guidance travels from a programme area or group to each target, hop by hop.")
async def contact_path(graph: GraphDep, who: CallerDep,
                       query: Annotated[ContactPathQuery, Query()]) -> dict[str, Any]:
    """The document-003 route on `at` (default today) to every target, with the fallback and why where it breaks.

    The answer of `govgraph path FROM TO... --json`; a target that is not reached is a route with
    `found: false` and its reasons, not an error."""
    # Answered from memory on the event loop when the index is ready, as it is after the first request:
    # a few milliseconds of computing cost less than handing the request to a worker thread. Reading the
    # index from the engine waits, so that happens on a worker thread.
    index = ready_route_index(graph) or await run_in_threadpool(route_index, graph)
    options = PathOptions(_day(query.at), frozenset(query.exclude_kind), frozenset(query.exclude_edge))
    try:
        return contact_paths(index, query.source, query.to, options, max_targets=MAX_PATH_TARGETS).as_json()
    except PathError as error:
        raise QueryParameterError(_PARAMETER.get(error.parameter, error.parameter), str(error)) from error


def _day(text: str | None) -> datetime.date:
    return datetime.date.fromisoformat(text) if text else datetime.date.today()
