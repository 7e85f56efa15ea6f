"""The `govgraph` console command: every layer's commands in one table, each imported only when run.

The table is the one place that knows all layers, so it sits above them. A command's module (and the
engine driver, pandas, FastAPI behind it) is imported when that command runs or shows its own help;
`govgraph --help` and a mistyped command need nothing but this table.
"""

from __future__ import annotations

import importlib
import signal
import sys
from dataclasses import dataclass

import typer
import typer.core
import typer.main
from typer import _click as click  # the click Typer ships and builds its commands on


@dataclass(frozen=True)
class CommandEntry:
    """A command: where it lives (`module:attribute`, a Typer app or a function) and its one-line help."""

    name: str
    target: str
    summary: str

    def load(self) -> click.Command:
        module_name, attribute = self.target.split(":")
        found = getattr(importlib.import_module(module_name), attribute)
        if isinstance(found, typer.Typer):
            return typer.main.get_group(found)
        single = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
        single.command(self.name)(found)
        return typer.main.get_command(single)


# In the order `govgraph --help` lists them; a test holds each summary to the command's own help.
COMMANDS: tuple[CommandEntry, ...] = (
    CommandEntry("vocabulary", "graphmodel.cli.vocabulary:vocabulary_command",
                 "List node kinds, relation types, roles and levels, in English and Swedish."),
    CommandEntry("import", "importers.cli:import_command",
                 "Import an organisation chart (units, people, memberships, relations, mandates); all or nothing."),
    CommandEntry("export", "importers.export_cli:export_command", "Export the graph, or part of it."),
    CommandEntry("serve", "api.cli:serve_command",
                 "Serve the HTTP API (/api/v1, documented at /docs) and the explorer (/); starts the embedded "
                 "engine and loads the reference data if needed."),
    CommandEntry("query", "cypher.cli:query_command",
                 "Run a query of the library in cypher/ by name, read-only, on the configured engine."),
    CommandEntry("check", "cypher.checks_cli:check_command",
                 "Check the graph against the documents' rules; exit 1 when any finding is an error."),
    CommandEntry("gaps", "cypher.checks_cli:gaps_command",
                 "Show gaps in coverage: NPOs without an RPO or LPO, municipalities no representative reaches, "
                 "people who have left but still stand on a route."),
    CommandEntry("chain", "cypher.chain_cli:chain_command",
                 "To whom a body reports, and on up: the region's governance and the national mirrors."),
    CommandEntry("represented", "cypher.chain_cli:represented_command",
                 "Where a municipality, region, county or person is represented: in which bodies, by whom, "
                 "in which role."),
    CommandEntry("diff", "cypher.chain_cli:diff_command",
                 "What changed between two days: groups and edges that started or ended, and bodies renamed."),
    CommandEntry("path", "cypher.path_cli:path_command",
                 "Trace how guidance travels from FROM to each target, and explain every hop."),
    CommandEntry("decide", "cypher.decision_cli:decide_command",
                 "Who decides a measure, and by which route, read from the decision matters' mandates in the graph."),
    CommandEntry("viz", "api.viz_cli:viz_command",
                 "Write a drawing as a standalone HTML file that opens with no internet connection."),
    CommandEntry("backup", "govgraph.backup_cli:backup_command",
                 "Back up the whole graph into FILE: every node and relationship, and the audit log."),
    CommandEntry("restore", "govgraph.backup_cli:restore_command",
                 "Restore a backup into an empty graph (or, with --force, in place of what it holds); "
                 "all or nothing."),
    CommandEntry("db", "graphmodel.cli.db:db_app",
                 "Manage the graph engine: the embedded one, or report on Neo4j."),
    CommandEntry("person", "importers.person_cli:person_app", "Personal data about people in the graph."),
    CommandEntry("load", "importers.cli:load_app", "Load built-in data into the graph."),
    CommandEntry("keys", "api.keys_cli:keys_app", "Create, list and revoke API keys (stored hashed)."),
)
COMMAND_BY_NAME = {entry.name: entry for entry in COMMANDS}
HELP = ("The Swedish health-care knowledge-governance structure as a graph: who reports to whom, who represents "
        "whom, who may decide what. Uses Neo4j when NEO4J_URI is set, else an embedded engine in your data "
        "directory (GOVGRAPH_DATA_DIR).")


class LazyCommands(typer.core.TyperGroup):
    """A command group that imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [entry.name for entry in COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMAND_BY_NAME.get(cmd_name)
        if entry is None:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = entry.load()
        return self.commands[cmd_name]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Click's plain layout from the table: the rich one would import every command to read its help.
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_options(ctx, formatter)
        with formatter.section("Commands"):
            formatter.write_dl([(entry.name, entry.summary) for entry in COMMANDS])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for row in (parameter.get_help_record(ctx) for parameter in self.get_params(ctx)) if row]
        if rows:
            with formatter.section("Options"):
                formatter.write_dl(rows)


app = LazyCommands(name="govgraph", help=HELP, no_args_is_help=True)


def _exit_cleanly_on_sigterm() -> None:
    # Python's default SIGTERM skips atexit; turning it into SystemExit lets us stop an owned engine.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def main() -> None:
    _exit_cleanly_on_sigterm()
    try:
        app.main(prog_name="govgraph")
    except Exception as error:
        failure = _known_failure(error)
        if failure is None:
            raise
        from graphmodel.cli.common import console_error

        exit_code, message = failure
        console_error(message)
        sys.exit(exit_code)
    finally:
        _close_graph()


def _known_failure(error: Exception) -> tuple[int, str] | None:
    """An engine or configuration error as (exit code, message); None for anything else.

    Only a command that opened the engine or read the settings can raise these, and it imported their
    modules to do so: a module that is not loaded cannot have raised its error.
    """
    engine = sys.modules.get("graphmodel.engine")
    if engine is not None and isinstance(error, engine.EngineError):
        return 1, str(error)
    pydantic = sys.modules.get("pydantic")
    if pydantic is not None and isinstance(error, pydantic.ValidationError):
        return 2, f"configuration: {_first_problem(error)}"
    return None


def _first_problem(error) -> str:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem.get("loc", ())) or "settings"
    return f"{where}: {problem.get('msg')}"


def _close_graph() -> None:
    engine = sys.modules.get("graphmodel.engine")
    if engine is not None:
        engine.close_current_graph()
