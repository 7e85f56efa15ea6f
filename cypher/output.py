"""How the query commands print: a table for people, JSON or CSV for programs.

Every command of the query library takes `--json` and, where its answer is a
table, `--csv` (declared in `cypher.query_options`); the JSON is the same
document the API returns.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from graphmodel.cli.common import out


def print_json(document: Any) -> None:
    # Plain stdout, not rich: the output is for programs and must be exactly JSON.
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(item) for item in value)
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
        table.add_column(column)
    for row in rows:
        table.add_row(*(cell_text(row.get(column)) for column in columns))
    out.print(table)
    out.print(f"[dim]{len(rows)} row{'s' if len(rows) != 1 else ''}[/]")


def print_rows(fmt: str, columns: Sequence[str], rows: list[dict[str, Any]], document: Any,
               title: str | None = None) -> None:
    """Rows in the chosen format; `document` is what --json prints."""
    if fmt == "json":
        print_json(document)
    elif fmt == "csv":
        print_csv(columns, rows)
    else:
        print_table(columns, rows, title)
