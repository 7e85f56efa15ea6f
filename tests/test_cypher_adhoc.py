"""Ad-hoc Cypher on the engine: rows and limits, clear errors, and nothing ever written."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from cypher.adhoc import (
    AdhocAnswer,
    CypherError,
    ParameterError,
    QueryTimeout,
    WriteRejected,
    check_parameters,
    run_adhoc,
)
from graphmodel.engine import ReadOnlyViolation
from graphmodel.engine.graph import MAX_BOUNDED_READS, ReadsBusy

pytestmark = pytest.mark.engine

TIMEOUT = 30.0
MAX_ROWS = 1000
# About 10^10 rows to filter: hours on either engine, so only the time limit ends it.
SLOW_QUERY = ("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
              "WITH a, b WHERE a * b = -1 RETURN count(*) AS n")
SLOW_LIMIT = 2.0
STOP_MARGIN = 4.0

WRITES = [
    "CREATE (:Entity {uid: 'sneaky', name: 'Sneaky'})",
    "MERGE (n:Entity {uid: 'sneaky'}) RETURN n",
    "MATCH (n:Entity) SET n.name = 'renamed'",
    "MATCH (n:Entity) WITH n LIMIT 1 DELETE n",
    "MATCH (n:Entity) WITH n LIMIT 1 DETACH\n   DELETE n",
    "MATCH (n:Entity) REMOVE n.name",
    "MATCH ()-[r]->() WITH r LIMIT 1 delete r",
    "INSERT (:Entity {uid: 'sneaky'})",
    "MATCH (n:Entity) FOREACH (x IN [1] | SET n.note = 'x')",
    "LOAD CSV FROM 'file:///etc/passwd' AS row CREATE (:Entity {uid: row[0]})",
    "CALL db.createLabel('Sneaky')",
    "CALL apoc.create.node(['Entity'], {uid: 'sneaky'}) YIELD node RETURN node",
    "MATCH (n:Entity) CALL { WITH n CREATE (:Entity {uid: n.uid + '-copy'}) } RETURN count(*) AS c",
    "UNWIND range(1, 3) AS i CALL { WITH i CREATE (:Entity {uid: 'b' + i}) } IN TRANSACTIONS RETURN i",
    "MATCH (n) RETURN count(n); CREATE (:Entity {uid: 'sneaky'})",
    "MATCH (n) // read\n/* then */ create (:Entity {uid: 'sneaky'})",
]


def graph_counts(graph) -> tuple[int, int]:
    nodes = graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    relationships = graph.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return nodes, relationships


def adhoc(graph, text: str, parameters: dict | None = None, **limits) -> AdhocAnswer:
    return run_adhoc(graph, text, parameters, timeout_seconds=limits.get("timeout_seconds", TIMEOUT),
                     max_rows=limits.get("max_rows", MAX_ROWS))


def still_running(graph, fragment: str) -> list[str]:
    with graph.driver.session(database=graph.database) as session:
        found = session.run("SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $fragment "
                            "RETURN currentQuery", fragment=fragment)
        return [record["currentQuery"] for record in found]


# -- reading -----------------------------------------------------------------------------------------
def test_a_read_returns_columns_and_json_rows(reference_graph):
    answer = adhoc(reference_graph, "MATCH (n:Entity {kind: $kind}) WHERE n.start IS NOT NULL "
                                    "RETURN n.uid AS uid, n.start AS start, n ORDER BY uid LIMIT 3", {"kind": "lag"})
    assert answer.columns == ("uid", "start", "n")
    assert len(answer.rows) == 3 and not answer.truncated
    first = answer.rows[0]
    assert first["uid"].startswith("lag:")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first["start"])
    assert first["n"]["uid"] == first["uid"] and first["n"]["start"] == first["start"]
    assert answer.elapsed_ms >= 0
    assert answer.as_json()["columns"] == ["uid", "start", "n"]


def test_a_trailing_semicolon_and_allowed_procedures_run(reference_graph):
    assert adhoc(reference_graph, "RETURN 1 AS one;").rows == [{"one": 1}]
    assert adhoc(reference_graph, "RETURN 1 AS one; // done").rows == [{"one": 1}]
    labels = {row["label"] for row in adhoc(reference_graph, "CALL db.labels() YIELD label RETURN label").rows}
    assert {"Entity", "Body"} <= labels


def test_the_row_limit_truncates_and_says_so(reference_graph):
    nodes, _ = graph_counts(reference_graph)
    answer = adhoc(reference_graph, "MATCH (n:Entity) RETURN n.uid AS uid", max_rows=10)
    assert len(answer.rows) == 10 and answer.truncated
    exact = adhoc(reference_graph, "MATCH (n:Entity) RETURN n.uid AS uid", max_rows=nodes)
    assert len(exact.rows) == nodes and not exact.truncated


def test_an_empty_result_is_no_rows(reference_graph):
    answer = adhoc(reference_graph, "MATCH (n:Entity {uid: 'no such uid'}) RETURN n.uid AS uid, n.name AS name")
    assert (answer.rows, answer.truncated) == ([], False)
    # Neo4j names the columns of an empty result; ArcadeDB sends none (docs/engines.md).
    assert answer.columns in ((), ("uid", "name"))


def test_a_slow_query_stops_at_the_time_limit_and_the_graph_stays_usable(reference_graph):
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as stopped:
        adhoc(reference_graph, SLOW_QUERY, timeout_seconds=SLOW_LIMIT)
    elapsed = time.monotonic() - started
    assert SLOW_LIMIT <= elapsed < SLOW_LIMIT + STOP_MARGIN
    assert stopped.value.seconds == SLOW_LIMIT and "2 seconds" in str(stopped.value)
    assert adhoc(reference_graph, "MATCH (n:Entity) RETURN count(n) AS n").rows[0]["n"] > 0
    assert still_running(reference_graph, "range(1, 100000)") == []


def test_a_large_truncated_result_comes_back_within_the_time_limit(reference_graph):
    started = time.monotonic()
    answer = adhoc(reference_graph, "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN a, b",
                   timeout_seconds=SLOW_LIMIT, max_rows=5)
    assert time.monotonic() - started < SLOW_LIMIT + STOP_MARGIN
    assert answer.rows == [{"a": 1, "b": b} for b in range(1, 6)] and answer.truncated
    assert still_running(reference_graph, "range(1, 100000)") == []


def test_concurrent_slow_queries_are_all_stopped(reference_graph):
    def attempt(_: int) -> str:
        try:
            adhoc(reference_graph, SLOW_QUERY, timeout_seconds=SLOW_LIMIT)
        except (QueryTimeout, ReadsBusy) as stopped:
            return type(stopped).__name__
        return "finished"

    started = time.monotonic()
    with ThreadPoolExecutor(MAX_BOUNDED_READS + 2) as pool:
        attempts = pool.map(attempt, range(MAX_BOUNDED_READS + 2))
        time.sleep(SLOW_LIMIT / 2)
        # Only MAX_BOUNDED_READS reach the engine, so a slot stays free there to terminate them.
        assert len(still_running(reference_graph, "range(1, 100000)")) == MAX_BOUNDED_READS
        outcomes = set(attempts)
    assert time.monotonic() - started < SLOW_LIMIT + STOP_MARGIN
    assert outcomes == {"QueryTimeout", "ReadsBusy"}
    assert still_running(reference_graph, "range(1, 100000)") == []


# -- refusing ----------------------------------------------------------------------------------------
def test_a_syntax_error_is_a_cypher_error_of_one_line(reference_graph):
    with pytest.raises(CypherError) as refused:
        adhoc(reference_graph, "MATCH (n:Entity\nRETURN n")
    assert refused.value.code.endswith("SyntaxError")
    assert "\n" not in str(refused.value) and "govgraph-bounded-read" not in str(refused.value)


@pytest.mark.parametrize("text", ["MATCH (n) RETURN m", "RETURN $missing AS x", "RETURN 1 / 0 AS x"])
def test_engine_refusals_are_cypher_errors(reference_graph, text):
    with pytest.raises(CypherError) as refused:
        adhoc(reference_graph, text)
    assert str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("text", WRITES)
def test_every_write_form_is_refused_and_nothing_changes(reference_graph, text):
    before = graph_counts(reference_graph)
    with pytest.raises(WriteRejected) as refused:
        adhoc(reference_graph, text)
    assert refused.value.keyword and refused.value.position[0] >= 1
    assert graph_counts(reference_graph) == before
    assert reference_graph.read("MATCH (n) WHERE n.uid STARTS WITH 'sneaky' OR n.name = 'renamed' "
                                "RETURN count(n) AS n")[0]["n"] == 0


@pytest.mark.parametrize(("parameters", "named"), [
    ({"when": {1, 2}}, "when"),
    ({"ids": ["a", b"b"]}, "ids[1]"),
    ({"filter": {"kind": object()}}, "filter.kind"),
    ({"big": 2**70}, "big"),
    ({"x": float("nan")}, "x"),
    ({"not-a-name": 1}, "not-a-name"),
    ({"1st": 1}, "1st"),
    ({"name\n": 1}, "name\n"),
])
def test_parameters_that_are_not_json_values_are_named(reference_graph, parameters, named):
    with pytest.raises(ParameterError) as refused:
        adhoc(reference_graph, "RETURN 1 AS x", parameters)
    assert refused.value.parameter == named


def test_json_parameters_pass():
    parameters = {"a": None, "b": True, "c": 1, "d": 1.5, "e": "x", "f": [1, "y", [None]], "g": {"h": [{"i": 2}]}}
    assert check_parameters(parameters) == parameters


# -- the second line: the engine layer rolls back what the guard let through ---------------------
def test_a_bounded_read_that_creates_is_rolled_back(graph):
    with pytest.raises(ReadOnlyViolation):
        graph.read_bounded("CREATE (n:Entity {uid: 'sneaky', name: 'Sneaky'}) RETURN n.uid AS uid", {},
                           timeout=TIMEOUT, max_rows=MAX_ROWS)
    assert graph_counts(graph) == (0, 0)


def test_a_truncated_bounded_read_that_creates_is_rolled_back(graph):
    with pytest.raises(ReadOnlyViolation):
        graph.read_bounded("UNWIND range(1, 50) AS i CREATE (n:Entity {uid: 'sneaky' + i}) RETURN n.uid AS uid",
                           {}, timeout=TIMEOUT, max_rows=5)
    assert graph_counts(graph) == (0, 0)
