"""A reader key against POST /api/v1/cypher: every attack is refused, and the graph and the files stay private.

Each case was tried against the service as an attacker with a reader key
would (issue 12). After each: a 4xx answer, the same node and relationship
counts and content checksum, the uniqueness constraints still installed, no
new label in the schema, and no file content in the answer. The engine's own
refusal is tested apart, with text the guard never sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govgraph.backup import content_checksum
from graphmodel.schema import installed_constraints

pytestmark = pytest.mark.engine

COMMENT_ENDS = ["\r", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c"]
PREFIXES = ["\x00", "\ufeff", "\u200b", "\x1b", "\u00a0"]

WRITES_AFTER_A_COMMENT = [
    "WITH 1 AS x //{end}CALL {{ CREATE (n:Pwned {{uid:'pwned-1'}}) }} IN TRANSACTIONS RETURN 1 AS one",
    "MATCH (n:Entity) WITH n LIMIT 1 //{end}SET n.name = 'pwned' RETURN n.uid AS uid",
    "MATCH (n:Entity) WITH n LIMIT 1 //{end}DETACH DELETE n RETURN 1 AS one",
    "RETURN 1 AS one //{end}UNION CREATE (n:Pwned {{uid:'pwned-2'}}) RETURN 1 AS one",
]
STATEMENT_STARTS = [
    "DROP CONSTRAINT entity_uid_unique",
    "DROP INDEX entity_name",
    "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTION 'q1'",
    "SHOW USERS",
    "CREATE INDEX pwned FOR (n:Entity) ON (n.note)",
    "EXPLAIN MATCH (n) RETURN n",
    "PROFILE MATCH (n) RETURN n",
]
ENGINE_FUNCTIONS = [
    "UNWIND range(1, 110) AS i WITH i, util.sleep(200) AS s RETURN count(i) AS c",
    "RETURN apoc.util.sleep(100) AS s",
    "CALL dbms.security.listUsers()",
    "CALL db.createLabel('Pwned')",
]


def file_attacks(secret_files: dict[str, Path]) -> list[str]:
    return [f"WITH 1 AS x //{end}LOAD CSV FROM 'file://{path}' AS l RETURN l"
            for end in ("\r", "\n", "\u2028") for path in secret_files.values()]


@pytest.fixture(scope="module")
def secret_files(engine_graph, tmp_path_factory) -> dict[str, Path]:
    files = {"passwd": Path("/etc/passwd")}
    if engine_graph.data_dir:
        files["engine password"] = Path(engine_graph.data_dir) / "password"
        files["reader password"] = Path(engine_graph.data_dir) / "reader-password"
    return files


def secrets_in(text: str, secret_files: dict[str, Path]) -> list[str]:
    """Which secret files' content shows in `text` (their first line, or an SQLite header)."""
    found = []
    for name, path in secret_files.items():
        first = path.read_text(errors="replace").splitlines()[0].strip()
        if first and first in text:
            found.append(name)
    return found + (["an SQLite file"] if "SQLite format" in text else [])


def graph_state(graph) -> tuple:
    nodes = graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    relationships = graph.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    labels = {row["label"] for row in graph.read("CALL db.labels() YIELD label RETURN label")}
    return nodes, relationships, content_checksum(graph), installed_constraints(graph), labels


@pytest.fixture(scope="module")
def before(reference_graph):
    return graph_state(reference_graph)


def attack(api_client, api_keys, query: str):
    return api_client.post("/api/v1/cypher", json={"query": query}, headers=api_keys["reader"])


def assert_refused_and_unchanged(response, graph, before, secret_files) -> None:
    assert 400 <= response.status_code < 500, response.text
    assert secrets_in(response.text, secret_files) == []
    assert graph_state(graph) == before
    assert "Pwned" not in before[4]


@pytest.mark.parametrize("end", COMMENT_ENDS)
@pytest.mark.parametrize("template", WRITES_AFTER_A_COMMENT)
def test_a_write_after_a_comment_ended_by_any_line_break_is_refused(
        api_client, api_keys, reference_graph, before, secret_files, template, end):
    response = attack(api_client, api_keys, template.format(end=end))
    assert_refused_and_unchanged(response, reference_graph, before, secret_files)


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("statement", STATEMENT_STARTS)
def test_admin_and_schema_commands_after_any_prefix_are_refused(
        api_client, api_keys, reference_graph, before, secret_files, prefix, statement):
    response = attack(api_client, api_keys, prefix + statement)
    assert_refused_and_unchanged(response, reference_graph, before, secret_files)


