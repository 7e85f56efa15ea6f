"""Builds the FastAPI app: the graph is opened at start-up and closed at shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.routes import health
from graphmodel.cli.common import note
from graphmodel.engine import close_current_graph, current_graph
from graphmodel.schema import install_schema


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    # Opened here, on the main thread, so an engine started for the server dies with it.
    install_schema(current_graph(notify=note))
    yield
    close_current_graph()


def create_app() -> FastAPI:
    app = FastAPI(title="govgraph", summary="The Swedish knowledge-governance structure as a graph.",
                  lifespan=lifespan)
    app.include_router(health.router)
    return app
