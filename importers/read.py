"""Reading a chart's cells: an `.xlsx` workbook, or a folder of `.csv` files, into text rows.

Nothing is interpreted here beyond turning every cell into the text a person
sees in the spreadsheet (dates as YYYY-MM-DD, whole numbers without `.0`):
`validate.py` decides what the text means. A formula is read as its own
text (`=HYPERLINK(...)`), never evaluated and never replaced by the result a
spreadsheet program cached. CSV files are read the way Swedish spreadsheet
programs save them (see `importers.csv_text`), with line breaks inside a cell
as `.xlsx` has them (`\n`) and the `'` a CSV export puts before formula-like
text taken off (see `importers.safe_text`).

Hostile files meet limits before they cost memory: a workbook is checked as a
zip archive first (declared and true unpacked sizes, see
`importers.zip_guard`), CSV files may hold `MAX_UNPACKED_BYTES` in all, and a
chart has at most `MAX_ROWS` rows, counted in a streaming pass before a CSV
row is kept (a workbook's rows are counted as they stream). A national chart
has about 70,000 rows, read in about 45 MB.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.formula.tokenizer import TokenizerError
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from importers.chart import SHEETS
from importers.csv_text import CsvTextError, csv_encoding, csv_rows, decode_csv, sniff_delimiter
from importers.gc_pause import without_cyclic_gc
from importers.safe_text import from_csv_cell
from importers.zip_guard import DAMAGED, MAX_UNPACKED_BYTES, ArchiveError, ArchiveTooLarge, verify_members

__all__ = ["MAX_ROWS", "Problem", "Sheet", "SheetRow", "Workbook", "WorkbookError", "WorkbookTooLarge", "cell_text",
           "decode_csv", "read_workbook", "sniff_delimiter"]

HEADER_ROW = 1
MAX_ROWS = 200_000
# What a damaged sheet inside a sound zip archive makes openpyxl raise while it streams the rows.
DAMAGED_SHEET = (*DAMAGED, SyntaxError, ValueError, KeyError, TypeError, IndexError, AttributeError,
                 TokenizerError)


class WorkbookError(ValueError):
    """The workbook cannot be read at all (missing, not a workbook, damaged, too large); names the file."""


class WorkbookTooLarge(WorkbookError):
    """The workbook holds more than a chart can: too many rows or bytes, or it unpacks like a zip bomb."""


class RowBudget:
    """Rows a chart may still have; reading past `MAX_ROWS` stops with an error naming where."""

    def __init__(self, limit: int = MAX_ROWS) -> None:
        self.limit = limit
        self.left = limit

    def take(self, count: int, where: str) -> None:
        self.left -= count
        if self.left < 0:
            raise WorkbookTooLarge(f"{where}: the chart has more than {self.limit:,} rows; at most {self.limit:,} "
                                   "can be imported at once, so split it into several workbooks")


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
    _check_archive(path)
    try:
        # Not data_only: a formula is read as its text, not as a result someone else computed.
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, OSError, *DAMAGED_SHEET) as error:
        raise WorkbookError(f"{path}: not a readable .xlsx workbook ({error})") from error
    try:
        return _chart_sheets(path, book.worksheets)
    except DAMAGED_SHEET as error:
        raise WorkbookError(f"{path}: a sheet of the workbook is damaged ({type(error).__name__}: {error})") from None
    finally:
        book.close()


def _check_archive(path: Path) -> None:
    """An empty file, a file that is no zip archive, or a zip bomb is refused before openpyxl opens it."""
    try:
        if path.stat().st_size == 0:
            raise WorkbookError(f"{path}: the file is empty, not an .xlsx workbook")
        with zipfile.ZipFile(path) as archive:
            verify_members(archive, str(path))
    except zipfile.BadZipFile:
        raise WorkbookError(f"{path}: not a readable .xlsx workbook: it is no zip archive, so it is cut short "
                            "(truncated) or another kind of file") from None
    except ArchiveTooLarge as error:
        raise WorkbookTooLarge(str(error)) from None
    except ArchiveError as error:
        raise WorkbookError(str(error)) from None
    except OSError as error:
        raise WorkbookError(f"{path}: cannot be read ({error.strerror or error})") from None


def _chart_sheets(path: Path, worksheets) -> dict[str, Sheet]:
    sheets, budget = {}, RowBudget()
    for worksheet in worksheets:
        name = _chart_sheet_name(worksheet.title)
        if name is not None:
            where = f"{path.name}, sheet {worksheet.title}"
            sheets[name] = _sheet_from_rows(name, where, worksheet.iter_rows(values_only=True), budget)
    return sheets


def cell_text(value: object) -> str:
    """A cell as the text the spreadsheet shows: dates ISO, 1880.0 as 1880, booleans yes/no, formulas as written."""
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
    if isinstance(value, ArrayFormula):
        return str(value.text or "").strip()
    if isinstance(value, DataTableFormula):
        return f"=TABLE({value.r1 or ''},{value.r2 or ''})"
    return str(value).strip()


# -- csv --------------------------------------------------------------------------------------
def _csv_sheets(folder: Path) -> dict[str, Sheet]:
    files = _chart_csv_files(folder)
    encodings = {name: _encoding(file) for name, file in files.items()}
    counted = RowBudget()
    for name, file in files.items():  # counted before any row is kept, so a too long file costs no memory
        counted.take(_record_count(file, encodings[name]), str(file))
    budget = RowBudget()
    return {name: _sheet_from_rows(name, file.name, _csv_records(file, encodings[name]), budget, to_text=_csv_text)
            for name, file in files.items()}


def _chart_csv_files(folder: Path) -> dict[str, Path]:
    files = {}
    for file in sorted(folder.iterdir()):
        name = _chart_sheet_name(file.stem) if file.suffix.lower() == ".csv" else None
        if name is not None:
            files[name] = file
    total = sum(_size(file) for file in files.values())
    if total > MAX_UNPACKED_BYTES:
        raise WorkbookTooLarge(f"{folder}: its .csv files hold {total} bytes, more than the {MAX_UNPACKED_BYTES} "
                               "a chart may hold")
    return files


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError as error:
        raise WorkbookError(f"{file}: cannot be read ({error.strerror or error})") from error


def _encoding(file: Path) -> str:
    try:
        with file.open("rb") as stream:
            return csv_encoding(stream, file.name)
    except CsvTextError as error:
        raise WorkbookError(f"{file.parent}/{error}") from None
    except OSError as error:
        raise WorkbookError(f"{file}: cannot be read ({error.strerror or error})") from error


def _record_count(file: Path, encoding: str) -> int:
    return sum(1 for _ in _csv_records(file, encoding))


def _csv_records(file: Path, encoding: str) -> Iterable[list[str]]:
    try:
        with csv_rows(file, encoding) as rows:
            yield from rows
    except CsvTextError as error:
        raise WorkbookError(f"{file.parent}/{error}") from None
    except OSError as error:
        raise WorkbookError(f"{file}: cannot be read ({error.strerror or error})") from error


def _csv_text(cell: str) -> str:
    """A CSV cell's text: trimmed, line breaks as `.xlsx` has them, an export's formula guard taken off."""
    return from_csv_cell(cell.strip().replace("\r\n", "\n").replace("\r", "\n"))


# -- shared -----------------------------------------------------------------------------------
def _sheet_from_rows(name: str, where: str, rows: Iterable, budget: RowBudget, to_text=cell_text) -> Sheet:
    """The first row is the header; blank rows are skipped but keep their numbers.

    `to_text` turns a cell into its text: `cell_text` for typed spreadsheet
    cells, `_csv_text` for CSV, whose cells are text already (and many).
    """
    header: tuple[str, ...] | None = None
    sheet = Sheet(name, where, ())
    for number, values in enumerate(rows, start=HEADER_ROW):
        budget.take(1, where)
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
