"""`govgraph decide`: who decides a measure, who prepares, is consulted, endorses or is informed, and the route.

A criterion left out that separates routes gives every route with its
condition. Exit 0 when someone decides on every route the measure may take;
exit 3 (with the answer printed, `"mandated": false` in JSON) when nobody in
the graph has the mandate or the graph holds no decision rules for the
region; exit 2 for a bad option. The answer reads in Swedish unless `--lang en`;
the documents' own words (a mandate's condition, a matter's wording) are
quoted as they stand.
"""

from __future__ import annotations

import typer
from rich.table import Table

from cypher.decision_route import Alternative, DecisionRoute, RouteEntry, decision_route, measure_from_text
from cypher.output import LANG_OPTION, heading, print_json, speak
from cypher.params import QueryParameterError
from cypher.query_options import JSON_OPTION, QueryOptions, at_option, region_option
from graphmodel.cli.common import open_graph_for_command, out
from graphmodel.messages import text
from graphmodel.vocabulary import MEASURE_CRITERIA, MEASURE_CRITERION_BY_KEY

NO_MANDATE_EXIT = 3
_OPTION = {"scope": "--scope", "region": "--region", "area": "--area", "at": "--at",
           **{criterion.option: criterion.flag for criterion in MEASURE_CRITERIA}}
_YES_NO = "yes or no (ja/nej); when left out and it matters, every route is listed with its condition"


def decide_command(
    scope: str = typer.Option(..., "--scope", help="whose measure: region, municipal or both (Swedish words too)"),
    political: str | None = typer.Option(None, "--political", help=f"needs a political decision: {_YES_NO}"),
    within_mandate: str | None = typer.Option(None, "--within-mandate",
                                              help=f"fits the operations' remit and budget: {_YES_NO}"),
    several_divisions: str | None = typer.Option(None, "--several-divisions",
                                                 help=f"involves several divisions (Region Dalarna): {_YES_NO}"),
    cost: str | None = typer.Option(None, "--cost", help=f"the measure adds cost: {_YES_NO}"),
    organisational: str | None = typer.Option(None, "--organisational",
                                              help=f"the measure changes the organisation: {_YES_NO}"),
    region: str | None = region_option("a region, county or municipality id, e.g. region:18"),
    area: str | None = typer.Option(None, "--area",
                                    help="a knowledge area id, e.g. knowledge-area:psykisk-halsa: only its bodies"),
    at: str | None = at_option(),
    as_json: bool = JSON_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Who decides a measure, and by which route, read from the decision matters' mandates in the graph.

    A decision matter covers a measure when its scope matches and each of its
    criteria matches or is unset. A criterion left out that separates routes
    gives each route with its condition. Exits 3 when nobody in the graph has
    the mandate, or the graph holds no decision rules for the region. Sentences in Swedish unless --lang en."""
    speak(lang)
    shared = QueryOptions.from_command(at=at, region=region, as_json=as_json)
    try:
        measure = measure_from_text(scope, region=shared.region, area=area, at=shared.at_text, cost=cost,
                                    organisational=organisational,
                                    within_mandate=within_mandate, political=political,
                                    several_divisions=several_divisions)
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
    out.print(f"[bold]{text('decision.heading')}[/]: {answer.measure.describe()} {answer.where()} "
              f"{text('decision.on', at=answer.parameters['at'])}")
    if answer.unused_criteria:
        flags = ", ".join(MEASURE_CRITERION_BY_KEY[key].flag for key in answer.unused_criteria)
        out.print(f"[dim]{text('decision.unused', where=answer.where(), flags=flags)}[/]")
    if not answer.alternatives:
        out.print(f"[yellow]{answer.message()}[/]")
        return
    if not answer.determined:
        flags = ", ".join(MEASURE_CRITERION_BY_KEY[key].flag for key in answer.open_criteria())
        out.print(text("decision.depends", flags=flags, count=len(answer.alternatives)))
    for number, alternative in enumerate(answer.alternatives, start=1):
        _print_alternative(answer, alternative, number)


def _print_alternative(answer: DecisionRoute, alternative: Alternative, number: int) -> None:
    lead = "" if answer.determined else f"{number}. {alternative.condition()}: "
    colour = "green" if alternative.mandated else "yellow"
    out.print(f"\n[bold]{lead}[/][{colour}]{alternative.summary(one_municipality=answer.one_municipality)}[/]")
    # Two matters may quote the same sentence (one rule held as two): it is printed once.
    quotes = dict.fromkeys((matter.wording, matter.source or matter.matter.name)
                           for matter in alternative.matters if matter.wording)
    for wording, source in quotes:
        out.print(f"  «{wording}» [dim]({source})[/]")
    names = dict.fromkeys(matter.matter.name for matter in alternative.matters)
    table = Table(title=" / ".join(names), title_justify="left")
    for column in ("step", "part", "who", "condition", "source"):
        table.add_column(heading(column))
    for row in _grouped(alternative.entries):
        table.add_row(*row)
    out.print(table)


def _grouped(entries: list[RouteEntry]) -> list[tuple[str, ...]]:
    """One line per step, part, qualifier, condition and source: the municipalities that decide alike share one."""
    lines: dict[tuple, list[str]] = {}
    for entry in entries:
        key = ("" if entry.step is None else str(entry.step), entry.part_words() + entry.qualifier_words(),
               entry.condition or "", entry.source or "")
        lines.setdefault(key, []).append(entry.holder.label())
    return [(step, part, ", ".join(who), condition, source) for (step, part, condition, source), who in lines.items()]
