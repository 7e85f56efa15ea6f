"""An import is all or nothing even when the engine process dies in the middle of it (kill -9)."""

from __future__ import annotations

import os
import signal

import pytest
from neo4j.exceptions import DriverError, Neo4jError

from graphmodel.engine import EMBEDDED, Graph, embedded_engine
from graphmodel.engine.embedded import ROOT_USER, process_alive
from graphmodel.schema import install_schema
from graphmodel.settings import EMBEDDED_DATABASE, Settings
from importers import load
from importers.chart import Chart, MembershipRecord, PersonRecord, UnitRecord
from importers.load import apply_chart

pytestmark = pytest.mark.engine


def connect(engine) -> tuple[Graph, int]:
    state, _ = engine.start(detached=False)
    graph = Graph(engine=EMBEDDED, uri=state.bolt_uri, auth=(ROOT_USER, engine.password()),
                  database=EMBEDDED_DATABASE)
    graph.verify()
    return graph, state.pid


def chart(size: int, tag: str = "") -> Chart:
    """`size` LAGs with one member each; `tag` keeps the ids apart from other data in the same graph."""
    units = [UnitRecord(f"lag:{tag}{n}", "lag", f"LAG {tag}{n}") for n in range(size)]
    people = [PersonRecord(f"person:{tag}{n}", f"Person {tag}{n}", fictional=True) for n in range(size)]
    memberships = [MembershipRecord(f"person:{tag}{n}", f"lag:{tag}{n}", "member") for n in range(size)]
    return Chart(units=units, people=people, memberships=memberships)


def test_killing_the_engine_mid_import_leaves_the_graph_as_it_was(tmp_path, monkeypatch):
    engine = embedded_engine(Settings(data_dir=tmp_path / "engine"))
    graph, pid = connect(engine)
    try:
        install_schema(graph)
        apply_chart(graph, Chart(units=[UnitRecord("region:18", "region", "Region Örebro län")]), owner="reference")
        monkeypatch.setattr(load, "BATCH_SIZE", 50)
        written = []

        def kill_engine(done: int, total: int) -> None:
            written.append(done)
            if len(written) == 2:
                os.kill(pid, signal.SIGKILL)

        with pytest.raises((DriverError, Neo4jError, OSError)):
            apply_chart(graph, chart(200), owner="big", progress=kill_engine)
        # Batches are queued while earlier ones are written, so a few more may have been handed over.
        assert written[:2] == [50, 100]
        graph.close()
        assert not process_alive(pid)

        graph, pid = connect(engine)
        rows = graph.read("MATCH (n:Entity) RETURN n.uid AS uid, n.imported_from AS owner")
        assert rows == [{"uid": "region:18", "owner": "reference"}]
        assert graph.read("MATCH ()-[r]->() RETURN count(r) AS edges") == [{"edges": 0}]
        assert apply_chart(graph, chart(200), owner="big").counts["units"].created == 200
    finally:
        graph.close()
        engine.stop()
