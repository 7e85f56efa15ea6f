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

A sheet costs what it holds, not what it claims: its cells are read as the
file has them, row by row, and never padded to the size the sheet declares
(`<dimension ref="A1:XFD50000"/>` once cost half a minute of CPU for one
cell) nor to the width of its widest row. Blank rows cost nothing but still
count towards `MAX_ROWS`, as the spreadsheet numbers them.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.formula.tokenizer import TokenizerError
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from graphmodel.messages import Phrase, said, text
from importers.chart import SHEETS
from importers.csv_text import CsvTextError, csv_encoding, csv_rows, decode_csv, sniff_delimiter
from importers.gc_pause import without_cyclic_gc
from importers.safe_text import TEXT_MARK, from_csv_cell
from importers.words import number
from importers.zip_guard import DAMAGED, MAX_UNPACKED_BYTES, ArchiveError, ArchiveTooLarge, verify_members

__all__ = ["MAX_ROWS", "Problem", "Sheet", "SheetRow", "Workbook", "WorkbookError", "WorkbookTooLarge", "cell_text",
           "decode_csv", "read_workbook", "sniff_delimiter"]

HEADER_ROW = 1
MAX_ROWS = 200_000
# A row as read: its number as the spreadsheet shows it, and the cells it has, by column number (A = 1).
Cells = Iterable[tuple[int, object]]
# What a damaged sheet inside a sound zip archive makes openpyxl raise while it streams the rows.
DAMAGED_SHEET = (*DAMAGED, SyntaxError, ValueError, KeyError, TypeError, IndexError, AttributeError,
                 TokenizerError)


