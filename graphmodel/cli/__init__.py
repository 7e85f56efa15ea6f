"""The `govgraph` console command: one Typer app, a sub-app per area."""

from __future__ import annotations

import signal
import sys

import typer
from pydantic import ValidationError

from graphmodel.cli.common import console_error
from graphmodel.cli.db import db_app
from graphmodel.cli.vocabulary import vocabulary_command
from graphmodel.engine import EngineError, close_current_graph

app = typer.Typer(
    name="govgraph",
    help="The Swedish health-care knowledge-governance structure as a graph: who reports to whom, "
         "who represents whom, who may decide what. Uses Neo4j when NEO4J_URI is set, else an embedded "
         "engine in your data directory (GOVGRAPH_DATA_DIR).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db_app, name="db")
app.command("vocabulary")(vocabulary_command)


def _register_optional_commands() -> None:
    """Commands of the other packages hook in here, so the core has no import cycle with them."""
    from graphmodel.cli import extensions

    extensions.register(app)


def _exit_cleanly_on_sigterm() -> None:
    # Python's default SIGTERM skips atexit; turning it into SystemExit lets us stop an owned engine.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def main() -> None:
    _exit_cleanly_on_sigterm()
    _register_optional_commands()
    try:
        app()
    except EngineError as err:
        console_error(str(err))
        sys.exit(1)
    except ValidationError as err:
        console_error(f"configuration: {_first_problem(err)}")
        sys.exit(2)
    finally:
        close_current_graph()


def _first_problem(err: ValidationError) -> str:
    problem = err.errors()[0]
    where = ".".join(str(part) for part in problem.get("loc", ())) or "settings"
    return f"{where}: {problem.get('msg')}"
