"""The route index cache: the process's own writes are seen at once; others' within max_age, without waiting."""

from __future__ import annotations

import time

import pytest

from cypher.route_index import REFRESH_SPACING, _Cached, route_index
from graphmodel.engine import Graph
from importers.chart import Chart, UnitRecord
from importers.load import apply_chart

pytestmark = pytest.mark.engine


def add_lag(graph: Graph, uid: str) -> None:
    apply_chart(graph, Chart([UnitRecord(uid, "lag", uid)], [], [], [], []), owner="test")


def write_as_another_process(graph: Graph, uid: str) -> None:
    """A write this Graph object does not know of, as when another process changes the graph."""
    with graph.driver.session(database=graph.database) as session:
        session.execute_write(lambda tx: tx.run("CREATE (:Entity:Body:LAG {uid: $uid, name: $uid, kind: 'lag'})",
                                                uid=uid).consume())


def test_the_process_own_writes_are_seen_at_once(graph):
    assert "lag:first" not in route_index(graph).nodes
    add_lag(graph, "lag:first")
    assert "lag:first" in route_index(graph).nodes


def test_an_old_index_answers_at_once_while_the_new_one_is_read(graph):
    first = route_index(graph)
    write_as_another_process(graph, "lag:elsewhere")
    assert route_index(graph) is first, "an index younger than max_age is kept"
    assert route_index(graph, max_age=0) is first, "an old index answers while it is read again"
    deadline = time.monotonic() + 60
    while (current := route_index(graph, max_age=0)) is first and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "lag:elsewhere" in current.nodes


def test_a_timed_refresh_waits_ten_times_as_long_as_the_last_full_read_took():
    def cached(age: float, read_seconds: float) -> _Cached:
        return _Cached(None, ([], []), time.monotonic() - age, None, 0, read_seconds)

    assert not cached(age=5, read_seconds=1.0).due(max_age=0)
    assert cached(age=11, read_seconds=1.0).due(max_age=0)
    assert not cached(age=20, read_seconds=0.1).due(max_age=30)
    assert cached(age=31, read_seconds=0.0).due(max_age=30)
    assert REFRESH_SPACING == 10
