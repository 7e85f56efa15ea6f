"""The engine layer's promises, checked on the engine itself."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ClientError, ConstraintError, Neo4jError

from graphmodel.engine import ReadOnlyViolation
from graphmodel.schema import install_schema, installed_constraints, schema_items

pytestmark = pytest.mark.engine


def count(graph, label: str = "Entity") -> int:
    return graph.read(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"]


def test_a_read_that_writes_is_refused_and_leaves_nothing(graph):
    # Neo4j refuses the write itself; on ArcadeDB the read path's own check does.
    with pytest.raises((ReadOnlyViolation, ClientError)):
        graph.read("CREATE (:Entity {uid: 'sneaky', name: 'Sneaky'})")
    assert count(graph) == 0


def test_reads_return_rows_with_native_values(graph):
    graph.write("CREATE (:Entity {uid: $uid, name: $name, start: date($start)})",
                uid="a", name="A", start="2024-05-01")
    rows = graph.read("MATCH (n:Entity {uid: $uid}) RETURN n.name AS name, n.start AS start", uid="a")
    assert rows[0]["name"] == "A"
    assert rows[0]["start"].iso_format() == "2024-05-01"


def test_a_failing_transaction_writes_nothing(graph):
    with pytest.raises(ConstraintError):
        with graph.transaction() as tx:
            tx.run("CREATE (:Entity {uid: 'first', name: 'First'})").consume()
            tx.run("CREATE (:Entity {uid: 'first', name: 'Again'})").consume()
    assert count(graph) == 0


def test_schema_is_installed_once_however_often_init_runs(graph):
    before = installed_constraints(graph)
    install_schema(graph)
    install_schema(graph)
    assert installed_constraints(graph) == before
    assert ("Entity", "uid") in before
    declared = {(item.label, item.prop) for item in schema_items() if item.unique}
    assert declared <= before


def test_a_pipelined_transaction_commits_what_was_queued(graph):
    with graph.pipelined_transaction() as tx:
        for start in range(0, 30, 10):
            tx.run("UNWIND $rows AS row CREATE (:Entity {uid: row, name: row})",
                   rows=[f"p{n}" for n in range(start, start + 10)])
    assert count(graph) == 30


def test_a_failing_batch_in_a_pipelined_transaction_leaves_nothing(graph):
    with pytest.raises(ConstraintError):
        with graph.pipelined_transaction() as tx:
            tx.run("UNWIND $rows AS row CREATE (:Entity {uid: row, name: row})", rows=["a", "b"])
            tx.run("UNWIND $rows AS row CREATE (:Entity {uid: row, name: row})", rows=["a"])
            tx.run("UNWIND $rows AS row CREATE (:Entity {uid: row, name: row})", rows=["c"])
    assert count(graph) == 0


def test_work_handed_to_a_pipelined_transaction_runs_once_its_batches_have_run_and_not_after_a_failure(graph):
    ran: list[int] = []
    with graph.pipelined_transaction() as tx:
        tx.run("UNWIND $rows AS row CREATE (:Entity {uid: row, name: row})", rows=["a", "b"])
        tx.while_committing(lambda: ran.append(len(ran)))
    assert ran == [0] and count(graph) == 2

    with pytest.raises(Neo4jError):
        with graph.pipelined_transaction() as tx:
            tx.run("UNWIND $rows AS row CREATE (:Entity {uid: row, name: row})", rows=["c"])
            tx.run("UNWIND $rows AS row CREATE (:Entity {uid: row, name: row / 0})", rows=[1])
            tx.while_committing(lambda: ran.append(len(ran)))
    assert ran == [0] and count(graph) == 2


def test_an_error_in_the_callers_block_rolls_the_pipelined_transaction_back(graph):
    with pytest.raises(RuntimeError, match="planning failed"):
        with graph.pipelined_transaction() as tx:
            tx.run("CREATE (:Entity {uid: 'queued', name: 'Queued'})")
            raise RuntimeError("planning failed")
    assert count(graph) == 0
