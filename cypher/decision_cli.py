"""`govgraph decide`: who decides a measure, who is informed, endorses, prepares or recommends, and the route.

Exit 0 when someone in the graph has the mandate; exit 3 (with the answer
printed, `"mandated": false` in JSON) when nobody has; exit 2 for a bad option.
"""

from __future__ import annotations

import typer
from rich.table import Table

from cypher.decision_route import (
    DecisionRoute,
    RouteEntry,
    decision_route,
    measure_from_text,
)
from cypher.output import print_json
from cypher.params import QueryParameterError
from graphmodel.cli.common import open_graph_for_command, out

NO_MANDATE_EXIT = 3
_OPTION = {"scope": "--scope", "cost": "--cost", "organisational": "--organisational",
           "within_mandate": "--within-mandate", "political": "--political", "region": "--region", "at": "--at"}
_YES_NO = "yes or no (ja/nej); leave out when it does not matter"


def decide_command(
    scope: str = typer.Option(..., "--scope", help="whose measure: region, municipal or both (Swedish words too)"),
    cost: str | None = typer.Option(None, "--cost", help=f"the measure adds cost: {_YES_NO}"),
    organisational: str | None = typer.Option(None, "--organisational",
                                              help=f"the measure changes the organisation: {_YES_NO}"),
    within_mandate: str | None = typer.Option(None, "--within-mandate",
                                              help=f"fits the operations' remit and budget: {_YES_NO}"),
    political: str | None = typer.Option(None, "--political", help=f"needs a political decision: {_YES_NO}"),
    region: str | None = typer.Option(None, "--region", help="a region, county or municipality id, e.g. region:18"),
    at: str | None = typer.Option(None, "--at", help="the day (YYYY-MM-DD); default today"),
    as_json: bool = typer.Option(False, "--json", help="print the answer as JSON"),
) -> None:
    """Who decides a measure, and by which route, read from the decision matters' mandates in the graph.

    A decision matter covers a measure when its scope matches and each of its
    criteria (cost, organisational change, within mandate, political) matches
    or is unset. Exits 3 when nobody in the graph has the mandate."""
    try:
        measure = measure_from_text(scope, cost=cost, organisational=organisational, within_mandate=within_mandate,
                                    political=political, region=region, at=at)
        answer = decision_route(open_graph_for_command(), measure)
    except QueryParameterError as error:
        raise typer.BadParameter(str(error), param_hint=_OPTION.get(error.parameter, error.parameter)) from error
    if as_json:
        print_json(answer.as_json())
    else:
        print_route(answer)
    if not answer.mandated:
        raise typer.Exit(NO_MANDATE_EXIT)


def print_route(answer: DecisionRoute) -> None:
    out.print(f"[bold]Decision route[/]: {answer.measure.describe()} {answer.where()} "
              f"(on {answer.parameters['at']})")
    for matter in answer.matters:
        table = Table(title=f"{matter.matter.name}  [dim]{matter.source or ''}[/]", title_justify="left")
        for column in ("step", "part", "who", "condition", "source"):
            table.add_column(column)
        for row in _grouped(matter.entries):
            table.add_row(*row)
        out.print(table)
    if answer.mandated:
        out.print(f"[green]{answer.message()}[/]")
        for title, entries in (("Informed / endorses", answer.informed), ("Prepares / recommends", answer.preparing),
                               ("No mandate", answer.no_mandate)):
            if entries:
                out.print(f"{title}: {', '.join(_labels(entries))}")
    else:
        out.print(f"[yellow]{answer.message()}[/]")


def _grouped(entries: tuple[RouteEntry, ...]) -> list[tuple[str, ...]]:
    """One line per step, part, condition and source: the twelve municipalities that decide alike share one."""
    lines: dict[tuple, list[str]] = {}
    for entry in entries:
        key = ("" if entry.step is None else str(entry.step), entry.part_words(), entry.condition or "",
               entry.source or "")
        lines.setdefault(key, []).append(entry.holder.label())
    return [(step, part, ", ".join(who), condition, source) for (step, part, condition, source), who in lines.items()]


def _labels(entries: list[RouteEntry]) -> list[str]:
    return list(dict.fromkeys(entry.holder.label() for entry in entries))
