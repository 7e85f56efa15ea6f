"""Hostile and broken input: every file, name and request body gets a clear error or is kept verbatim,
and nothing else is written. Against the real engine; memory is measured where a file could blow it up."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import anyio
import openpyxl
import pytest
from fastapi.testclient import TestClient

from api.body_limits import MAX_BODY_BYTES, MAX_JSON_DEPTH
from api.main import create_app
from govgraph.backup import content_checksum
from graphmodel.engine import Graph
from importers.chart import Chart, MembershipRecord, PersonRecord, UnitRecord
from importers.export import export_chart
from importers.export_workbook import write_csv_folder, xlsx_bytes
from importers.load import apply_chart
from importers.read import MAX_ROWS, WorkbookError, WorkbookTooLarge, read_workbook
from importers.safe_text import csv_safe, from_csv_cell
from importers.validate import validate
from importers.zip_guard import ArchiveTooLarge, ZipLimits, copy_member

pytestmark = pytest.mark.engine

IMPORTS = "/api/v1/imports"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GIB = 1024 ** 3
MB = 1024 * 1024

REGION = UnitRecord("region:18", "region", "Region Örebro län", code="18")
HJARTA = UnitRecord("lag:hjarta", "lag", "LAG Hjärta", region="region:18")
ANNA = PersonRecord("person:anna", "Anna Ek", email="anna.ek@example.invalid", fictional=True)
BASE = Chart(units=[REGION, HJARTA], people=[ANNA],
             memberships=[MembershipRecord("person:anna", "lag:hjarta", "member")])
HEADERS = {"units": "id;kind;name", "people": "id;name", "memberships": "person;unit;role",
           "relations": "source;type;target"}

FORMULAS = ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "'=already marked"]
CYPHER_NAMES = ["x'}) DETACH DELETE n //", "`Entity` MATCH (n) DETACH DELETE n", "$param {uid: $uid}",
                "first line\nsecond line", "\u200fمرحبا\u202e LAG", "tab\tinside", 'quote " and \\ backslash']


# -- helpers -------------------------------------------------------------------------------------
def snapshot(graph: Graph) -> tuple[int, int, str]:
    counts = graph.read("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r")[0]
    return counts["n"], counts["r"], content_checksum(graph)


@pytest.fixture
def planted(graph: Graph) -> Graph:
    apply_chart(graph, BASE, owner="chart")
    return graph


def upload(client: TestClient, content: bytes, headers: dict[str, str], name: str = "chart.xlsx", **params):
    media_type = "application/zip" if name.endswith(".zip") else XLSX
    # The messages these tests read are the English ones; tests/test_import_words.py reads the Swedish.
    return client.post(IMPORTS, params=params, headers={"Accept-Language": "en", **headers},
                       files={"file": (name, content, media_type)})


def csv_folder(folder: Path, sheets: dict[str, str], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**{name: header + "\n" for name, header in HEADERS.items()}, **sheets}.items():
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
    return buffer.getvalue()


def deflate_repeated(size: int, unit: bytes = b" " * (16 * MB)) -> bytes:
    """A raw deflate stream inflating to `size` bytes, made without compressing them all: after a full flush
    a block stands alone, so one compressed block repeated is the whole stream, then an empty final block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * (size // len(unit)) + b"\x03\x00"


def zip_by_hand(members: list[tuple[str, bytes, int | None]]) -> bytes:
    """A zip archive written field by field: (name, data, declared unpacked size) per member; a declared
    size means `data` is raw deflate (its checksum left wrong), None means stored as it is."""
    local, central = io.BytesIO(), io.BytesIO()
    for name, data, declared in members:
        method, size, crc = (0, len(data), zlib.crc32(data)) if declared is None else (8, declared, 0)
        encoded, offset = name.encode(), local.tell()
        local.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), size,
                                len(encoded), 0) + encoded + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(data), size,
                                  len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    directory = central.getvalue()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), local.tell(), 0)
    return local.getvalue() + directory + end


def workbook_with_sheet(sheet_data: bytes, declared: int) -> bytes:
    """A real chart workbook whose first sheet (units) is replaced by raw deflate data declaring `declared`."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(BASE))) as real:
        members = [(info.filename, real.read(info), None) for info in real.infolist()]
    return zip_by_hand([(name, sheet_data, declared) if name == "xl/worksheets/sheet1.xml" else (name, data, size)
                        for name, data, size in members])


def traced_peak(action) -> tuple[int, object]:
    """The peak of Python allocations while `action` runs (bytes), and what it raised or returned."""
    tracemalloc.start()
    try:
        outcome = action()
    except Exception as error:  # noqa: BLE001 - the test looks at what was raised
        outcome = error
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, outcome


MEASURED_READ = """
import resource, sys
from pathlib import Path
from importers.read import WorkbookError, read_workbook
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_workbook(Path(sys.argv[1]))
    print("read")
