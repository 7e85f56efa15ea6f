"""`govgraph path`: the contact path from a programme area to municipalities, people or units, hop by hop."""

from __future__ import annotations

import typer
from rich.markup import escape

from cypher.contact_path import PathAnswer, PathError, PathOptions, Route, contact_paths
from cypher.output import LANG_OPTION, print_json, speak
from cypher.params import QueryParameterError
from cypher.query_options import JSON_OPTION, QueryOptions, at_option
from cypher.route_index import route_index
from graphmodel.cli.common import open_graph_for_command, out
from graphmodel.documents import cite, name_citations
from graphmodel.messages import text


def path_command(
    source: str = typer.Argument(..., metavar="FROM",
                                 help="id of an NPO, RPO, LPO, NSG, other group, or knowledge area"),
    targets: list[str] = typer.Argument(..., metavar="TO...",
                                        help="ids of municipalities, people or units; a county, region or "
                                             "healthcare region means each of its municipalities"),
    at: str | None = at_option(),
    exclude_kind: list[str] = typer.Option([], "--exclude-kind", help="never pass through nodes of this kind"),
    exclude_edge: list[str] = typer.Option([], "--exclude-edge", help="never follow this relation type"),
    as_json: bool = JSON_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Trace how guidance travels from FROM to each target, and explain every hop.

    The route follows 003, "Uppdrag som kommunal representant i LPO/LAG"
    (Region Örebro län): down the programme structure (NPO → RPO →
    LPO → LAG), then through the municipal representative, their contact
    person at Välfärd och folkhälsa, the network and its key person for the
    municipality. Only memberships and groups valid on --at count. Where that
    route is broken, the answer says why and shows a fallback through the
    people the documents name (marked as fallback). Exit status 0 when every
    target is reached, 1 when some is not."""
    speak(lang)
    shared = QueryOptions.from_command(at=at, as_json=as_json)
    options = PathOptions(shared.day, frozenset(exclude_kind), frozenset(exclude_edge))
    graph = open_graph_for_command()
    try:
        answer = contact_paths(route_index(graph), source, targets, options)
    except (PathError, QueryParameterError) as error:
        raise typer.BadParameter(str(error), param_hint=_hint(error.parameter)) from error
    if as_json:
        print_json(answer.as_json())
    else:
        _print_answer(answer)
    if not all(route.found for route in answer.routes):
        raise typer.Exit(1)


def _hint(parameter: str) -> str:
    return {"from": "FROM", "to": "TO", "exclude_kinds": "--exclude-kind",
            "exclude_edges": "--exclude-edge"}.get(parameter, parameter)


def _print_answer(answer: PathAnswer) -> None:
    for route in answer.routes:
        heading = text("path.heading", source=f"[bold]{escape(answer.source.label())}",
                       target=f"{escape(route.target.label())}[/]", at=answer.at.isoformat(), status=_status(route))
        out.print(heading)
        for reason in route.reasons:
            out.print(f"  [yellow]{text('path.why')}[/] {reason}")
        for number, hop in enumerate(route.hops, start=1):
            marker = "".join(f"\n     [magenta]{escape(name_citations(remark))}[/]" for remark in hop.remarks)
            source = f" [dim]({escape(cite(hop.document))})[/]" if hop.document else ""
            out.print(f"  {number}. {hop.explanation()}{source}{marker}")
        if route.people():
            out.print(f"  [dim]{escape(text('path.people', people=', '.join(route.people())))}[/]")


def _status(route: Route) -> str:
    if not route.found:
        return f"[red]{text('path.none')}[/]"
    return f"[magenta]{text('path.fallback')}[/]" if route.fallback else f"[green]{text('path.documented')}[/]"
