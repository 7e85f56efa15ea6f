"""`govgraph import` and `govgraph load reference` as a user runs them: output, exit codes, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmodel.engine import EMBEDDED, Graph, embedded_engine
from graphmodel.engine.embedded import ROOT_USER
from graphmodel.settings import EMBEDDED_DATABASE, Settings
from importers.read import read_workbook
from importers.validate import validate

pytestmark = pytest.mark.engine

GOOD = {
    "units": "id;kind;name;start;end\nlag:a;LAG;LAG A;2024-01-01;2025-12-31\nlpo:a;LPO;LPO A;;\n",
    "people": "id;name;fictional\nperson:a;Anna;ja\n",
    "memberships": "person;unit;role;start\nperson:a;lag:a;ordförande;2024-01-01\n",
    "relations": "source;type;target\nlag:a;rapporterar till;lpo:a\n",
}


def write_folder(folder: Path, sheets: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in sheets.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def running(cli_env: dict[str, str]) -> Iterator[tuple[dict[str, str], Graph]]:
    """An engine kept running for the test's commands, and a connection to count what they wrote."""
    assert govgraph(cli_env, "db", "start").returncode == 0
    engine = embedded_engine(Settings(data_dir=Path(cli_env["GOVGRAPH_DATA_DIR"])))
    state = engine.running()
    graph = Graph(engine=EMBEDDED, uri=state.bolt_uri, auth=(ROOT_USER, engine.password()),
                  database=EMBEDDED_DATABASE)
    try:
        yield cli_env, graph
    finally:
        graph.close()
        govgraph(cli_env, "db", "stop")


def totals(graph: Graph) -> tuple[int, int]:
    nodes = graph.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
    edges = graph.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    return nodes, edges


def test_import_reimport_bad_workbook_and_conflict_exit_codes(running, tmp_path):
    env, graph = running
    good = write_folder(tmp_path / "orebro", GOOD)

    first = govgraph(env, "import", str(good), "--lang", "en")
    assert first.returncode == 0, first.stderr
    assert "Imported" in first.stdout and "owner 'orebro'" in first.stdout
    assert totals(graph) == (3, 2)

    again = govgraph(env, "import", str(good), "--lang", "en")
    assert again.returncode == 0
    assert "Nothing to change" in again.stdout

    bad = dict(GOOD, memberships=GOOD["memberships"] + "person:a;lag:a;emperor;2024-02-01\n"
                                                      "person:zz;lag:a;ledamot;2023-01-01\n")
    bad["units"] += "lag:b;LAG;LAG B;2024-13-01;\n"
    refused = govgraph(env, "import", str(write_folder(tmp_path / "bad", bad)), "--lang", "en", "--owner", "orebro")
    assert refused.returncode == 1
    assert "units.csv row 4, column start: '2024-13-01' is not a date" in refused.stderr
    assert "memberships.csv row 3, column role: 'emperor' is not a role" in refused.stderr
    assert "memberships.csv row 4, column person: 'person:zz' is neither in this workbook nor in the graph" \
        in refused.stderr
    assert "memberships.csv row 4, column start: membership starts 2023-01-01, before lag:a starts" in refused.stderr
    assert "4 problems in the workbook; nothing was written" in refused.stderr
    assert totals(graph) == (3, 2)

    graph.write("MATCH (n:Entity {uid: 'lag:a'}) SET n.name = 'Renamed by hand'")
    kept = govgraph(env, "import", str(good), "--lang", "en")
    assert kept.returncode == 0 and "Nothing to change" in kept.stdout  # the workbook did not change lag:a
    moved = dict(GOOD, units=GOOD["units"].replace("2025-12-31", "2026-12-31"))
    conflict = govgraph(env, "import", str(write_folder(tmp_path / "moved", moved)), "--lang", "en",
                        "--owner", "orebro")
    assert conflict.returncode == 1
    assert "'lag:a' was edited in the graph since the last import" in conflict.stderr
    forced = govgraph(env, "import", str(good), "--lang", "en", "--force", "--dry-run")
    assert forced.returncode == 0 and "Dry run: 1 change(s)" in forced.stdout
    assert "~ units.csv row 2: lag:a (name: graph 'Renamed by hand', workbook 'LAG A')" in forced.stdout

    assert govgraph(env, "import", str(tmp_path / "absent.xlsx"), "--lang", "en").returncode == 2


def test_template_is_written_and_reads_without_problems_against_the_reference_ids(cli_env, tmp_path):
    target = tmp_path / "mall.xlsx"

    result = govgraph(cli_env, "import", "--template", str(target))

    assert result.returncode == 0, result.stderr
    workbook = read_workbook(target)
    assert sorted(workbook.sheets) == ["mandates", "memberships", "people", "relations", "units"]
    known = {"region:18": "region", "knowledge-area:psykisk-halsa": "knowledge_area",
             "municipality:1880": "municipality", "municipality:1881": "municipality",
             "rpo:sjukvardsregion-mellansverige-psykisk-halsa": "rpo"}
    validation = validate(workbook, existing_ids=known)
    assert validation.problems == [] and validation.warnings == []
    assert all(person.fictional for person in validation.chart.people)


def test_load_reference_then_the_template_imports_and_a_second_load_changes_nothing(running, tmp_path):
    env, graph = running

    first = govgraph(env, "load", "reference", "--lang", "en")
    assert first.returncode == 0, first.stderr
    for kind in ("municipality", "region", "healthcare region", "national programme area"):
        assert f"│ {kind} " in first.stdout
    counts = {row["kind"]: row["n"] for row in graph.read(
        "MATCH (n:Entity) WHERE n.imported_from = 'reference' RETURN n.kind AS kind, count(n) AS n")}
    assert (counts["municipality"], counts["region"], counts["healthcare_region"], counts["npo"]) == (290, 21, 6, 26)
    before = totals(graph)

    second = govgraph(env, "load", "reference", "--lang", "en")
    assert second.returncode == 0
    assert "Nothing to change" in second.stdout
    assert totals(graph) == before

    template = tmp_path / "chart.xlsx"
    govgraph(env, "import", "--template", str(template))
    # One row can write several records (a unit row its region and area edges); the count is of records.
    dry = govgraph(env, "import", str(template), "--lang", "en", "--dry-run")
    listed = [line for line in dry.stdout.splitlines() if line.startswith(("+ ", "~ ", "- "))]
    assert dry.returncode == 0 and f"Dry run: {len(listed)} change(s)" in dry.stdout, dry.stdout
    imported = govgraph(env, "import", str(template), "--lang", "en")
    assert imported.returncode == 0, imported.stderr
    assert totals(graph)[0] == before[0] + 6