@pytest.mark.parametrize("query", ENGINE_FUNCTIONS)
def test_functions_and_procedures_outside_the_allowed_list_are_refused(
        api_client, api_keys, reference_graph, before, secret_files, query):
    response = attack(api_client, api_keys, query)
    assert response.status_code == 403, response.text
    assert_refused_and_unchanged(response, reference_graph, before, secret_files)


def test_no_file_is_read_through_load_csv(api_client, api_keys, reference_graph, before, secret_files):
    for query in file_attacks(secret_files):
        response = attack(api_client, api_keys, query)
        assert_refused_and_unchanged(response, reference_graph, before, secret_files)


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1f", "\x7f", "\u2028", "\u200e", "\ufeff"])
def test_control_characters_outside_strings_are_refused_with_their_position(api_client, api_keys, char):
    response = attack(api_client, api_keys, f"MATCH (n)\nRETURN {char}count(n) AS n")
    assert response.status_code == 403
    problem = response.json()
    assert (problem["line"], problem["column"]) == (2, 8)
    assert f"U+{ord(char):04X}" in problem["detail"]


# -- the engine's own wall: text sent with the reading user, the guard never asked -----------------------
ENGINE_REFUSES = [
    "CREATE (n:Pwned {uid: 'engine-1'}) RETURN n.uid AS uid",
    "MATCH (n:Entity) WITH n LIMIT 1 SET n.name = 'pwned' RETURN n.uid AS uid",
    "MATCH (n:Entity) WITH n LIMIT 1 DETACH DELETE n RETURN 1 AS one",
    "UNWIND [1] AS i CALL { CREATE (n:Entity {uid: 'engine-2'}) } IN TRANSACTIONS RETURN 1 AS one",
    "DROP CONSTRAINT entity_uid_unique",
    "CREATE INDEX pwned FOR (n:Entity) ON (n.note)",
    "INSERT (:Entity {uid: 'engine-3'})",
]


def reader_session(graph):
    return graph.reader_driver.session(database=graph.database)


@pytest.mark.parametrize("query", ENGINE_REFUSES)
def test_the_engine_refuses_the_reading_user_any_write(reference_graph, before, query):
    if reference_graph.reader_driver is reference_graph.driver:
        pytest.skip("this engine has no separate reading user; Neo4j's READ access mode refuses writes instead")
    import neo4j

    with pytest.raises(neo4j.exceptions.Neo4jError) as refused, reader_session(reference_graph) as session:
        session.run(query).consume()
    assert refused.value.code.endswith(("Security.Forbidden", "Statement.AccessMode"))
    assert graph_state(reference_graph) == before


def test_the_engine_refuses_the_reading_user_files(reference_graph, secret_files):
    if reference_graph.reader_driver is reference_graph.driver:
        pytest.skip("this engine has no separate reading user")
    import neo4j

    for path in secret_files.values():
        with pytest.raises(neo4j.exceptions.Neo4jError), reader_session(reference_graph) as session:
            session.run(f"LOAD CSV FROM 'file://{path}' AS l RETURN l").consume()


def test_the_reading_user_does_not_see_other_users_transactions(reference_graph):
    if reference_graph.reader_driver is reference_graph.driver:
        pytest.skip("this engine has no separate reading user")
    with reader_session(reference_graph) as session:
        users = {record["username"] for record in session.run("SHOW TRANSACTIONS YIELD username RETURN username")}
    assert users <= {"govgraph_reader"}


def test_an_engine_error_speaks_of_the_text_as_typed(api_client, api_keys):
    response = attack(api_client, api_keys, "MATCH (n")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "govgraph-bounded-read" not in detail and "/*" not in detail


def test_a_value_the_driver_cannot_hold_is_a_clear_422_not_a_500(api_client, api_keys):
    response = attack(api_client, api_keys, "RETURN datetime({epochMillis: 99999999999999999}) AS x")
    assert response.status_code == 422 and "toString()" in response.json()["detail"]
    assert attack(api_client, api_keys, "RETURN 1 AS one").status_code == 200