except WorkbookError as error:
    print(error)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def read_in_child(path: Path) -> tuple[str, int]:
    """What reading the path says, and how much its peak resident memory grew (MB), in a fresh process."""
    done = subprocess.run([sys.executable, "-c", MEASURED_READ, str(path)], capture_output=True, text=True,
                          timeout=300, check=True)
    message, growth = done.stdout.strip().rsplit("\n", 1)
    return message, int(growth)


def million_row_folder(folder: Path) -> Path:
    rows = "".join(f"person:p{number};lag:l{number % 100};member\n" for number in range(1_000_000))
    return csv_folder(folder, {"memberships": HEADERS["memberships"] + "\n" + rows})


# -- broken workbooks ----------------------------------------------------------------------------
def broken_workbooks() -> dict[str, bytes]:
    good = xlsx_bytes(BASE)
    damaged = bytearray(good)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    start = sheet.header_offset + 30 + len(sheet.filename) + 8  # into the sheet's compressed bytes
    damaged[start:start + 40] = bytes(40)
    return {"truncated.xlsx": good[:len(good) // 2], "text.xlsx": b"id;kind;name\nregion:18;region;X\n",
            "empty.xlsx": b"", "damaged.xlsx": bytes(damaged)}


@pytest.mark.parametrize(("name", "expected"), [
    ("truncated.xlsx", "no zip archive, so it is cut short (truncated)"),
    ("text.xlsx", "no zip archive"),
    ("empty.xlsx", "the file is empty"),
    ("damaged.xlsx", "is damaged"),
])
def test_a_broken_workbook_is_refused_naming_the_file_and_writes_nothing(api_client, api_keys, planted, tmp_path,
                                                                        name, expected):
    content = broken_workbooks()[name]
    (tmp_path / name).write_bytes(content)
    with pytest.raises(WorkbookError, match=re.escape(expected)) as raised:
        read_workbook(tmp_path / name)
    assert str(raised.value).startswith(str(tmp_path / name))

    before = snapshot(planted)
    answer = upload(api_client, content, api_keys["editor"], name=name, write=True)
    assert (answer.status_code, answer.json()["parameter"]) == (422, "file")
    assert answer.json()["detail"].startswith(name) and expected in answer.json()["detail"]
    assert snapshot(planted) == before


def test_the_command_line_refuses_a_truncated_workbook_before_starting_the_engine(cli_env, tmp_path):
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(broken_workbooks()["truncated.xlsx"])
    done = subprocess.run([sys.executable, "-m", "govgraph", "import", str(path), "--lang", "en"], check=False,
                          env=cli_env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "truncated.xlsx" in done.stderr and "truncated" in done.stderr
    assert not Path(cli_env["GOVGRAPH_DATA_DIR"]).exists()  # no engine started, so nothing written


# -- zip bombs -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("size", "expected"), [
    (3 * GIB, r"unpacks to 3072 MB, more than the 200 MB a chart may hold; nothing was unpacked"),
    (160 * MB, (r"member xl/worksheets/sheet1.xml packs \d{4} times \(at most 100\): a zip bomb, not a chart; "
                r"nothing was unpacked")),
])
def test_a_workbook_whose_sheet_unpacks_hugely_is_refused_before_unpacking(api_client, api_keys, planted, tmp_path,
                                                                          size, expected):
    bomb = workbook_with_sheet(deflate_repeated(size), declared=size)
    assert len(bomb) < 5 * MB
    (tmp_path / "bomb.xlsx").write_bytes(bomb)
    started = time.monotonic()
    peak, outcome = traced_peak(lambda: read_workbook(tmp_path / "bomb.xlsx"))
    assert isinstance(outcome, WorkbookTooLarge), outcome
    assert re.fullmatch(re.escape(f"{tmp_path / 'bomb.xlsx'}: ") + expected, str(outcome))
    assert time.monotonic() - started < 5 and peak < 16 * MB

    before = snapshot(planted)
    answer = upload(api_client, bomb, api_keys["editor"], name="bomb.xlsx", write=True)
    assert (answer.status_code, answer.json()["parameter"]) == (413, "file")
    assert re.fullmatch("bomb.xlsx: " + expected, answer.json()["detail"])
    assert snapshot(planted) == before


