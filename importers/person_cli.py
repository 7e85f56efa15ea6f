"""`govgraph person erase ID`: erase a person on request, after showing what goes.

Without `--yes` the command is a dry run: it prints what would be removed and
writes nothing. Exit 0 on success (or a dry run), 2 for an unknown id or a
node that is not a person.
"""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from cypher.explain import iso, role_words
from cypher.output import print_json
from cypher.params import UnknownId
from graphmodel.cli.common import open_graph_for_command, out
from importers.erase import ErasureReport, NotAPerson, Vacancy, erase_person, preview_erasure

person_app = typer.Typer(help="Personal data about people in the graph.", no_args_is_help=True)


@person_app.command("erase")
def erase_command(
    uid: str = typer.Argument(..., metavar="ID", help="the person's id, e.g. person:johanna-rask"),
    yes: bool = typer.Option(False, "--yes", help="erase; without it, only show what would be removed"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
) -> None:
    """Erase a person, every edge touching them and their id on other edges, in one transaction."""
    graph = open_graph_for_command()
    try:
        report = erase_person(graph, uid) if yes else preview_erasure(graph, uid)
    except (UnknownId, NotAPerson) as error:
        raise typer.BadParameter(error.reason, param_hint="ID") from None
    if as_json:
        print_json(report.as_json())
    else:
        print_report(report)


def print_report(report: ErasureReport) -> None:
    person = escape(f"{report.person.name} ({report.person.uid})")
    verb = "removed" if report.erased else "would remove"
    out.print(f"[bold]{'Erased' if report.erased else 'Dry run: erasing'}[/] {person} {verb} "
              f"{report.edges_total} edge(s):")
    for rel_type, count in report.edges.items():
        if count:
            out.print(f"  {rel_type}: {count}")
    if report.memberships:
        out.print(_memberships_table(report))
    if report.chairs:
        out.print(_vacancies_table(report.chairs, "Groups that lose their chair", "group", "now without a chair"))
    if report.posts:
        out.print(_vacancies_table(report.posts, "Posts the person held", "post", "now without a holder"))
    if report.id_references:
        out.print(f"{report.id_references} other membership(s) name the person as appointer or as represented; "
                  f"that id {'was' if report.erased else 'would be'} cleared from them.")
    if not report.erased:
        out.print("Nothing was written; run again with --yes to erase.")


def _memberships_table(report: ErasureReport) -> Table:
    table = Table(title=f"Groups that lose a member (current on {report.on})", title_justify="left")
    for column in ("group", "role", "start", "end", "current"):
        table.add_column(column)
    for membership in report.memberships:
        for role, tenure in membership.roles:
            table.add_row(membership.group.label(), role_words(role), iso(tenure.start) or "",
                          iso(tenure.end) or "", "yes" if tenure.current else "no")
    return table


def _vacancies_table(vacancies: tuple[Vacancy, ...], title: str, node_column: str, vacant_column: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in (node_column, "start", "end", "current", vacant_column):
        table.add_column(column)
    for vacancy in vacancies:
        tenure = vacancy.tenure
        table.add_row(vacancy.node.label(), iso(tenure.start) or "", iso(tenure.end) or "",
                      "yes" if tenure.current else "no", "yes" if vacancy.left_vacant else "no")
    return table
