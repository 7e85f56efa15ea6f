"""How the query commands print: a table for people, JSON or CSV for programs, in Swedish or English.

Every command of the query library takes `--json` and, where its answer is a
table, `--csv` (declared in `cypher.query_options`); the JSON is the same
document the API returns. The commands that answer in sentences take `--lang`
(Swedish by default, as the explorer): the sentences and a table's headings
and title are the message catalogue's; JSON keys and CSV column names stay
as they are, for programs.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

import typer
from rich.table import Table

from graphmodel.cli.common import out
from graphmodel.messages import LANGUAGES, MESSAGES, SWEDISH, set_language, text

LANG_OPTION = typer.Option(SWEDISH, "--lang", help="the language of the answer's sentences: sv or en")


def speak(lang: str) -> None:
    """Answer in `lang` for the rest of the command; a language govgraph does not speak is refused as --lang."""
    if lang not in LANGUAGES:
        raise typer.BadParameter(text("language.unknown", asked=lang), param_hint="--lang")
    set_language(lang)


def heading(column: str) -> str:
    """A table column's heading in the current language (`column.<name>`); a column without one by its name."""
    key = f"column.{column}"
    return text(key) if key in MESSAGES else column


def print_json(document: Any) -> None:
    # Plain stdout, not rich: the output is for programs and must be exactly JSON.
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def cell_text(value: Any, yes_no: tuple[str, str] = ("yes", "no")) -> str:
    """A value as a cell: a CSV's for programs by default, a table's for people with `yes_no` in their language."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(item, yes_no) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def print_csv(columns: Sequence[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(column)) for column in columns])


def print_table(columns: Sequence[str], rows: list[dict[str, Any]], title: str | None = None) -> None:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(heading(column))
    yes_no = (text("words.yes"), text("words.no"))
    for row in rows:
        table.add_row(*(cell_text(row.get(column), yes_no) for column in columns))
    out.print(table)
    out.print(f"[dim]{text('output.row') if len(rows) == 1 else text('output.rows', count=len(rows))}[/]")


def print_rows(fmt: str, columns: Sequence[str], rows: list[dict[str, Any]], document: Any,
               title: str | None = None) -> None:
    """Rows in the chosen format; `document` is what --json prints."""
    if fmt == "json":
        print_json(document)
    elif fmt == "csv":
        print_csv(columns, rows)
    else:
        print_table(columns, rows, title)
