"""An import's problems, warnings and conflicts, said in Swedish (the default) and in English.

The same workbook, with a bad date, an unknown kind, a duplicate id, a
dangling reference, a missing required column and an unknown column, is
imported through the command line and the API in both languages; so is a
change to a record that was edited by hand since the last import.
"""

from __future__ import annotations

import ast
import string
import subprocess
from pathlib import Path

import openpyxl
import pytest
from test_import_cli import govgraph, running  # noqa: F401 - `running` is a fixture of these tests too
from test_import_names import zipped

from graphmodel.import_messages import IMPORT_MESSAGES
from graphmodel.messages import ENGLISH, MESSAGES, SWEDISH, speaking
from importers.read import WorkbookError, read_workbook
from importers.validate import validate

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = "/api/v1/imports"

NODE_KINDS_EN = ("npo, nag, nsg, rpo, rsg, lpo, lpog, lsg, lag, steering_group, collaboration_group, council, "
                 "management_group, preparatory_group, network, organisation, administration, division, area, unit, "
                 "operation, healthcare_region, region, county, municipality, person, post, knowledge_area, "
                 "decision_matter")
NODE_KINDS_SV = ("nationellt programområde, nationell arbetsgrupp, nationell samverkansgrupp, regionalt "
                 "programområde, regional samverkansgrupp, lokalt programområde, lokal programområdesgrupp, lokal "
                 "samverkansgrupp, lokal arbetsgrupp, styrgrupp, samverkansgrupp, råd, ledningsgrupp, "
                 "beredningsgrupp, nätverk, organisation, förvaltning, division, område, enhet, verksamhet, "
                 "sjukvårdsregion, region, län, kommun, person, befattning, kunskapsområde, beslutsfråga")
PEOPLE_COLUMNS = "id, name, title, organisation, email, phone, fictional, source, note"

GOOD = {
    "units": "id;kind;name;start;end\nlag:a;LAG;LAG A;2024-01-01;2025-12-31\nlpo:a;LPO;LPO A;;\n",
    "people": "id;name;fictional\nperson:a;Anna;ja\n",
    "memberships": "person;unit;role;start\nperson:a;lag:a;ordförande;2024-01-01\n",
    "relations": "source;type;target\nlag:a;rapporterar till;lpo:a\n",
}
BROKEN = {
    "units": ("id;kind;name;start;end\nlag:a;LAG;LAG A;2024-01-01;2025-12-31\nlpo:a;LPO;LPO A;;\n"
              "lag:b;LAG;LAG B;2024-13-01;\nlag:a;LAG;LAG A igen;;\nnpo:x;kommunn;NPO X;;\n"),
    "people": "id;name;fictional;shoe_size\nperson:a;Anna;ja;38\n",
    "memberships": "person;unit;role;start\nperson:a;lag:a;ordförande;2024-01-01\nperson:zz;lag:a;ledamot;2024-02-01\n",
    "relations": "source;type\nlag:a;rapporterar till\n",
}
MOVED = dict(GOOD, units=GOOD["units"].replace("2025-12-31", "2026-12-31"))

# What is wrong with BROKEN, located and said, in the order the import reports it.
PROBLEMS = {
    SWEDISH: [
        "units.csv rad 4, kolumn start: ”2024-13-01” är inte ett datum; skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2024-01-31",
        "units.csv rad 5, kolumn id: id:t ”lag:a” finns två gånger: också i units rad 2",
        f"units.csv rad 6, kolumn kind: ”kommunn” är inte ett slag (kända: {NODE_KINDS_SV}; de engelska namnen går "
        "också bra, se `govgraph vocabulary`)",
        "memberships.csv rad 3, kolumn person: ”person:zz” finns varken i den här arbetsboken eller i grafen",
        "relations.csv rad 1, kolumn target: den obligatoriska kolumnen ”target” saknas i rubrikraden",
    ],
    ENGLISH: [
        "units.csv row 4, column start: '2024-13-01' is not a date; write dates as YYYY-MM-DD, e.g. 2024-01-31",
        "units.csv row 5, column id: duplicate id 'lag:a': also in units row 2",
        f"units.csv row 6, column kind: 'kommunn' is not a node kind (known: {NODE_KINDS_EN}; Swedish names are "
        "accepted too, see `govgraph vocabulary`)",
        "memberships.csv row 3, column person: 'person:zz' is neither in this workbook nor in the graph",
        "relations.csv row 1, column target: required column 'target' is missing from the header row",
    ],
}
WARNING = {
    SWEDISH: (f"people.csv rad 1, kolumn shoe_size: den okända kolumnen ”shoe_size” läses inte "
              f"(kända: {PEOPLE_COLUMNS})"),
    ENGLISH: f"people.csv row 1, column shoe_size: unknown column 'shoe_size' is ignored (known: {PEOPLE_COLUMNS})",
}
CONFLICT = {
    SWEDISH: ("”lag:a” har ändrats i grafen sedan den senaste importen (end: i grafen 2025-12-31, i arbetsboken "
              "2026-12-31; name: i grafen 'Renamed by hand', i arbetsboken 'LAG A'); använd --force för att skriva "
              "över"),
    ENGLISH: ("'lag:a' was edited in the graph since the last import (end: graph 2025-12-31, workbook 2026-12-31; "
              "name: graph 'Renamed by hand', workbook 'LAG A'); use --force to overwrite it"),
}
LINE = {SWEDISH: {"problem": "problem", "warning": "varning", "conflict": "konflikt"},
        ENGLISH: {"problem": "problem", "warning": "warning", "conflict": "conflict"}}
