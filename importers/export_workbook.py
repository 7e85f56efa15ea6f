"""A chart written in the importer's own format: an `.xlsx` workbook or a folder of `.csv` files.

One sheet (or file) per chart sheet, columns in `SheetSpec.columns` order,
every cell the text `format_cell` gives, so what is written reads back as the
same records. The mandates sheet is written even when empty, so two exports
of the same graph always hold the same files.

Stored text never becomes a formula in an export: `.xlsx` cells are typed as
strings (and marked with Excel's quote prefix when they look like formulas,
so editing the cell keeps it text), and CSV cells that a spreadsheet program
would run get a leading `'`, which the CSV reader takes off again (see
`importers.safe_text`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from importers.chart import SHEETS, Chart, SheetSpec, record_cells
from importers.export_files import replace_file
from importers.safe_text import csv_safe, looks_like_formula


def sheet_rows(chart: Chart, sheet: SheetSpec) -> list[list[str]]:
    """The sheet's header and its rows, as cell text."""
    rows = [list(sheet.columns)]
    for record in getattr(chart, sheet.name):
        cells = record_cells(sheet, record)
        rows.append([cells[column] for column in sheet.columns])
    return rows


def write_csv_folder(chart: Chart, folder: Path) -> list[Path]:
    """`<sheet>.csv` for every sheet in `folder` (created if missing); other files there are left alone."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in SHEETS:
        buffer = io.StringIO(newline="")
        rows = ([csv_safe(text) for text in row] for row in sheet_rows(chart, sheet))
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path = folder / f"{sheet.name}.csv"
        replace_file(path, buffer.getvalue().encode("utf-8"))
        written.append(path)
    return written


def write_xlsx(chart: Chart, path: Path) -> Path:
    replace_file(path, xlsx_bytes(chart))
    return path


def xlsx_bytes(chart: Chart) -> bytes:
    """The workbook as the bytes of an `.xlsx` file."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        for row_number, row in enumerate(sheet_rows(chart, sheet), start=1):
            for column_number, text in enumerate(row, start=1):
                _set_text(worksheet.cell(row_number, column_number), text)
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set_text(cell, text: str) -> None:
    if not text:
        return
    cell.value = text
    # openpyxl takes text starting with '=' for a formula; a name or note must stay text.
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True