def test_a_sheet_that_unpacks_to_more_than_its_header_declares_is_stopped_while_unpacking(tmp_path):
    forged = workbook_with_sheet(deflate_repeated(GIB), declared=1000)  # a gigabyte behind a 1000-byte header
    (tmp_path / "forged.xlsx").write_bytes(forged)
    peak, outcome = traced_peak(lambda: read_workbook(tmp_path / "forged.xlsx"))
    assert isinstance(outcome, WorkbookError) and "forged.xlsx" in str(outcome), outcome
    assert "xl/worksheets/sheet1.xml" in str(outcome)
    assert peak < 16 * MB


def test_unpacking_stops_at_the_budget_whatever_the_header_says():
    archive = zipfile.ZipFile(io.BytesIO(zip_by_hand([("units.csv", deflate_repeated(GIB), GIB)])))
    limits = ZipLimits(max_unpacked=10 * MB, max_ratio=10 ** 6)  # the ratio check let through, to reach the budget
    peak, outcome = traced_peak(lambda: copy_member(archive, archive.infolist()[0], io.BytesIO(), budget=10 * MB,
                                                    name="chart.zip", limits=limits))
    assert str(outcome) == ("chart.zip: unpacks to more than the 10 MB a chart may hold (stopped in member "
                            "units.csv); nothing was used")
    assert isinstance(outcome, ArchiveTooLarge)
    assert peak < 32 * MB


@pytest.mark.parametrize(("declared", "status", "expected"), [
    (3 * GIB, 413, "unpacks to 3072 MB"),  # refused by its directory
    (1000, 422, "damaged"),  # a forged directory: stopped at the declared size, then the checksum fails
])
def test_a_zip_of_csv_files_that_is_a_bomb_is_refused(api_client, api_keys, planted, declared, status, expected):
    members = [(f"{name}.csv", (header + "\n").encode(), None) for name, header in HEADERS.items() if name != "units"]
    bomb = zip_by_hand([*members, ("units.csv", deflate_repeated(3 * GIB if declared > GIB else GIB), declared)])
    before = snapshot(planted)
    answer = upload(api_client, bomb, api_keys["editor"], name="chart.zip", write=True)
    assert (answer.status_code, answer.json()["parameter"]) == (status, "file")
    assert expected in answer.json()["detail"] and "chart.zip" in answer.json()["detail"]
    assert snapshot(planted) == before


# -- size and row limits -------------------------------------------------------------------------
def test_an_upload_over_the_size_limit_is_a_413(api_client, api_keys, api_settings, planted):
    api_client.app.state.settings = api_settings.model_copy(update={"upload_max_bytes": 2000})
    before = snapshot(planted)
    answer = upload(api_client, xlsx_bytes(BASE) + bytes(100_000), api_keys["editor"], write=True)
    assert (answer.status_code, answer.json()["parameter"]) == (413, "file")
    assert "2000 bytes" in answer.json()["detail"]
    assert snapshot(planted) == before


def test_csv_files_over_the_byte_limit_are_refused_before_reading(tmp_path):
    folder = csv_folder(tmp_path / "huge", {})
    with (folder / "units.csv").open("r+b") as stream:
        stream.truncate(201 * MB)  # sparse: the limit is checked by size, before a byte is read
    with pytest.raises(WorkbookTooLarge, match="more than the 209715200 a chart may hold"):
        read_workbook(folder)


def test_a_million_row_csv_is_refused_in_bounded_memory(tmp_path):
    folder = million_row_folder(tmp_path / "million")
    message, growth = read_in_child(folder)
    assert message == (f"{folder / 'memberships.csv'}: the chart has more than {MAX_ROWS:,} rows; at most "
                       f"{MAX_ROWS:,} can be imported at once, so split it into several workbooks")
    assert growth < 64, f"peak memory grew by {growth} MB"


def test_a_million_row_csv_upload_is_refused_and_writes_nothing(api_client, api_keys, planted, tmp_path):
    content = zipped(million_row_folder(tmp_path / "million"))
    before = snapshot(planted)
    answer = upload(api_client, content, api_keys["editor"], name="million.zip", write=True)
    assert (answer.status_code, answer.json()["parameter"]) == (413, "file")
    assert f"at most {MAX_ROWS:,}" in answer.json()["detail"]
    assert "/tmp" not in answer.json()["detail"]
    assert snapshot(planted) == before


