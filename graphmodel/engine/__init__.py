"""Choosing and connecting the graph engine: the only module that knows there are two.

`open_graph(settings)` returns a connected `Graph` for Neo4j when `NEO4J_URI`
is set, else for the embedded ArcadeDB engine, which it starts if needed
(reporting that through `notify`). `current_graph()` is the process's single
graph, shared with neomodel; `close_current_graph()` releases it and stops an
engine this process started for itself. `supervise(graph, settings)` keeps a
long-running process's embedded engine up (see `supervisor.py`).
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Callable

from neomodel import db as neomodel_db
from neomodel import get_config as neomodel_config

from graphmodel.engine.embedded import READER_USER, ROOT_USER, EmbeddedEngine, EngineState
from graphmodel.engine.errors import EngineError, ReadOnlyViolation
from graphmodel.engine.graph import EngineDescription, Graph
from graphmodel.engine.supervisor import EngineSupervisor
from graphmodel.graph_version import graph_version
from graphmodel.settings import EMBEDDED_DATABASE, Settings, get_settings

__all__ = [
    "EngineDescription", "EngineError", "Graph", "ReadOnlyViolation", "close_current_graph",
    "current_graph", "embedded_engine", "embedded_graph", "open_graph", "set_current_graph", "supervise",
]

Notify = Callable[[str], None]

EMBEDDED = "embedded ArcadeDB"
NEO4J = "Neo4j"


def _silent(_: str) -> None:
    return None


def embedded_engine(settings: Settings) -> EmbeddedEngine:
    return EmbeddedEngine(
        settings.data_dir,
        database=EMBEDDED_DATABASE,
        bolt_port=settings.bolt_port,
        http_port=settings.http_port,
        java_heap=settings.java_heap,
        start_timeout=settings.start_timeout,
        command_timeout=settings.engine_command_timeout,
    )


def open_graph(settings: Settings, *, notify: Notify = _silent) -> Graph:
    """Connect to the configured engine, starting the embedded one if it is not running."""
    graph = _open_neo4j(settings) if settings.neo4j_uri else _open_embedded(settings, notify)
    graph.verify()
    graph.shared_version = graph_version(settings)
    return graph


def _open_neo4j(settings: Settings) -> Graph:
    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
    reader_auth = None
    if settings.neo4j_reader_username and settings.neo4j_reader_password:
        reader_auth = (settings.neo4j_reader_username, settings.neo4j_reader_password.get_secret_value())
    return Graph(
        engine=NEO4J,
        uri=settings.neo4j_uri or "",
        auth=(settings.neo4j_username, password),
        reader_auth=reader_auth,
        database=settings.neo4j_database,
    )


def _open_embedded(settings: Settings, notify: Notify) -> Graph:
    engine = embedded_engine(settings)
    state, started = engine.start(detached=False)
    if started:
        notify(f"Started the embedded engine for this command (Bolt {state.bolt_uri}, data {engine.data_dir}).")
        atexit.register(engine.stop_if_owned_by, os.getpid())
    elif not state.detached and state.owner_pid != os.getpid():
        notify(
            f"Using the embedded engine started by govgraph process {state.owner_pid}; it stops when "
            "that process ends. `govgraph db start` keeps one running."
        )
    return embedded_graph(engine, state)


def embedded_graph(engine: EmbeddedEngine, state: EngineState) -> Graph:
    """A graph on the running embedded engine `state`: root for writes, the engine's reader for reads."""
    return Graph(
        engine=EMBEDDED,
        uri=state.bolt_uri,
        auth=(ROOT_USER, engine.password()),
        reader_auth=(READER_USER, engine.reader_password()),
        database=EMBEDDED_DATABASE,
        data_dir=str(engine.data_dir),
    )


def supervise(graph: Graph, settings: Settings) -> EngineSupervisor | None:
    """Watch the embedded engine `graph` uses, restarting it if this process owns it; None for Neo4j.

    A Neo4j server is someone else's to restart, and the driver finds it again by itself.
    """
    if not settings.uses_embedded_engine:
        return None
    engine = embedded_engine(settings)

    def connect(state: EngineState) -> None:
        # Read again: the password may have been reset while the engine was down.
        graph.reconnect(state.bolt_uri, (ROOT_USER, engine.password()), (READER_USER, engine.reader_password()))
        if graph is _current:
            set_current_graph(graph)

    supervisor = EngineSupervisor(engine, connect, on_down=graph.mark_down)
    graph.on_unstoppable = supervisor.restart_unstoppable
    return supervisor.start()


_current: Graph | None = None


def set_current_graph(graph: Graph) -> Graph:
    """Make `graph` the process's graph and neomodel's connection (one driver for both)."""
    global _current
    _current = graph
    neomodel_config().database_name = graph.database
    neomodel_db.set_connection(driver=graph.driver)
    return graph


def current_graph(*, notify: Notify = _silent) -> Graph:
    """The process's graph, opened on first use from the settings."""
    if _current is None:
        return set_current_graph(open_graph(get_settings(), notify=notify))
    return _current


def close_current_graph() -> None:
    """Close the shared driver and stop an engine this process started for itself."""
    global _current
    if _current is None:
        return
    _current.close()
    _current = None
    if get_settings().uses_embedded_engine:
        embedded_engine(get_settings()).stop_if_owned_by(os.getpid())
