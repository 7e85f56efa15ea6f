"""Builds the FastAPI app: the versioned API under /api/v1, the explorer at /, problems for every error.

`govgraph serve` builds the app that owns the process's graph: opened (and
the schema installed) at start-up, closed at shutdown. A caller that has set
the current graph itself, such as the tests, builds it with
`owns_graph=False` and keeps its graph open across apps.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.body_limits import BodyLimitMiddleware
from api.keys import key_store
from api.problems import PROBLEM_RESPONSES, install_problem_handlers
from api.request_ids import ResponseHeadersMiddleware
from api.security import RateLimiter
from api.routes import (
    audit,
    chains,
    changes,
    coverage,
    cypher,
    decisions,
    drawings,
    explorer,
    exports,
    findings,
    health,
    imports,
    keys,
    nodes,
    paths,
    people,
    queries,
    representation,
    vocabulary,
)
from cypher.route_index import route_index
from graphmodel.audit import audit_log
from graphmodel.cli.common import note
from graphmodel.engine import Graph, close_current_graph, current_graph, supervise
from graphmodel.schema import install_schema
from graphmodel.settings import Settings, get_settings
from importers.erase import honour_erasures
from importers.load import apply_chart
from importers.reference import REFERENCE_OWNER, reference_chart

API_PREFIX = "/api/v1"
API_ROUTERS = (health, nodes, vocabulary, queries, cypher, paths, chains, representation, decisions, findings,
               coverage, changes, imports, exports, keys, audit, people, drawings)


@asynccontextmanager
async def owned_graph(app: FastAPI) -> AsyncIterator[None]:
    # Opened here, on the main thread, so an engine started for the server dies with it.
    graph = current_graph(notify=note)
    install_schema(graph)
    if app.state.load_reference:
        bring_reference_data_up_to_date(graph)
    # Restarts the engine if it dies (or reconnects to one `govgraph db start` brings back); stopped
    # before the graph is closed, so that stopping the engine at shutdown is not taken for a crash.
    app.state.supervisor = supervise(graph, get_settings())
    start_reading_route_index(graph)
    yield
    if app.state.supervisor is not None:
        app.state.supervisor.stop()
    close_current_graph()


def start_reading_route_index(graph: Graph) -> None:
    """Make the route index while the server already answers, so the first contact path need not wait for it
    (from the rows kept on disk when the graph is unchanged since the last run, `cypher.route_snapshot`);
    then make its steps ahead, so that later questions cost their route only (`RouteIndex.warm`)."""
    def read() -> None:
        try:
            route_index(graph).warm()
        except Exception:  # noqa: BLE001 - the engine may be down; the first contact path reads it then
            pass

    threading.Thread(target=read, name="route-index-start", daemon=True).start()


def bring_reference_data_up_to_date(graph: Graph) -> None:
    """Load the built-in reference data, or bring it up to date; never overwrites edits made by hand."""
    # People erased on request stay erased, though the built-in data still lists them.
    report = apply_chart(graph, honour_erasures(graph, reference_chart()), owner=REFERENCE_OWNER)
    if report.conflicts:
        note(f"Reference data: {len(report.conflicts)} record(s) were edited by hand and were kept as they are; "
             "`govgraph load reference` lists them.")
    elif report.written:
        note(f"Reference data: {report.changes} change(s) loaded.")


@asynccontextmanager
async def borrowed_graph(_: FastAPI) -> AsyncIterator[None]:
    yield


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses=PROBLEM_RESPONSES)
    for module in API_ROUTERS:
        router.include_router(module.router)
    return router


def create_app(*, owns_graph: bool = True, settings: Settings | None = None,
               load_reference: bool = True) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="govgraph", version="1",
                  summary="The Swedish knowledge-governance structure (kunskapsstyrning) as a graph: who reports "
                          "to whom, who represents whom, who may decide what, and how guidance travels.",
                  lifespan=owned_graph if owns_graph else borrowed_graph,
                  # FastAPI's own pages load Swagger UI and ReDoc from a CDN; /docs is served from our files.
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.load_reference = load_reference
    app.state.keys = key_store(settings)
    app.state.audit = audit_log(settings)
    app.state.rate_limiter = RateLimiter(settings.rate_limit)
    install_problem_handlers(app)
    app.add_middleware(BodyLimitMiddleware, exempt=(API_PREFIX + imports.router.prefix,))  # uploads: own budget
    if settings.cors_origins:  # closed unless origins are named: browsers then refuse other sites' calls
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"])
    app.add_middleware(ResponseHeadersMiddleware)
    app.include_router(api_router())
    app.include_router(explorer.router)
    return app
