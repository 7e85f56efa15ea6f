"""Reading a chart's cells: an `.xlsx` workbook, or a folder of `.csv` files, into text rows.

Nothing is interpreted here beyond turning every cell into the text a person
sees in the spreadsheet (dates as YYYY-MM-DD, whole numbers without `.0`):
`validate.py` decides what the text means. CSV files are read the way Swedish
spreadsheet programs save them: `;` or `,` (or tab) between cells, UTF-8 with
or without a byte-order mark, or Windows-1252.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from importers.gc_pause import without_cyclic_gc
from importers.chart import SHEETS

HEADER_ROW = 1
DELIMITERS = (";", ",", "\t")
UTF8_BOM = b"\xef\xbb\xbf"


class WorkbookError(ValueError):
    """The workbook cannot be opened at all (missing, not a workbook, unreadable)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as a spreadsheet user would find it.

    `row` is the row number the spreadsheet shows (header = 1), None for a
    problem with the whole sheet; `column` is None for a problem with the
    whole row. `where` is how the sheet is named to the user: `units.csv`,
    or `chart.xlsx, sheet units`.
    """

    sheet: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    where: str = ""

    def __str__(self) -> str:
        parts = [self.where or self.sheet]
        if self.row is not None:
            parts.append(f"row {self.row}")
        location = " ".join(parts)
        if self.column is not None:
            location += f", column {self.column}"
        return f"{location}: {self.message}"


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number in the spreadsheet and its non-empty cells by column name."""

    number: int
    cells: dict[str, str]


@dataclass
class Sheet:
    name: str
    where: str
    header: tuple[str, ...]
    rows: list[SheetRow] = field(default_factory=list)


@dataclass
class Workbook:
    """The sheets found at a path, by chart sheet name, and what was wrong with finding them."""

    path: Path
    sheets: dict[str, Sheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.path.stem if self.path.suffix else self.path.name


@without_cyclic_gc
def read_workbook(path: Path) -> Workbook:
    """Read an `.xlsx` workbook or a folder of `.csv` files; a missing required sheet is a problem."""
    path = Path(path)
    if not path.exists():
        raise WorkbookError(f"{path}: no such file or folder")
    if path.is_dir():
        workbook = Workbook(path, _csv_sheets(path))
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        workbook = Workbook(path, _xlsx_sheets(path))
    else:
        raise WorkbookError(f"{path}: expected an .xlsx workbook or a folder of .csv files")
    workbook.problems.extend(_missing_sheets(workbook))
    return workbook


def _missing_sheets(workbook: Workbook) -> list[Problem]:
    folder = workbook.path.is_dir()
    problems = []
    for spec in SHEETS:
        if spec.name in workbook.sheets or spec.optional_sheet:
            continue
        where = f"{spec.name}.csv" if folder else f"{workbook.path.name}, sheet {spec.name}"
        what = f"file {spec.name}.csv is missing from {workbook.path}" if folder else (
            f"sheet '{spec.name}' is missing from {workbook.path.name}")
        problems.append(Problem(spec.name, None, None, None, what, where))
    return problems


def _chart_sheet_name(name: str) -> str | None:
    wanted = name.strip().casefold()
    return next((spec.name for spec in SHEETS if spec.name == wanted), None)


# -- xlsx -------------------------------------------------------------------------------------
def _xlsx_sheets(path: Path) -> dict[str, Sheet]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise WorkbookError(f"{path}: not a readable .xlsx workbook ({error})") from error
    try:
        sheets = {}
        for worksheet in book.worksheets:
            name = _chart_sheet_name(worksheet.title)
            if name is not None:
                where = f"{path.name}, sheet {worksheet.title}"
                sheets[name] = _sheet_from_rows(name, where, worksheet.iter_rows(values_only=True))
        return sheets
    finally:
        book.close()


def cell_text(value: object) -> str:
    """A cell as the text the spreadsheet shows: dates ISO, 1880.0 as 1880, booleans yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# -- csv --------------------------------------------------------------------------------------
def _csv_sheets(folder: Path) -> dict[str, Sheet]:
    sheets = {}
    for file in sorted(folder.iterdir()):
        if file.suffix.lower() != ".csv":
            continue
        name = _chart_sheet_name(file.stem)
        if name is not None:
            sheets[name] = _sheet_from_rows(name, file.name, _csv_rows(file), to_text=str.strip)
    return sheets


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252."""
    if data.startswith(UTF8_BOM):
        return data[len(UTF8_BOM):].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The separator used in the header line: whichever of `;`, `,` and tab occurs most."""
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count)


def _csv_rows(file: Path) -> list[list[str]]:
    try:
        text = decode_csv(file.read_bytes())
    except OSError as error:
        raise WorkbookError(f"{file}: cannot be read ({error.strerror or error})") from error
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))


# -- shared -----------------------------------------------------------------------------------
def _sheet_from_rows(name: str, where: str, rows, to_text=cell_text) -> Sheet:
    """The first row is the header; blank rows are skipped but keep their numbers.

    `to_text` turns a cell into its text: `cell_text` for typed spreadsheet
    cells, plain `str.strip` for CSV, whose cells are text already (and many).
    """
    header: tuple[str, ...] | None = None
    sheet = Sheet(name, where, ())
    for number, values in enumerate(rows, start=HEADER_ROW):
        texts = [to_text(value) for value in values]
        if header is None:
            header = tuple(text.strip().casefold() for text in texts)
            while header and not header[-1]:
                header = header[:-1]
            sheet.header = header
            continue
        cells = {column: text for column, text in zip(header, texts, strict=False) if column and text}
        if cells:
            sheet.rows.append(SheetRow(number, cells))
    return sheet
