"""A non-editable install carries the query library and the reference data, and the command explains itself."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("govgraph-*.whl"))


def test_the_wheel_ships_every_query_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {name for name in names if name.startswith("cypher/") and name.endswith(".cypher")}
    assert shipped == {f"cypher/{path.name}" for path in (ROOT / "cypher").glob("*.cypher")}


def test_the_wheel_ships_the_reference_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packaged = {path.relative_to(ROOT).as_posix() for path in (ROOT / "importers" / "reference_data").rglob("*")
                if path.is_file() and "__pycache__" not in path.parts}
    assert packaged and packaged <= names


def test_the_wheel_ships_the_explorer_page(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assets = {f"api/static/{path.name}" for path in (ROOT / "api" / "static").iterdir() if path.is_file()}
    assert {"api/static/index.html", "api/static/explorer.js", "api/static/explorer.css"} <= assets <= names


def test_an_installed_copy_finds_its_queries(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    probe = ("import cypher, sys; from cypher import stored_queries; "
             "assert cypher.__file__.startswith(sys.argv[1]), cypher.__file__; print(len(stored_queries()))")
    result = subprocess.run([sys.executable, "-c", probe, str(target)], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(target)}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(list((ROOT / "cypher").glob("*.cypher")))


def test_help_explains_every_command():
    result = subprocess.run([sys.executable, "-m", "govgraph", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in ("db", "load", "import", "export", "serve", "vocabulary"):
        assert command in result.stdout
    db_help = subprocess.run([sys.executable, "-m", "govgraph", "db", "--help"], capture_output=True, text=True,
                             timeout=60).stdout
    for command in ("start", "stop", "status", "init"):
        assert command in db_help
