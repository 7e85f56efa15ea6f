"""`govgraph export` in a subprocess, on its own data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graphmodel.engine import Graph
# pytest puts tests/ on sys.path (no package there), so the sibling module's sample graph is shared.
from test_export_graph import build

pytestmark = pytest.mark.engine
GOVGRAPH = [sys.executable, "-m", "govgraph"]


def govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*GOVGRAPH, *args], env=env, capture_output=True, text=True, timeout=180)


def failed_naming(result: subprocess.CompletedProcess, parameter: str) -> str:
    assert result.returncode != 0, result.stdout
    assert parameter in result.stderr, result.stderr
    return result.stderr


@pytest.mark.parametrize(("args", "parameter"), [
    (["out.xlsx", "--format", "pdf"], "--format"),
    (["out.csv", "--format", "xlsx"], "OUTPUT"),
    (["out.xlsx", "--format", "csv"], "OUTPUT"),
    (["out", "--depth", "2"], "--depth"),
    (["out", "--around", "lag:a", "--depth", "-1"], "--depth"),
    (["out", "--around", "lag:a", "--region", "region:18"], "--region"),
])
def test_bad_parameters_are_refused_before_the_engine_starts(cli_env, tmp_path, args, parameter):
    args[0] = str(tmp_path / args[0])
    failed_naming(govgraph(cli_env, "export", *args), parameter)
    assert not (tmp_path / "data").exists()
    assert not Path(args[0]).exists()


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    """An engine of its own with the sample graph, kept running for this module's exports."""
    base = tmp_path_factory.mktemp("export-cli")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("NEO4J_", "GOVGRAPH_"))}
    env.update(GOVGRAPH_DATA_DIR=str(base / "data"), GOVGRAPH_CONFIG=str(base / "absent.toml"))
    for command in (["db", "start"], ["db", "init"]):
        result = govgraph(env, *command)
        assert result.returncode == 0, result.stderr
    try:
        state = json.loads((base / "data" / "engine.json").read_text())
        password = (base / "data" / "password").read_text().strip()
        graph = Graph(engine="embedded", uri=f"bolt://127.0.0.1:{state['bolt_port']}", auth=("root", password),
                      database="govgraph")
        try:
            build(graph)
        finally:
            graph.close()
        yield env
    finally:
        govgraph(env, "db", "stop")


def test_an_unknown_id_is_an_error_naming_the_parameter(running, tmp_path):
    assert "lag:nowhere" in failed_naming(govgraph(running, "export", str(tmp_path / "x.xlsx"),
                                                   "--around", "lag:nowhere"), "--around")
    assert "region:99" in failed_naming(govgraph(running, "export", str(tmp_path / "x.json"),
                                                 "--region", "region:99"), "--region")
    assert list(tmp_path.iterdir()) == []


def test_csv_export_writes_every_sheet_and_says_so(running, tmp_path):
    result = govgraph(running, "export", str(tmp_path / "chart"))
    assert result.returncode == 0, result.stderr
    assert "16 units, 3 people, 4 memberships, 7 relations, 1 mandates" in result.stdout
    assert sorted(path.name for path in (tmp_path / "chart").iterdir()) == \
        ["mandates.csv", "memberships.csv", "people.csv", "relations.csv", "units.csv"]


def test_xlsx_export_of_a_region(running, tmp_path):
    result = govgraph(running, "export", str(tmp_path / "orebro.xlsx"), "--region", "region:18")
    assert result.returncode == 0, result.stderr
    ids = {row[0] for row in load_workbook(tmp_path / "orebro.xlsx")["units"].iter_rows(min_row=2, values_only=True)}
    assert "region:18" in ids and "lag:dalarna-demens" not in ids


def test_graphml_and_popolo_exports_around_a_unit(running, tmp_path):
    result = govgraph(running, "export", str(tmp_path / "lag.graphml"), "--around", "lag:orebro-demens")
    assert result.returncode == 0, result.stderr
    assert "4 nodes and 4 edges" in result.stdout
    root = ET.parse(tmp_path / "lag.graphml").getroot()
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"

    result = govgraph(running, "export", str(tmp_path / "lag.json"), "--around", "lag:orebro-demens", "--depth", "2")
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "lag.json").read_text(encoding="utf-8"))
    assert "anna@example.org" not in json.dumps(document)
    assert {person["id"] for person in document["persons"]} == {"person:anna"}

    result = govgraph(running, "export", str(tmp_path / "contacts.json"), "--format", "popolo",
                      "--around", "person:anna", "--include-contact")
    assert result.returncode == 0, result.stderr
    assert "anna@example.org" in (tmp_path / "contacts.json").read_text(encoding="utf-8")


def test_an_xlsx_export_imports_into_an_empty_engine_and_exports_the_same(running, cli_env, tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert govgraph(running, "export", str(first)).returncode == 0
    imported = govgraph(cli_env, "import", str(first))
    assert imported.returncode == 0, imported.stderr
    exported = govgraph(cli_env, "export", str(second))
    assert exported.returncode == 0, exported.stderr
    cells = [{sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in load_workbook(path).worksheets}
             for path in (first, second)]
    assert cells[0] == cells[1]
    assert len(cells[0]["units"]) == 17