class WorkbookError(ValueError):
    """The workbook cannot be read at all (missing, not a workbook, damaged, too large); names the file.

    Made of a `Phrase`: English as a string, said in the reader's language where it is shown."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(phrase)
        self.phrase = phrase

    def said(self, lang: str | None = None) -> str:
        return said(self.phrase, lang)


class WorkbookTooLarge(WorkbookError):
    """The workbook holds more than a chart can: too many rows or bytes, or it unpacks like a zip bomb."""


class RowBudget:
    """Rows a chart may still have; reading past `MAX_ROWS` stops with an error naming where."""

    def __init__(self, limit: int = MAX_ROWS) -> None:
        self.limit = limit
        self.left = limit

    def take(self, count: int, where: str, reaching: int | None = None) -> None:
        """Count `count` rows more; `reaching`: the row they reach, when blank rows were skipped to get there."""
        self.left -= count
        if self.left < 0:
            reached = "" if reaching is None else Phrase("import.reaching_row", row=number(reaching))
            raise WorkbookTooLarge(Phrase("import.too_many_rows", where=where, limit=number(self.limit),
                                          reached=reached))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as a spreadsheet user would find it.

    `row` is the row number the spreadsheet shows (header = 1), None for a
    problem with the whole sheet; `column` is None for a problem with the
    whole row. `where` is how the sheet is named to the user: `units.csv`,
    or `chart.xlsx, sheet units`. `message` (and a workbook's `where`) is a
    `Phrase`: `str(problem)` is English, `problem.said(lang)` says it in either
    language, location words included ("units.csv rad 4, kolumn kind: ...").
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

    def said(self, lang: str | None = None) -> str:
        """The problem in `lang` (default: the current request's or command's), where it is as well as what."""
        location = said(self.where or self.sheet, lang)
        if self.row is not None:
            location = text("import.at_row", lang, where=location, row=self.row)
        if self.column is not None:
            location = text("import.at_column", lang, location=location, column=self.column)
        return f"{location}: {said(self.message, lang)}"


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
        raise WorkbookError(Phrase("import.no_such_path", path=str(path)))
    if path.is_dir():
        workbook = Workbook(path, _csv_sheets(path))
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        workbook = Workbook(path, _xlsx_sheets(path))
    else:
        raise WorkbookError(Phrase("import.not_a_chart_path", path=str(path)))
    workbook.problems.extend(_missing_sheets(workbook))
    return workbook


def _missing_sheets(workbook: Workbook) -> list[Problem]:
    folder = workbook.path.is_dir()
    problems = []
    for spec in SHEETS:
        if spec.name in workbook.sheets or spec.optional_sheet:
            continue
        where = f"{spec.name}.csv" if folder else Phrase("import.sheet_of", file=workbook.path.name, sheet=spec.name)
        what = Phrase("import.file_missing", sheet=spec.name, folder=str(workbook.path)) if folder else (
            Phrase("import.sheet_missing", sheet=spec.name, file=workbook.path.name))
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
        raise WorkbookError(Phrase("import.unreadable_workbook", path=str(path), reason=str(error))) from error
    try:
        return _chart_sheets(path, book.worksheets)
    except WorkbookError:
        raise  # a ValueError too, but already says what is wrong (too many rows), not that the sheet is damaged
    except DAMAGED_SHEET as error:
        raise WorkbookError(Phrase("import.damaged_sheet", path=str(path),
                                   reason=f"{type(error).__name__}: {error}")) from None
    finally:
        book.close()


def _check_archive(path: Path) -> None:
    """An empty file, a file that is no zip archive, or a zip bomb is refused before openpyxl opens it."""
    try:
        if path.stat().st_size == 0:
            raise WorkbookError(Phrase("import.empty_file", path=str(path)))
        with zipfile.ZipFile(path) as archive:
            verify_members(archive, str(path))
    except zipfile.BadZipFile:
        raise WorkbookError(Phrase("import.not_a_zip", path=str(path))) from None
    except ArchiveTooLarge as error:
        raise WorkbookTooLarge(error.phrase) from None
    except ArchiveError as error:
        raise WorkbookError(error.phrase) from None
    except OSError as error:
        raise WorkbookError(_unreadable(path, error)) from None


def _chart_sheets(path: Path, worksheets) -> dict[str, Sheet]:
    sheets, budget = {}, RowBudget()
    for worksheet in worksheets:
        name = _chart_sheet_name(worksheet.title)
        if name is not None:
            where = Phrase("import.sheet_of", file=path.name, sheet=worksheet.title)
            counted_as = Phrase("import.sheet_of", file=str(path), sheet=worksheet.title)
            sheets[name] = _sheet_from_rows(name, where, _sheet_cells(worksheet), budget, counted_as=counted_as)
    return sheets


def _sheet_cells(worksheet) -> Iterator[tuple[int, Cells]]:
    """A read-only worksheet's rows as its XML holds them: only the cells present, with their row and column.

    openpyxl's own row iterator pads every row to the sheet's declared
    dimension (or to its last cell), so a few kilobytes declaring
    `A1:XFD50000` became 800 million empty cells. The parser underneath yields
    each `<row>` with its cells, which is all there is to read; cells are
    typed exactly as openpyxl's iterator types them (same parser, same
    workbook settings). A row numbered at or below one already read is
    skipped, as openpyxl skips it.
    """
    book = worksheet.parent
    with worksheet._get_source() as source:
        parser = WorkSheetParser(source, worksheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        last = 0
        for number, cells in parser.parse():
            if number > last:
                last = number
                yield number, [(cell["column"], cell["value"]) for cell in cells if cell["value"] is not None]


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
    return {name: _csv_sheet(name, file, _csv_records(file, encodings[name]), budget) for name, file in files.items()}


def _csv_sheet(name: str, file: Path, records: Iterable[list[str]], budget: RowBudget) -> Sheet:
    """`_sheet_from_rows` for CSV: every row is there and holds every cell up to its last, so each row's cells
    pair with the header's names as they come (the national chart's 700,000 cells, read in a third of the time)."""
    sheet = Sheet(name, file.name, ())
    for number, record in enumerate(records, start=HEADER_ROW):
        budget.take(1, str(file))
        if number == HEADER_ROW:
            sheet.header = _header(enumerate(record, start=1), _csv_text)
            continue
        found = {column: text for column, cell in zip(sheet.header, record)
                 if cell and column and (text := _csv_text(cell))}
        if found:
            sheet.rows.append(SheetRow(number, found))
    return sheet


def _chart_csv_files(folder: Path) -> dict[str, Path]:
    files = {}
    for file in sorted(folder.iterdir()):
        name = _chart_sheet_name(file.stem) if file.suffix.lower() == ".csv" else None
        if name is not None:
            files[name] = file
    total = sum(_size(file) for file in files.values())
    if total > MAX_UNPACKED_BYTES:
        raise WorkbookTooLarge(Phrase("import.csv_too_large", folder=str(folder), total=total,
                                      most=MAX_UNPACKED_BYTES))
    return files


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError as error:
        raise WorkbookError(_unreadable(file, error)) from error


def _encoding(file: Path) -> str:
    try:
        with file.open("rb") as stream:
            return csv_encoding(stream, str(file))
    except CsvTextError as error:
        raise WorkbookError(error.phrase) from None
    except OSError as error:
        raise WorkbookError(_unreadable(file, error)) from error


def _unreadable(path: Path, error: OSError) -> Phrase:
    return Phrase("import.cannot_read", path=str(path), reason=str(error.strerror or error))


def _record_count(file: Path, encoding: str) -> int:
    return sum(1 for _ in _csv_records(file, encoding))


def _csv_records(file: Path, encoding: str) -> Iterable[list[str]]:
    try:
        with csv_rows(file, encoding) as rows:
            yield from rows
    except CsvTextError as error:
        raise WorkbookError(error.phrase) from None
    except OSError as error:
        raise WorkbookError(_unreadable(file, error)) from error


def _csv_text(cell: str) -> str:
    """A CSV cell's text: trimmed, line breaks as `.xlsx` has them, an export's formula guard taken off.

    Most cells have neither a carriage return nor the guard: they cost a strip and two tests."""
    text = cell.strip()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return from_csv_cell(text) if text[:1] == TEXT_MARK else text


# -- shared -----------------------------------------------------------------------------------
def _sheet_from_rows(name: str, where: str, rows: Iterable[tuple[int, Cells]], budget: RowBudget,
                     to_text=cell_text, counted_as: str | None = None) -> Sheet:
    """Row 1 is the header; blank rows are skipped but keep their numbers, and count towards `MAX_ROWS`.

    `rows` holds the cells present in each row present, by number; the work
    is what they hold, whatever numbers they carry. `to_text` turns a cell
    into its text: `cell_text` for typed spreadsheet cells, `_csv_text` for
    CSV, whose cells are text already (and many). A cell under no column
    name says nothing. `counted_as` names the sheet when it has too many rows.
    """
    sheet = Sheet(name, where, ())
    last = HEADER_ROW - 1
    for number, cells in rows:
        budget.take(number - last, counted_as or where, reaching=number if number - last > 1 else None)
        last = number
        if number == HEADER_ROW:
            sheet.header = _header(cells, to_text)
            continue
        header, found = sheet.header, {}
        for column, value in cells:
            if column <= len(header) and header[column - 1] and (text := to_text(value)):
                found[header[column - 1]] = text
        if found:
            sheet.rows.append(SheetRow(number, found))
    return sheet


def _header(cells: Cells, to_text) -> tuple[str, ...]:
    """The column names by position (A = 0), casefolded; a column without a name is ''; none after the last name."""
    names = {column: to_text(value).strip().casefold() for column, value in cells}
    width = max((column for column, text in names.items() if text), default=0)
    return tuple(names.get(column, "") for column in range(1, width + 1))
