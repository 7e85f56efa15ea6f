"""Builds the FastAPI app and mounts the routers.

`govgraph serve` builds the app that owns the process's graph: opened (and
the schema installed) at start-up, closed at shutdown. A caller that has set
the current graph itself, such as the tests, builds it with
`owns_graph=False` and keeps its graph open across apps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.routes import entities, explorer, health, vocabulary
from graphmodel.cli.common import note
from graphmodel.engine import EngineError, Graph, close_current_graph, current_graph
from graphmodel.schema import install_schema
from importers.load import apply_chart
from importers.reference import REFERENCE_OWNER, reference_chart


@asynccontextmanager
async def owned_graph(_: FastAPI) -> AsyncIterator[None]:
    # Opened here, on the main thread, so an engine started for the server dies with it.
    graph = current_graph(notify=note)
    install_schema(graph)
    bring_reference_data_up_to_date(graph)
    yield
    close_current_graph()


def bring_reference_data_up_to_date(graph: Graph) -> None:
    """Load the built-in reference data, or bring it up to date; never overwrites edits made by hand."""
    report = apply_chart(graph, reference_chart(), owner=REFERENCE_OWNER)
    if report.conflicts:
        note(f"Reference data: {len(report.conflicts)} record(s) were edited by hand and were kept as they are; "
             "`govgraph load reference` lists them.")
    elif report.written:
        note(f"Reference data: {report.changes} change(s) loaded.")


@asynccontextmanager
async def borrowed_graph(_: FastAPI) -> AsyncIterator[None]:
    yield


async def engine_unavailable(_: Request, error: Exception) -> JSONResponse:
    return JSONResponse(status_code=503, content={"detail": str(error)})


def create_app(*, owns_graph: bool = True) -> FastAPI:
    app = FastAPI(title="govgraph", summary="The Swedish knowledge-governance structure as a graph.",
                  lifespan=owned_graph if owns_graph else borrowed_graph)
    app.add_exception_handler(EngineError, engine_unavailable)
    for module in (health, entities, vocabulary, explorer):
        app.include_router(module.router)
    return app
