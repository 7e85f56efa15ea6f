"""`govgraph query`: list the stored queries, or run one by name with typed parameters."""

from __future__ import annotations

import typer
from rich.table import Table

from cypher import QueryParameterError, UnknownQuery, stored_queries
from cypher.output import LANG_OPTION, heading, print_rows, speak
from cypher.query_options import CSV_OPTION, JSON_OPTION, output_format
from cypher.runner import run_stored_text
from graphmodel.cli.common import open_graph_for_command, out
from graphmodel.messages import text


def query_command(
    name: str | None = typer.Argument(None, help="the stored query to run (see --list)"),
    parameters: list[str] = typer.Option([], "--param", "-p", help="a parameter as key=value; repeat for more"),
    list_queries: bool = typer.Option(False, "--list", help="list the stored queries and their parameters"),
    as_json: bool = JSON_OPTION,
    as_csv: bool = CSV_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Run a query of the library in cypher/ by name, read-only, on the configured engine.

    Parameters are typed as their header declares: dates as YYYY-MM-DD,
    booleans as yes/no, lists as comma-separated values. The same files
    run as they are in Neo4j Browser. The list in Swedish unless --lang en."""
    speak(lang)
    if list_queries or name is None:
        _list_queries()
        return
    fmt = output_format(as_json, as_csv)
    graph = open_graph_for_command()
    try:
        answer = run_stored_text(graph, name, parameters)
    except UnknownQuery as error:
        raise typer.BadParameter(str(error), param_hint="NAME") from error
    except QueryParameterError as error:
        raise typer.BadParameter(str(error), param_hint=f"--param {error.parameter}") from error
    print_rows(fmt, answer.columns, answer.rows, answer.as_json(), title=name)


def _list_queries() -> None:
    table = Table(title=text("queries.title"), title_justify="left")
    for column in ("name", "answers", "parameters"):
        table.add_column(heading(column))
    for stored in stored_queries().values():
        table.add_row(stored.name, stored.question(), "\n".join(param.describe() for param in stored.params))
    out.print(table)