ERROR = {SWEDISH: "fel", ENGLISH: "error"}
PROBLEMS_FOUND = {SWEDISH: "fel: 5 problem i arbetsboken; inget skrevs",
                  ENGLISH: "error: 5 problems in the workbook; nothing was written"}
CONFLICT_FOUND = {SWEDISH: "fel: 1 konflikt med grafen; inget skrevs",
                  ENGLISH: "error: 1 conflict with the graph; nothing was written"}
INVALID_UPLOAD = {SWEDISH: "5 problem i orebro.zip; inget skrevs",
                  ENGLISH: "5 problems in orebro.zip; nothing was written"}
CONFLICTS_UPLOAD = {SWEDISH: "1 konflikt med grafen; inget skrevs (force=true skriver över de konflikter som går att "
                             "skriva över)",
                    ENGLISH: "1 conflict with the graph; nothing was written (force=true overwrites those that can be)"}


def write_folder(folder: Path, sheets: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in sheets.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def stderr_lines(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.strip()]


# -- without an engine: the words themselves ------------------------------------------------------------
def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def keys_used_by_importers() -> set[str]:
    """Every catalogue key written out in the importers' source (keys made up of parts are checked below)."""
    found = set()
    for path in sorted((ROOT / "importers").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parts = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts \
                    and node.value.startswith(("import.", "words.")) and " " not in node.value:
                found.add(node.value)
    return found


def test_every_message_the_importers_name_is_in_the_catalogue_in_both_languages_with_the_same_fields():
    used = keys_used_by_importers()
    assert len(used) > 80
    for key in sorted(used | set(IMPORT_MESSAGES)):
        assert key in MESSAGES, key
        swedish, english = MESSAGES[key]
        assert swedish.strip() and english.strip(), key
        assert fields(swedish) == fields(english), key


def test_keys_made_of_parts_are_in_the_catalogue():
    for what in ("problem", "warning", "conflict"):
        assert f"import.line.{what}" in MESSAGES
    for found_in in ("workbook", "chart", "graph"):
        for many in ("one", "many"):
            assert f"import.failed.{found_in}.{many}" in MESSAGES
    for prefix in ("import.api.invalid", "import.api.conflicts", "import.api.graph_changed"):
        assert {f"{prefix}.one", f"{prefix}.many"} <= MESSAGES.keys()


def test_a_problem_is_english_as_a_string_and_said_in_either_language(tmp_path):
    validation = validate(read_workbook(write_folder(tmp_path / "orebro", BROKEN)))

    assert [str(problem) for problem in validation.problems] == PROBLEMS[ENGLISH]
    assert [problem.said(ENGLISH) for problem in validation.problems] == PROBLEMS[ENGLISH]
    assert [problem.said(SWEDISH) for problem in validation.problems] == PROBLEMS[SWEDISH]
    with speaking(SWEDISH):
        assert [problem.said() for problem in validation.problems] == PROBLEMS[SWEDISH]
    assert [warning.said(SWEDISH) for warning in validation.warnings] == [WARNING[SWEDISH]]


def test_a_workbook_sheet_is_named_as_each_language_names_it(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "units"
    sheet.append(["id", "kind", "name", "start"])
    sheet.append(["lag:a", "LAG", "LAG A", "2024-02-30"])
    for name, header in (("people", ["id", "name"]), ("memberships", ["person", "unit", "role"]),
                         ("relations", ["source", "type", "target"])):
        book.create_sheet(name).append(header)
    book.save(tmp_path / "chart.xlsx")

    [problem] = validate(read_workbook(tmp_path / "chart.xlsx")).problems

    assert str(problem) == ("chart.xlsx, sheet units row 2, column start: '2024-02-30' is not a date; write dates as "
                            "YYYY-MM-DD, e.g. 2024-01-31")
    assert problem.said(SWEDISH) == ("chart.xlsx, blad units rad 2, kolumn start: ”2024-02-30” är inte ett datum; "
                                     "skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2024-01-31")


def test_a_missing_sheet_and_an_unreadable_file_are_said_in_either_language(tmp_path):
    sheets = dict(GOOD)
    del sheets["people"]
    folder = write_folder(tmp_path / "orebro", sheets)
    [missing] = read_workbook(folder).problems
    assert missing.said(ENGLISH) == f"people.csv: file people.csv is missing from {folder}"
    assert missing.said(SWEDISH) == f"people.csv: filen people.csv saknas i {folder}"

    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(WorkbookError) as refused:
        read_workbook(empty)
    assert str(refused.value) == f"{empty}: the file is empty, not an .xlsx workbook"
    assert refused.value.said(SWEDISH) == f"{empty}: filen är tom och alltså ingen .xlsx-arbetsbok"


def test_an_unknown_language_is_a_usage_error_naming_lang(cli_env, tmp_path):
    done = govgraph(cli_env, "import", str(tmp_path / "absent"), "--lang", "fi")
    assert done.returncode == 2
    assert "--lang" in done.stderr and "fi" in done.stderr


@pytest.mark.parametrize("lang", [SWEDISH, ENGLISH])
def test_an_unreadable_path_is_said_in_the_language_asked(cli_env, tmp_path, lang):
    absent = tmp_path / "absent.xlsx"
    done = govgraph(cli_env, "import", str(absent), "--lang", lang)
    said = {SWEDISH: f"{absent}: filen eller mappen finns inte", ENGLISH: f"{absent}: no such file or folder"}
    assert done.returncode == 2
    assert " ".join(done.stderr.split()) == f"{ERROR[lang]}: {said[lang]}"


# -- on the engine: the command line ----------------------------------------------------------------------
@pytest.mark.engine
def test_the_command_line_says_problems_warnings_and_conflicts_in_swedish_unless_asked_for_english(running,
                                                                                                     tmp_path):
    env, graph = running
    broken = write_folder(tmp_path / "orebro", BROKEN)
    for lang, asked in ((SWEDISH, ()), (ENGLISH, ("--lang", "en")), (SWEDISH, ("--lang", "sv"))):
        refused = govgraph(env, "import", str(broken), *asked)
        words = LINE[lang]
        assert refused.returncode == 1, refused.stderr
        assert stderr_lines(refused) == [f"{words['warning']}: {WARNING[lang]}",
                                         *(f"{words['problem']}: {problem}" for problem in PROBLEMS[lang]),
                                         PROBLEMS_FOUND[lang]]
    assert graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == 0

    assert govgraph(env, "import", str(write_folder(tmp_path / "good", GOOD)), "--owner", "orebro").returncode == 0
    graph.write("MATCH (n:Entity {uid: 'lag:a'}) SET n.name = 'Renamed by hand'")
    moved = write_folder(tmp_path / "moved", MOVED)
    for lang in (SWEDISH, ENGLISH):
        conflict = govgraph(env, "import", str(moved), "--owner", "orebro", "--lang", lang)
        location = {SWEDISH: "units.csv rad 2", ENGLISH: "units.csv row 2"}[lang]
        assert conflict.returncode == 1, conflict.stderr
        assert stderr_lines(conflict) == [f"{LINE[lang]['conflict']}: {location}: {CONFLICT[lang]}",
                                          CONFLICT_FOUND[lang]]


@pytest.mark.engine
def test_the_summary_and_the_dry_runs_lines_are_said_in_the_language_asked(running, tmp_path):
    env, _ = running
    good = write_folder(tmp_path / "orebro", GOOD)

    dry = govgraph(env, "import", str(good), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Sammanfattning av importen (ägare ”orebro”)" in dry.stdout
    assert f"Provkörning: 5 ändring(ar) i {good}; inget skrevs." in dry.stdout
    done = govgraph(env, "import", str(good), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Import summary (owner 'orebro')" in done.stdout
    assert f"Imported {good}: 5 change(s) written in one transaction." in done.stdout
    again = govgraph(env, "import", str(good))
    assert f"Inget att ändra: grafen stämmer redan med {good}." in again.stdout

    changed = write_folder(tmp_path / "changed", dict(MOVED, relations="source;type;target\n"))
    listed = {lang: govgraph(env, "import", str(changed), "--owner", "orebro", "--dry-run", "--lang", lang)
              for lang in (SWEDISH, ENGLISH)}
    assert [line for line in listed[SWEDISH].stdout.splitlines() if line[:2] in ("~ ", "- ")] == [
        "~ units.csv rad 2: lag:a (end: i grafen 2025-12-31, i arbetsboken 2026-12-31)",
        "- relations.csv: lag:a -REPORTS_TO-> lpo:a [behålls: använd --prune för att ta bort]"]
    assert [line for line in listed[ENGLISH].stdout.splitlines() if line[:2] in ("~ ", "- ")] == [
        "~ units.csv row 2: lag:a (end: graph 2025-12-31, workbook 2026-12-31)",
        "- relations.csv: lag:a -REPORTS_TO-> lpo:a [kept: use --prune to remove]"]


# -- on the engine: the API ----------------------------------------------------------------------------------
def upload(client, sheets: dict[str, str], headers: dict[str, str], **params):
    return client.post(IMPORTS, params=params, headers=headers,
                       files={"file": ("orebro.zip", zipped(sheets), "application/zip")})


@pytest.mark.engine
@pytest.mark.parametrize(("asked", "lang"), [({}, SWEDISH), ({"lang": "en"}, ENGLISH),
                                             ({"lang": "sv"}, SWEDISH)])
def test_the_api_says_an_invalid_workbooks_problems_in_the_requests_language(api_client, api_keys, graph, asked,
                                                                             lang):
    answer = upload(api_client, BROKEN, api_keys["editor"], **asked)

    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["title"] == {SWEDISH: "Ogiltig arbetsbok", ENGLISH: "Invalid workbook"}[lang]
    assert body["detail"] == INVALID_UPLOAD[lang]
    assert [error["message"] for error in body["errors"]] == PROBLEMS[lang]
    first = body["errors"][0]
    assert (first["sheet"], first["row"], first["column"], first["value"]) == ("units", 4, "start", "2024-13-01")
    assert graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == 0


@pytest.mark.engine
def test_the_api_answer_follows_accept_language_too(api_client, api_keys, graph):
    answer = upload(api_client, BROKEN, {"Accept-Language": "en-GB, sv;q=0.5", **api_keys["editor"]})
    assert [error["message"] for error in answer.json()["errors"]] == PROBLEMS[ENGLISH]


@pytest.mark.engine
def test_the_api_says_conflicts_and_warnings_in_the_requests_language(api_client, api_keys, graph):
    editor = api_keys["editor"]
    assert upload(api_client, GOOD, editor, write="true", owner="orebro").status_code == 200
    graph.write("MATCH (n:Entity {uid: 'lag:a'}) SET n.name = 'Renamed by hand'")
    moved = dict(MOVED, people="id;name;fictional;shoe_size\nperson:a;Anna;ja;38\n")

    for lang in (SWEDISH, ENGLISH):
        dry = upload(api_client, moved, editor, owner="orebro", lang=lang)
        assert dry.status_code == 200, dry.text
        [conflict] = dry.json()["conflicts"]
        assert (conflict["sheet"], conflict["row"], conflict["where"]) == ("units", 2, "units.csv")
        assert conflict["message"] == CONFLICT[lang]
        [warning] = dry.json()["warnings"]
        assert warning["message"] == WARNING[lang].split(": ", 1)[1]

        refused = upload(api_client, moved, editor, owner="orebro", write="true", lang=lang)
        assert refused.status_code == 409, refused.text
        location = {SWEDISH: "units.csv rad 2", ENGLISH: "units.csv row 2"}[lang]
        assert refused.json()["detail"] == CONFLICTS_UPLOAD[lang]
        assert [error["message"] for error in refused.json()["errors"]] == [f"{location}: {CONFLICT[lang]}"]


@pytest.mark.engine
@pytest.mark.parametrize("lang", [SWEDISH, ENGLISH])
def test_the_api_says_why_an_upload_cannot_be_read_in_the_requests_language(api_client, api_keys, graph, lang):
    editor = api_keys["editor"]
    empty = api_client.post(IMPORTS, params={"lang": lang}, headers=editor,
                            files={"file": ("empty.xlsx", b"", "application/octet-stream")})
    assert empty.status_code == 422, empty.text
    assert empty.json()["detail"] == {SWEDISH: "empty.xlsx: filen är tom och alltså ingen .xlsx-arbetsbok",
                                      ENGLISH: "empty.xlsx: the file is empty, not an .xlsx workbook"}[lang]

    notes = api_client.post(IMPORTS, params={"lang": lang}, headers=editor,
                            files={"file": ("notes.txt", b"hej", "text/plain")})
    assert notes.status_code == 415, notes.text
    assert notes.json()["detail"] == {
        SWEDISH: "”notes.txt” är varken en .xlsx-arbetsbok eller en .zip med organisationsschemats .csv-filer",
        ENGLISH: "'notes.txt' is neither an .xlsx workbook nor a .zip of the chart's .csv files"}[lang]
