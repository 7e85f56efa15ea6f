"""The graph's version and its change log: what each write touched, read back since a version."""

from __future__ import annotations

import pytest

from graphmodel import graph_version as module
from graphmodel.graph_version import GraphVersion


@pytest.fixture
def version(tmp_path) -> GraphVersion:
    return GraphVersion(tmp_path / "graph-version.sqlite3")


def test_the_changes_since_a_version_are_what_the_writes_after_it_named(version):
    version.advance({"a", "b"})
    version.advance({"c"})
    version.advance({"b", "d"})
    changes = version.changes_since(1)
    assert (changes.number, changes.uids) == (3, frozenset({"b", "c", "d"}))
    assert version.changes_since(3).uids == frozenset()


def test_a_write_that_cannot_say_makes_everything_changed(version):
    version.advance({"a"})
    version.advance(None)
    version.advance({"b"})
    assert version.changes_since(0).uids is None
    assert version.changes_since(2).uids == frozenset({"b"})


def test_a_write_touching_too_many_nodes_is_logged_as_everything(version, monkeypatch):
    monkeypatch.setattr(module, "MAX_LOGGED_UIDS", 2)
    version.advance({"a", "b", "c"})
    assert version.changes_since(0).uids is None


def test_the_log_keeps_the_last_entries_and_a_reader_further_behind_reads_everything(version, monkeypatch):
    monkeypatch.setattr(module, "KEPT_CHANGES", 2)
    for uid in "abcd":
        version.advance({uid})
    assert version.changes_since(2).uids == frozenset({"c", "d"})
    assert version.changes_since(1).uids is None


def test_a_version_the_store_has_not_reached_reads_everything(version):
    version.advance({"a"})
    assert version.changes_since(5).uids is None
