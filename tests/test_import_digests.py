"""A workbook imported before is recognised by its digest, and compared in full again when the graph moved."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_cli import GOOD, govgraph, running, write_folder  # noqa: F401 - running is a fixture

from graphmodel.engine import Graph
from importers.import_digests import ImportDigests, remember_import, unchanged_import, workbook_digest
from importers.load import ImportReport, apply_chart, existing_kinds
from importers.read import read_workbook
from importers.validate import validate, workbook_ids

pytestmark = pytest.mark.engine


def import_folder(graph: Graph, digests: ImportDigests, folder: Path, *, prune: bool = False) -> ImportReport:
    """What `govgraph import FOLDER --owner orebro` does, the digest included."""
    workbook = read_workbook(folder)
    unchanged = unchanged_import(graph, digests, workbook, owner="orebro", force=False, prune=prune)
    if unchanged is not None:
        return unchanged
    validation = validate(workbook, existing_ids=existing_kinds(graph, workbook_ids(workbook)), graph=graph)
    assert validation.ok, validation.problems
    report = apply_chart(graph, validation.chart, owner="orebro", prune=prune, checked=True)
    remember_import(graph, digests, workbook, report)
    return report


@pytest.fixture
def digests(tmp_path: Path) -> ImportDigests:
    return ImportDigests(tmp_path / "digests.sqlite3")


def test_the_same_workbook_again_is_recognised_and_reported_unchanged_row_by_row(graph, digests, tmp_path):
    folder = write_folder(tmp_path / "orebro", GOOD)
    assert import_folder(graph, digests, folder).written
    recorded = digests.recorded("orebro")
    assert recorded is not None and (recorded.nodes, recorded.edges) == (3, 2)

    again = import_folder(graph, digests, folder)

    assert not again.written and again.changes == 0
    assert {sheet: (counts.read, counts.unchanged) for sheet, counts in again.counts.items() if counts.read} == {
        "units": (2, 2), "people": (1, 1), "memberships": (1, 1), "relations": (1, 1)}


def test_a_record_removed_by_hand_makes_the_same_workbook_compare_and_write_it_back(graph, digests, tmp_path):
    folder = write_folder(tmp_path / "orebro", GOOD)
    import_folder(graph, digests, folder)
    graph.write("MATCH (n:Entity {uid: 'person:a'}) DETACH DELETE n")

    again = import_folder(graph, digests, folder)

    assert again.written and again.counts["people"].created == 1 and again.counts["memberships"].created == 1
    assert graph.read("MATCH (n:Entity {uid: 'person:a'}) RETURN n.name AS name") == [{"name": "Anna"}]


def test_a_changed_cell_changes_the_digest(tmp_path):
    moved = dict(GOOD, units=GOOD["units"].replace("LAG A", "LAG B"))
    digests = {workbook_digest(read_workbook(write_folder(tmp_path / name, sheets)))
               for name, sheets in (("one", GOOD), ("two", moved), ("three", GOOD))}
    assert len(digests) == 2


def test_records_kept_for_prune_forget_the_digest_so_the_note_about_them_comes_again(graph, digests, tmp_path):
    import_folder(graph, digests, write_folder(tmp_path / "full", GOOD))
    fewer = dict(GOOD, people="id;name;fictional\n", memberships="person;unit;role;start\n")
    smaller = write_folder(tmp_path / "fewer", fewer)

    first = import_folder(graph, digests, smaller)
    assert first.unpruned == 2 and digests.recorded("orebro") is None
    assert import_folder(graph, digests, smaller).unpruned == 2

    pruned = import_folder(graph, digests, smaller, prune=True)
    assert pruned.written and digests.recorded("orebro") is not None
    assert import_folder(graph, digests, smaller).changes == 0


def test_after_a_restore_the_workbook_imported_since_the_backup_is_compared_and_written_again(running, tmp_path):
    env, graph = running
    assert govgraph(env, "import", str(write_folder(tmp_path / "orebro", GOOD))).returncode == 0
    backup = tmp_path / "before.zip"
    assert govgraph(env, "backup", str(backup)).returncode == 0
    renamed = write_folder(tmp_path / "renamed", dict(GOOD, people="id;name;fictional\nperson:a;Anna Ny;ja\n"))
    assert "Imported" in govgraph(env, "import", str(renamed), "--owner", "orebro", "--lang", "en").stdout
    restored = govgraph(env, "restore", str(backup), "--force")
    assert restored.returncode == 0, restored.stderr

    again = govgraph(env, "import", str(renamed), "--owner", "orebro", "--lang", "en")

    assert again.returncode == 0 and "Imported" in again.stdout, again.stdout
    assert graph.read("MATCH (n:Entity {uid: 'person:a'}) RETURN n.name AS name") == [{"name": "Anna Ny"}]
