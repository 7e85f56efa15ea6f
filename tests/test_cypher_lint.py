"""Every query in `cypher/` passes Neo4j's own Cypher front end (tools/cypher-lint), linted as Cypher 5
against the model's labels, relationship types and property keys.

Errors fail the test; warnings (a name the model lacks, a deprecated feature) are reported as pytest
warnings. Planted broken queries show the linter does catch what it should.
"""

from __future__ import annotations

import json
import runpy
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from cypher import QUERY_DIR

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tools" / "cypher-lint"
INSTALL_HINT = "install the Cypher linter with `npm ci --prefix tools/cypher-lint` (needs Node.js and npm)"

PLANTED = {
    "syntax_error": ("// answers: nothing\n// example: {}\nMATCH (n:Entity RETURN n\n",
                     "error", "Invalid input"),
    "undefined_variable": ("// answers: nothing\n// example: {}\nMATCH (n:Entity)\nRETURN m.name AS name\n",
                           "error", "Variable `m` not defined"),
    "undeclared_parameter": ("// answers: nothing\n// param: uid (string) an id\n// example: {\"uid\": \"x\"}\n"
                             + "MATCH (n:Entity {uid: $uid}) WHERE n.kind = $kind RETURN n.name AS name\n",
                             "error", "Parameter $kind is not defined"),
    "plugin_function": ("// answers: nothing\n// example: {}\nMATCH (n:Entity)\n"
                        + "RETURN apoc.text.join([n.name], ', ') AS names\n",
                        "error", "Function apoc.text.join is not present"),
    "unknown_label": ("// answers: nothing\n// example: {}\nMATCH (n:Committee) RETURN n.name AS name\n",
                      "warning", "Committee is not present"),
}


@dataclass(frozen=True)
class LintRun:
    """Diagnostics by file: the library's files as they were when linted, and the planted ones by name."""

    library: dict[str, list[dict]]
    planted: dict[str, list[dict]]

    def library_diagnostics(self, severity: str) -> list[str]:
        return [f"{Path(path).name}:{d['line']}:{d['column']}: {d['message']}"
                for path, diagnostics in self.library.items() for d in diagnostics if d["severity"] == severity]


def library_files() -> list[Path]:
    return sorted(QUERY_DIR.glob("*.cypher"))


def _require_linter() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"Node.js (`node`) is not on PATH; {INSTALL_HINT}")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail(f"tools/cypher-lint/node_modules is missing: {INSTALL_HINT}")
    return node


def _write_model_schema(directory: Path) -> Path:
    schema = runpy.run_path(str(LINT_DIR / "model_schema.py"))["model_schema"]()
    path = directory / "schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lint_run(tmp_path_factory) -> LintRun:
    """The library's files and the planted ones, linted in one run (the linter takes ~3 s to load)."""
    node = _require_linter()
    directory = tmp_path_factory.mktemp("cypher-lint")
    planted = {name: directory / f"{name}.cypher" for name in PLANTED}
    for name, path in planted.items():
        path.write_text(PLANTED[name][0], encoding="utf-8")
    library = library_files()
    command = [node, str(LINT_DIR / "lint.mjs"), "--schema", str(_write_model_schema(directory)),
               *map(str, library + list(planted.values()))]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    report = {entry["path"]: entry["diagnostics"] for entry in json.loads(done.stdout)["files"]}
    return LintRun({str(path): report[str(path)] for path in library},
                   {name: report[str(path)] for name, path in planted.items()})


def test_the_library_has_queries_to_lint(lint_run):
    assert lint_run.library


def test_no_query_in_the_library_has_a_cypher_error(lint_run):
    errors = lint_run.library_diagnostics("error")
    assert not errors, "Neo4j 5's Cypher front end refuses:\n" + "\n".join(errors)


def test_warnings_on_library_queries_are_listed(lint_run):
    for warning in lint_run.library_diagnostics("warning"):
        warnings.warn(f"Cypher lint: {warning}", UserWarning, stacklevel=1)


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_the_linter_reports_a_planted_problem(lint_run, name):
    _, severity, message = PLANTED[name]
    found = lint_run.planted[name]
    assert [d for d in found if d["severity"] == severity and message in d["message"]], found
