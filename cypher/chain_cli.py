"""`govgraph chain`, `govgraph represented` and `govgraph diff`: reporting chains, representation, change."""

from __future__ import annotations

import typer

from cypher.chain import NotAChainStart, UnknownNode, chain_table, reporting_chain
from cypher.changes import COLUMNS as CHANGE_COLUMNS
from cypher.changes import changes_between
from cypher.explain import role_words
from cypher.output import LANG_OPTION, print_rows, speak
from cypher.params import QueryParameterError
from cypher.query_options import CSV_OPTION, JSON_OPTION, QueryOptions, at_option, region_option
from cypher.representation import representation
from graphmodel.cli.common import note, open_graph_for_command
from graphmodel.messages import text


def chain_command(
    uid: str = typer.Argument(..., metavar="ID", help="a body (lag:..., lpo:...), or a person or post"),
    at: str | None = at_option(),
    as_json: bool = JSON_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """To whom a body reports, and on up: the region's governance and the national mirrors.

    Follows reports-to, part-of, prepares-for and escalates-to (the region's
    governance: LAG -> LPO -> RMKS -> management groups, or LAG ->
    Kunskapsstödsgruppen -> Utvecklingsenheten -> VLS -> the administration)
    and mirrors (LPO -> RPO -> NPO), with only the bodies and edges valid on
    --at, each named as it was then. A person or post gets the chains of the
    bodies they sit in that day (directly, or through a post they hold),
    each opened by the membership. A body that did not exist on --at has no
    chain, and the answer says when it did. Sentences in Swedish unless --lang en."""
    speak(lang)
    options = QueryOptions.from_command(at=at, as_json=as_json)
    day = options.day.isoformat()
    graph = open_graph_for_command()
    try:
        answer = reporting_chain(graph, uid, day)
    except (UnknownNode, NotAChainStart) as error:
        raise typer.BadParameter(str(error), param_hint="ID") from error
    columns, rows = chain_table(answer)
    rows = [{**row, "branch": text(f"branch.{row['branch']}")} for row in rows] if options.format == "table" else rows
    if not as_json:
        for line in [hop.explanation() for hop in answer.memberships] + [answer.message or ""]:
            if line:
                note(line)
        if not rows:
            return
    print_rows(options.format, columns, rows, answer.as_json(),
               title=text("chain.title", subject=answer.subject.label(), at=day))


def represented_command(
    uid: str = typer.Argument(..., metavar="ID", help="a municipality, region, county, person or post"),
    at: str | None = at_option(),
    all_time: bool = typer.Option(False, "--all", help="every membership, past and future (ignores --at)"),
    as_json: bool = JSON_OPTION,
    as_csv: bool = CSV_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Where a municipality, region, county or person is represented: in which bodies, by whom, in which role.

    A municipality: memberships that list it (alone or with the county's
    other municipalities) or its county. A region: memberships that list it
    or its healthcare region. A county: memberships that list it or any of
    its municipalities. A person or post: every body they sit in (directly,
    or ex officio through a post they hold), whom they represent, since and
    until when. Sentences in Swedish unless --lang en."""
    speak(lang)
    options = QueryOptions.from_command(at=at, as_json=as_json, as_csv=as_csv)
    day = None if all_time else options.day.isoformat()
    graph = open_graph_for_command()
    try:
        answer = representation(graph, uid, day)
    except (UnknownNode, NotAChainStart) as error:
        raise typer.BadParameter(str(error), param_hint="ID") from error
    title = text("represented.title_always", subject=answer.subject.label()) if day is None else \
        text("represented.title_on", subject=answer.subject.label(), at=day)
    rows = answer.rows()
    if options.format == "table":
        rows = [{**row, "role": role_words(row["role"])} for row in rows]
    print_rows(options.format, answer.columns(), rows, answer.as_json(), title=title)


def diff_command(
    start: str = typer.Option(..., "--from", help="the first day (YYYY-MM-DD), included"),
    end: str = typer.Option(..., "--to", help="the last day (YYYY-MM-DD), included"),
    region: str | None = region_option(),
    as_json: bool = JSON_OPTION,
    as_csv: bool = CSV_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """What changed between two days: groups and edges that started or ended, and bodies renamed.

    Edges are memberships, reporting, communication, mandates and the rest;
    a rename shows the old and the new name. With --region, only nodes that
    belong to that territory (or to a county the region serves) and edges
    touching them. Sentences in Swedish unless --lang en."""
    speak(lang)
    options = QueryOptions.from_command(at=None, region=region, as_json=as_json, as_csv=as_csv)
    graph = open_graph_for_command()
    try:
        answer = changes_between(graph, start, end, options.region)
    except QueryParameterError as error:
        raise typer.BadParameter(str(error), param_hint=f"--{error.parameter}") from error
    rows = [_change_for_people(row) for row in answer.rows()] if options.format == "table" else answer.rows()
    title = (text("changes.title_in", start=start, end=end, region=region) if region
             else text("changes.title", start=start, end=end))
    print_rows(options.format, CHANGE_COLUMNS, rows, answer.as_json(), title=title)


def _change_for_people(row: dict) -> dict:
    """A change's codes (started, ended, renamed; node, edge) in words, for the table."""
    return {**row, "change": text(f"change.{row['change']}"), "what": text(f"change.{row['what']}")}
