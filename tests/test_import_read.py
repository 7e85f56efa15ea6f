"""Reading workbooks: CSV folders as Swedish spreadsheet programs save them, and .xlsx files (no database)."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest

from importers.read import WorkbookError, decode_csv, read_workbook, sniff_delimiter

HEADERS = {
    "units": "id;kind;name;start",
    "people": "id;name;title",
    "memberships": "person;unit;role",
    "relations": "source;type;target",
}


def write_folder(folder: Path, sheets: dict[str, str], *, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sheets.items():
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


def test_semicolon_windows_1252_and_comma_utf8_with_bom_read_the_same(tmp_path):
    swedish = {name: f"{header}\n" for name, header in HEADERS.items()}
    swedish["units"] += "lag:å;lokal arbetsgrupp;LAG Äldres hälsa;2024-01-01\n"
    comma = {name: text.replace(";", ",") for name, text in swedish.items()}
    ansi = read_workbook(write_folder(tmp_path / "ansi", swedish, encoding="cp1252"))
    utf8 = read_workbook(write_folder(tmp_path / "utf8", comma, encoding="utf-8-sig"))

    assert ansi.sheets["units"].rows == utf8.sheets["units"].rows
    assert ansi.sheets["units"].rows[0].cells == {
        "id": "lag:å", "kind": "lokal arbetsgrupp", "name": "LAG Äldres hälsa", "start": "2024-01-01"}


def test_decoding_and_delimiter_rules():
    assert decode_csv("Örebro".encode("cp1252")) == "Örebro"
    assert decode_csv(b"\xef\xbb\xbfid") == "id"
    assert sniff_delimiter("id;name;note, with comma\n") == ";"
    assert sniff_delimiter('id,name,"a;b"\n') == ","


def test_row_numbers_are_the_spreadsheets_even_after_blank_rows(tmp_path):
    sheets = {name: f"{header}\n" for name, header in HEADERS.items()}
    sheets["people"] += "person:a;Anna;\n;;\n\nperson:b;Bo;\n"
    workbook = read_workbook(write_folder(tmp_path / "chart", sheets))

    assert [(row.number, row.cells["id"]) for row in workbook.sheets["people"].rows] == [
        (2, "person:a"), (5, "person:b")]


def test_a_missing_required_sheet_is_a_problem_but_mandates_may_be_left_out(tmp_path):
    sheets = {name: f"{header}\n" for name, header in HEADERS.items() if name != "relations"}
    workbook = read_workbook(write_folder(tmp_path / "chart", sheets))

    assert [str(problem) for problem in workbook.problems] == [
        f"relations.csv: file relations.csv is missing from {tmp_path / 'chart'}"]
    assert workbook.stem == "chart"


def test_xlsx_cells_read_as_the_text_the_spreadsheet_shows(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Units"
    book.active.append(["ID", "Kind", "Name", "Start", "Code"])
    book.active.append(["municipality:1880", "kommun", "Örebro", None, 1880])
    book.active.append(["lag:x", "LAG", "LAG X", datetime.datetime(2024, 1, 31), None])
    for name in ("people", "memberships", "relations"):
        book.create_sheet(name).append(HEADERS[name].split(";"))
    book.save(tmp_path / "chart.xlsx")

    workbook = read_workbook(tmp_path / "chart.xlsx")

    units = workbook.sheets["units"]
    assert units.where == "chart.xlsx, sheet Units"
    assert units.header == ("id", "kind", "name", "start", "code")
    assert [row.cells for row in units.rows] == [
        {"id": "municipality:1880", "kind": "kommun", "name": "Örebro", "code": "1880"},
        {"id": "lag:x", "kind": "LAG", "name": "LAG X", "start": "2024-01-31"}]
    assert workbook.problems == []


def test_unreadable_paths_raise_a_clear_error(tmp_path):
    with pytest.raises(WorkbookError, match="no such file or folder"):
        read_workbook(tmp_path / "absent.xlsx")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(WorkbookError, match="expected an .xlsx workbook or a folder of .csv files"):
        read_workbook(tmp_path / "notes.txt")
    (tmp_path / "broken.xlsx").write_text("not a zip")
    with pytest.raises(WorkbookError, match="not a readable .xlsx workbook"):
        read_workbook(tmp_path / "broken.xlsx")
