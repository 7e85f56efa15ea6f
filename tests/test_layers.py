"""The house in layers: every import points down (graphmodel < cypher < importers < api < govgraph).

The test walks the source with `ast`, so an import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# From the ground floor up; a package may import its own floor and any floor below it.
LAYERS = ("graphmodel", "cypher", "importers", "api", "govgraph")
FLOOR = {package: level for level, package in enumerate(LAYERS)}


def imported_packages(source: str) -> list[tuple[int, str]]:
    """(line, top-level package) of every import in `source`, relative imports left out (they stay home)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def upward_imports(package: str, source: str, where: str) -> list[str]:
    return [f"{where}:{line} ({package}) imports {target}, a floor above it"
            for line, target in imported_packages(source)
            if target in FLOOR and FLOOR[target] > FLOOR[package]]


def modules_of(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_no_module_imports_a_layer_above_its_own():
    problems = []
    for package in LAYERS:
        for path in modules_of(package):
            problems += upward_imports(package, path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert problems == []


def test_every_package_of_the_project_has_a_floor():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert packages == set(LAYERS)


def test_a_planted_upward_import_is_caught_wherever_it_hides():
    planted = '''
from graphmodel.engine import Graph

def later():
    from api.keys import KeyStore   # the ground floor reaching for the roof
    import importers.erase
'''
    assert upward_imports("graphmodel", planted, "graphmodel/planted.py") == [
        "graphmodel/planted.py:5 (graphmodel) imports api, a floor above it",
        "graphmodel/planted.py:6 (graphmodel) imports importers, a floor above it",
    ]
    assert upward_imports("api", planted, "api/planted.py") == []
