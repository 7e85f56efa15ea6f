"""`govgraph db ...`: start, stop and inspect the engine, and install the schema."""

from __future__ import annotations

import typer

from graphmodel.cli.common import note, open_graph_for_command, out
from graphmodel.engine import EMBEDDED, EngineError, embedded_engine, open_graph
from graphmodel.schema import install_schema
from graphmodel.settings import get_settings

db_app = typer.Typer(help="Manage the graph engine: the embedded one, or report on Neo4j.", no_args_is_help=True)


def _embedded_only(action: str) -> None:
    if not get_settings().uses_embedded_engine:
        raise EngineError(f"`db {action}` manages the embedded engine; NEO4J_URI points at a Neo4j server")


@db_app.command("start")
def start() -> None:
    """Start the embedded engine in the background; it keeps running until `govgraph db stop`."""
    _embedded_only("start")
    engine = embedded_engine(get_settings())
    state, started = engine.start(detached=True)
    if not started:
        out.print(f"The embedded engine is already running (pid {state.pid}, Bolt {state.bolt_uri}); nothing to do.")
        return
    out.print(f"Started the embedded engine (pid {state.pid}, Bolt {state.bolt_uri}, data {engine.data_dir}).")


@db_app.command("stop")
def stop() -> None:
    """Stop the embedded engine; its data stays in the data directory."""
    _embedded_only("stop")
    engine = embedded_engine(get_settings())
    if engine.stop():
        out.print(f"Stopped the embedded engine (data kept in {engine.data_dir}).")
    else:
        out.print("The embedded engine is not running; nothing to do.")


@db_app.command("status")
def status() -> None:
    """Show which engine is configured, whether it runs, its Bolt address and data directory."""
    settings = get_settings()
    if not settings.uses_embedded_engine:
        description = open_graph(settings).describe()
        out.print(f"engine: Neo4j\nstatus: reachable\nbolt: {description.uri}\ndatabase: {description.database}\n"
                  f"server: {description.server_agent} (Bolt {description.bolt_protocol})")
        return
    engine = embedded_engine(settings)
    state = engine.running()
    lines = [f"engine: {EMBEDDED}", f"status: {'running' if state else 'stopped'}"]
    if state:
        lines += [f"pid: {state.pid}", f"bolt: {state.bolt_uri}", f"http: http://127.0.0.1:{state.http_port}",
                  f"kept running by: {'govgraph db start' if state.detached else f'govgraph process {state.owner_pid}'}"]
    lines.append(f"data directory: {engine.data_dir}")
    out.print("\n".join(lines))


@db_app.command("init")
def init() -> None:
    """Install the model's constraints and indexes (safe to run again); starts the engine if needed."""
    graph = open_graph_for_command()
    items = install_schema(graph)
    unique = sum(item.unique for item in items)
    out.print(f"Schema installed on {graph.engine} ({graph.uri}): {unique} constraint(s), "
              f"{len(items) - unique} index(es).")


@db_app.command("reset-password")
def reset_password() -> None:
    """Replace a lost or corrupt embedded-engine password; the data is kept. The engine must be stopped."""
    _embedded_only("reset-password")
    engine = embedded_engine(get_settings())
    engine.reset_password()
    note("A new password is generated at the next start.")
    out.print(f"Password reset for {engine.data_dir}.")