def test_the_command_line_refuses_a_million_row_csv(cli_env, tmp_path):
    folder = million_row_folder(tmp_path / "million")
    done = subprocess.run([sys.executable, "-m", "govgraph", "import", str(folder), "--lang", "en"], check=False,
                          env=cli_env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "memberships.csv" in done.stderr and f"at most {MAX_ROWS:,}" in done.stderr
    assert not Path(cli_env["GOVGRAPH_DATA_DIR"]).exists()


# -- encodings -----------------------------------------------------------------------------------
SWEDISH = "region:18;region;Region Örebro län\nlag:å;lag;LAG Äldres hälsa – åäö\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_swedish_letters_read_right_in_every_encoding_spreadsheets_save(tmp_path, encoding):
    text = SWEDISH if encoding != "latin-1" else SWEDISH.replace("–", "-")  # Latin-1 has no en dash
    workbook = read_workbook(csv_folder(tmp_path / encoding, {"units": HEADERS["units"] + "\n" + text}, encoding))
    assert [row.cells["name"] for row in workbook.sheets["units"].rows] == [
        "Region Örebro län", "LAG Äldres hälsa " + ("–" if encoding != "latin-1" else "-") + " åäö"]
    assert workbook.sheets["units"].header == ("id", "kind", "name")


@pytest.mark.parametrize(("data", "expected"), [
    ("id;kind;name\nregion:18;region;Örebro\n".encode("utf-16-le"), "units.csv line 1: holds NUL bytes"),
    ("id;kind;name\nregion:18;region;Örebro\n".encode() + b"lag:x;lag;bad \xff byte\n",
     "units.csv line 3: byte 0xff is not UTF-8, though the file has UTF-8 letters elsewhere"),
    (b"id;kind;name\nlag:x;lag;bad \xe9 then\n" + "Örebro\n".encode(),
     "units.csv line 2: byte 0xe9 is not UTF-8, though the file has UTF-8 letters elsewhere"),
    (b"id;kind;name\nregion:18;region;\xd6rebro\nlag:x;lag;\x81\n",
     "units.csv line 3: the bytes are neither UTF-8 nor Windows-1252 text"),
    (b"\xff\xfe" + "id;kind;name\nlag:x;lag;X\n".encode("utf-16-le") + b"x", "units.csv line 3: not valid utf-16"),
])
def test_text_in_no_encoding_we_read_is_an_error_naming_file_and_line(tmp_path, data, expected):
    folder = csv_folder(tmp_path / "chart", {})
    (folder / "units.csv").write_bytes(data)
    with pytest.raises(WorkbookError) as raised:
        read_workbook(folder)
    assert str(raised.value).startswith(f"{folder}/{expected}")


def test_windows_1252_and_utf16_charts_import_with_their_letters(api_client, api_keys, planted, tmp_path):
    for encoding in ("cp1252", "utf-16"):
        text = HEADERS["units"] + f"\nlag:{encoding};lag;LAG Åäö {encoding}\n"
        answer = upload(api_client, zipped(csv_folder(tmp_path / encoding, {"units": text}, encoding)),
                        api_keys["editor"], name=f"{encoding}.zip", write=True)
        assert (answer.status_code, answer.json()["written"]) == (200, True), answer.text
        node = api_client.get(f"/api/v1/nodes/lag:{encoding}").json()
        assert node["name"] == f"LAG Åäö {encoding}"


# -- formulas ------------------------------------------------------------------------------------
def test_csv_cells_that_would_run_are_marked_and_the_mark_comes_off_on_reading():
    for text in [*FORMULAS, "''=two marks", "Region Örebro län", "'", "it's", "a-b", "+46 19 000 11 22"]:
        assert from_csv_cell(csv_safe(text)) == text
    assert [csv_safe(text) for text in FORMULAS] == ["'" + text for text in FORMULAS]
    assert csv_safe("Region Örebro län") == "Region Örebro län"


def formula_workbook() -> bytes:
    """A workbook typed in a spreadsheet program: the first name is a real formula cell, the rest are text."""
    book = openpyxl.Workbook()
    book.active.title = "units"
    book.active.append(["id", "kind", "name", "note"])
    for number, text in enumerate(FORMULAS):
        book.active.append([f"lag:f{number}", "lag", text, text])
    for name in ("people", "memberships", "relations"):
        book.create_sheet(name).append(HEADERS[name].split(";"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_xml(workbook: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if "worksheets/" in name)


def test_formulas_are_stored_as_their_text_and_exported_as_text(api_client, api_keys, graph, tmp_path):
    content = formula_workbook()
    assert "<f>HYPERLINK" in sheet_xml(content)  # really a formula cell, as a spreadsheet program saves it
    answer = upload(api_client, content, api_keys["editor"], name="formulas.xlsx", write=True)
    assert (answer.status_code, answer.json()["written"]) == (200, True), answer.text
    for number, text in enumerate(FORMULAS):
        node = api_client.get(f"/api/v1/nodes/lag:f{number}").json()
        assert (node["name"], node["properties"]["note"]) == (text, text)

    exported = api_client.get("/api/v1/exports/workbook", headers=api_keys["reader"]).content
    assert "<f>" not in sheet_xml(exported) and "<f " not in sheet_xml(exported)
    again = upload(api_client, exported, api_keys["editor"], name="formulas.xlsx")
    assert (again.status_code, again.json()["changes"]) == (200, 0), again.text

    chart = export_chart(graph)
    write_csv_folder(chart, tmp_path / "export")
    with (tmp_path / "export" / "units.csv").open(encoding="utf-8", newline="") as stream:
        names = {row["name"] for row in csv.DictReader(stream)}
    assert names == {"'" + text for text in FORMULAS}
    reread = validate(read_workbook(tmp_path / "export"))
    assert (reread.problems, reread.chart.units) == ([], chart.units)
    before = snapshot(graph)
    report = apply_chart(graph, reread.chart, owner="formulas", dry_run=True)
    assert (report.changes, snapshot(graph)) == (0, before)


# -- names -------------------------------------------------------------------------------------
def test_names_holding_cypher_quotes_and_odd_characters_are_stored_and_shown_verbatim(api_client, api_keys,
                                                                                      planted):
    planted_uids = [unit.id for unit in BASE.units] + [ANNA.id]
    query = "MATCH (n:Entity) WHERE n.uid IN $uids RETURN n.uid AS uid, properties(n) AS p ORDER BY uid"
    before, (nodes, edges, _) = planted.read(query, uids=planted_uids), snapshot(planted)
    units = [UnitRecord(f"lag:odd-{number}", "lag", name, note=name) for number, name in enumerate(CYPHER_NAMES)]
    units.append(UnitRecord("lag:x'}) DETACH DELETE n", "lag", "odd id"))
    answer = upload(api_client, xlsx_bytes(Chart(units=units)), api_keys["editor"], name="odd.xlsx", write=True)
    assert (answer.status_code, answer.json()["written"]) == (200, True), answer.text

    for unit in units:
        node = api_client.get(f"/api/v1/nodes/{unit.id}")
        assert node.status_code == 200, unit.id
        assert (node.json()["uid"], node.json()["name"]) == (unit.id, unit.name)
        assert node.json()["properties"].get("note") == unit.note
    found = api_client.get("/api/v1/nodes", params={"q": "DETACH DELETE", "kind": "lag"}).json()
    assert {item["name"] for item in found["items"]} >= {CYPHER_NAMES[0], CYPHER_NAMES[1]}
    assert planted.read(query, uids=planted_uids) == before
    assert snapshot(planted)[:2] == (nodes + len(units), edges)


@pytest.mark.parametrize(("cell", "column", "expected"), [
    ("L" * 10_000, "name", "name is 10,000 characters long; at most 500"),
    ("lag:" + "x" * 400, "id", "id is 404 characters long; at most 300"),
    ("bell \x07 in a name", "name", "the control character U+0007"),
])
def test_overlong_names_and_control_characters_are_refused_naming_the_cell(api_client, api_keys, planted, tmp_path,
                                                                          cell, column, expected):
    row = {"id": "lag:ok", "kind": "lag", "name": "LAG ok", column: cell}
    text = HEADERS["units"] + "\n" + ";".join(row[name] for name in ("id", "kind", "name")) + "\n"
    before = snapshot(planted)
    answer = upload(api_client, zipped(csv_folder(tmp_path / "chart", {"units": text})), api_keys["editor"],
                    name="chart.zip", write=True)
    assert answer.status_code == 422, answer.text
    errors = [(error["sheet"], error["row"], error["column"]) for error in answer.json()["errors"]]
    assert ("units", 2, column) in errors
    assert any(expected in error["message"] for error in answer.json()["errors"])
    assert all(len(error["value"] or "") <= 61 for error in answer.json()["errors"])
    assert snapshot(planted) == before


def test_line_breaks_in_a_csv_cell_are_kept_as_xlsx_keeps_them(tmp_path):
    text = HEADERS["units"] + '\nlag:x;lag;"first\r\nsecond\rthird\nfourth"\n'
    workbook = read_workbook(csv_folder(tmp_path / "chart", {"units": text}))
    assert workbook.sheets["units"].rows[0].cells["name"] == "first\nsecond\nthird\nfourth"


# -- JSON bodies ---------------------------------------------------------------------------------
def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("route", ["/api/v1/queries/members_of_body/run", "/api/v1/cypher"])
def test_json_bodies_are_bounded_in_size_and_depth(api_client, api_keys, planted, route):
    headers = {**api_keys["reader"], "Content-Type": "application/json"}
    body = {"parameters": {"uid": "lag:hjarta", "on": "2025-01-01"}}
    if route.endswith("cypher"):
        body = {"query": "MATCH (n:Entity {uid: $uid}) RETURN n.name AS name", "parameters": {"uid": "lag:hjarta"}}
    assert api_client.post(route, headers=headers, json=body).status_code == 200

    huge = json.dumps({**body, "padding": "x" * (MAX_BODY_BYTES + 1)})
    too_large = api_client.post(route, headers=headers, content=huge)
    assert too_large.status_code == 413 and too_large.headers["content-type"] == "application/problem+json"
    assert str(MAX_BODY_BYTES) in too_large.json()["detail"]

    for depth in (MAX_JSON_DEPTH + 1, 100_000):
        deep = json.dumps(body)[:-1] + f', "deep": {nested(depth)}}}'
        refused = api_client.post(route, headers=headers, content=deep)
        assert (refused.status_code, refused.json()["parameter"]) == (422, "body"), refused.text
        assert f"more than {MAX_JSON_DEPTH} deep" in refused.json()["detail"]


def test_a_json_body_without_length_is_read_only_up_to_the_limit(api_keys, api_settings, graph):
    app = create_app(owns_graph=False, settings=api_settings)
    chunk, received, sent = b"[" + b"0," * 8191, [], []

    async def receive():
        received.append(1)
        return {"type": "http.request", "body": chunk, "more_body": len(received) < 100_000}

    async def send(message):
        sent.append(message)

    headers = [(b"host", b"testserver"), (b"content-type", b"application/json"),
               (b"authorization", api_keys["reader"]["Authorization"].encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/v1/cypher", "raw_path": b"/api/v1/cypher", "query_string": b"", "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    anyio.run(app, scope, receive, send)
    assert sent[0]["status"] == 413
    assert len(received) * len(chunk) <= MAX_BODY_BYTES + len(chunk)


# -- absurd path and neighbourhood questions -------------------------------------------------------
@pytest.mark.parametrize(("url", "params", "parameter"), [
    ("/api/v1/paths/contact", {"from": "npo:x", "to": [f"m:{n}" for n in range(3000)]}, "to"),
    ("/api/v1/paths/contact", {"from": "npo:" + "x" * 10_000, "to": "municipality:1880"}, "from"),
    ("/api/v1/paths/contact", {"from": "npo:x", "to": "m" * 10_000}, "to.0"),
    ("/api/v1/nodes/lag:hjarta/neighbourhood", {"depth": 1_000_000}, "depth"),
    ("/api/v1/nodes/lag:hjarta/neighbourhood", {"depth": -1}, "depth"),
    ("/api/v1/nodes/lag:hjarta/neighbourhood", {"depth": "9" * 400}, "depth"),
    ("/api/v1/nodes/lag:hjarta/neighbourhood", {"max_nodes": 10 ** 9}, "max_nodes"),
    ("/api/v1/drawings/neighbourhood/lag:hjarta", {"depth": 1000}, "depth"),
    ("/api/v1/exports/workbook", {"around": "lag:hjarta", "depth": 1000}, "depth"),
    ("/api/v1/nodes/" + "x" * 10_000, {}, "uid"),
])
def test_absurd_path_questions_are_4xx_naming_the_parameter(api_client, planted, url, params, parameter):
    answer = api_client.get(url, params=params)
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.json()["parameter"] == parameter
