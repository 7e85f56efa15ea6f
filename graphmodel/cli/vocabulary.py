"""`govgraph vocabulary`: the model's words, as accepted in spreadsheets and the API."""

from __future__ import annotations

import typer
from rich.table import Table

from graphmodel.cli.common import out
from graphmodel.model import EDGE_CLASSES, EDGE_KINDS, LEVELS, NODE_KINDS, ROLES
from graphmodel.vocabulary import MANDATE_PARTS, MEASURE_SCOPES, TermTable


def _table(title: str, terms: TermTable, extra: dict[str, str] | None = None) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("key", "English", "Swedish", "also accepted"):
        table.add_column(column)
    if extra is not None:
        table.add_column("family")
    for term in terms.terms:
        row = [term.key, term.en, term.sv, ", ".join(term.aliases)]
        if extra is not None:
            row.append(extra[term.key])
        table.add_row(*row)
    return table


def vocabulary_command(
    part: str = typer.Argument("all", help="kinds, relations, roles, levels, parts, scopes or all"),
) -> None:
    """List node kinds, relation types, roles and levels, in English and Swedish."""
    families = {key: cls.family for key, cls in EDGE_CLASSES.items()}
    tables = {
        "kinds": _table("Node kinds (units.kind)", NODE_KINDS),
        "relations": _table("Relation types (relations.type)", EDGE_KINDS, families),
        "roles": _table("Membership roles (memberships.role)", ROLES),
        "levels": _table("Levels (units.level)", LEVELS),
        "parts": _table("Parts in a decision (mandates.part)", MANDATE_PARTS),
        "scopes": _table("Measure scopes of decision matters (units.measure_scope)", MEASURE_SCOPES),
    }
    if part != "all" and part not in tables:
        raise typer.BadParameter(f"unknown part '{part}'; choose from {', '.join(tables)} or all", param_hint="PART")
    for name, table in tables.items():
        if part in ("all", name):
            out.print(table)
