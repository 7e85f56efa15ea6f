"""The route index kept on disk: a new process on an unchanged graph starts from it; on a changed one it does not."""

from __future__ import annotations

import pytest

from cypher import route_index as cache
from cypher.route_index import route_index
from cypher.route_snapshot import snapshot_path
from graphmodel.engine import Graph
from graphmodel.graph_version import GraphVersion
from importers.chart import Chart, UnitRecord
from importers.load import apply_chart

pytestmark = pytest.mark.engine


@pytest.fixture
def versioned(graph: Graph, tmp_path, monkeypatch) -> Graph:
    """The test graph with a version of its own in a store of its own, as `open_graph` gives every process."""
    monkeypatch.setattr(graph, "shared_version", GraphVersion(tmp_path / "graph-version.sqlite3"))
    cache._cache.pop(graph, None)
    yield graph
    cache._cache.pop(graph, None)


def add_lag(graph: Graph, uid: str) -> None:
    apply_chart(graph, Chart([UnitRecord(uid, "lag", uid)], [], [], [], []), owner="test")


def start_again(graph: Graph) -> None:
    """Forget the index as a process that ends does; the file on disk stays."""
    cache._cache.pop(graph, None)


def write_outside_govgraph(graph: Graph, uid: str) -> None:
    """A write that does not raise the graph's version, so only an index read from the engine shows it."""
    with graph.driver.session(database=graph.database) as session:
        session.execute_write(lambda tx: tx.run("CREATE (:Entity:Body:LAG {uid: $uid, name: $uid, kind: 'lag'})",
                                                uid=uid).consume())


def test_a_process_starting_on_an_unchanged_graph_reads_the_kept_rows(versioned):
    add_lag(versioned, "lag:kept")
    assert "lag:kept" in route_index(versioned).nodes
    assert snapshot_path(versioned).is_file()
    write_outside_govgraph(versioned, "lag:unversioned")
    start_again(versioned)
    started = route_index(versioned)
    assert "lag:kept" in started.nodes
    assert "lag:unversioned" not in started.nodes, "the index came from the file, not from the engine"


def test_a_write_through_govgraph_since_makes_the_next_start_read_the_engine(versioned):
    route_index(versioned)
    start_again(versioned)
    add_lag(versioned, "lag:later")
    assert "lag:later" in route_index(versioned).nodes


def test_a_damaged_file_is_read_as_none(versioned):
    add_lag(versioned, "lag:first")
    route_index(versioned)
    snapshot_path(versioned).write_bytes(b"not a snapshot")
    write_outside_govgraph(versioned, "lag:in-engine")
    start_again(versioned)
    assert "lag:in-engine" in route_index(versioned).nodes


def test_a_graph_without_a_version_keeps_no_file(graph):
    cache._cache.pop(graph, None)
    add_lag(graph, "lag:plain")
    assert "lag:plain" in route_index(graph).nodes
    assert snapshot_path(graph) is None
