"""The static read-only guard for ad-hoc Cypher: what it refuses, where it says it is, and what it lets through."""

from __future__ import annotations

import pytest

from cypher.readonly import (
    READ_ONLY_PROCEDURES,
    WriteRejected,
    check_read_only,
    position,
    tokenize,
    without_final_semicolon,
)

REFUSED = [
    # (text, keyword, (line, column))
    ("CREATE (n:Entity {uid: 'x'})", "CREATE", (1, 1)),
    ("MERGE (n:Entity {uid: 'x'}) RETURN n", "MERGE", (1, 1)),
    ("MATCH (n) SET n.name = 'x'", "SET", (1, 11)),
    ("MATCH (n) DELETE n", "DELETE", (1, 11)),
    ("MATCH (n) DETACH DELETE n", "DETACH DELETE", (1, 11)),
    ("MATCH (n)\n  detach \t\n\n   delete n", "DETACH DELETE", (2, 3)),
    ("MATCH (n) REMOVE n.note", "REMOVE", (1, 11)),
    ("INSERT (n:Foo)", "INSERT", (1, 1)),
    ("LOAD CSV FROM 'file:///x.csv' AS row RETURN row", "LOAD CSV", (1, 1)),
    ("MATCH (n) FOREACH (x IN [1] | SET n.x = x)", "FOREACH", (1, 11)),
    ("CALL db.createLabel('X')", "CALL db.createLabel", (1, 1)),
    ("CALL apoc.create.node(['X'], {name: 'y'}) YIELD node RETURN node", "CALL apoc.create.node", (1, 1)),
    ("CALL `db`.`createLabel`('X')", "CALL db.createLabel", (1, 1)),
    ("CALL db . /* hidden */ createLabel('X')", "CALL db.createLabel", (1, 1)),
    ("MATCH (n)\nCALL {\n  WITH n\n  CREATE (m:Entity)\n} RETURN n", "CREATE", (4, 3)),
    ("MATCH (n) CALL (n) { SET n.x = 1 } RETURN n", "SET", (1, 22)),
    ("RETURN COUNT { MATCH (n) MERGE (m) } AS c", "MERGE", (1, 26)),
    ("MATCH (n) CALL { WITH n RETURN n.x AS x } IN TRANSACTIONS RETURN x", "IN TRANSACTIONS", (1, 43)),
    ("CALL { RETURN 1 AS x } IN 3 CONCURRENT TRANSACTIONS OF 10 ROWS RETURN x", "IN TRANSACTIONS", (1, 24)),
    ("MATCH (n) RETURN n; CREATE (m)", "several statements", (1, 21)),
    ("RETURN 1;\n// then\nRETURN 2", "several statements", (3, 1)),
    ("match (n) create (m)", "CREATE", (1, 11)),
    ("MaTcH (n) DeLeTe n", "DELETE", (1, 11)),
    ("MATCH (n) // a comment\n/* another */ CREATE (m)", "CREATE", (2, 15)),
    ("MATCH (n) /* */CREATE (m)", "CREATE", (1, 16)),
    ("WITH 1 AS x LIMIT 1CREATE (m) RETURN x", "CREATE", (1, 20)),
    ("RETURN 1.CREATE", "CREATE", (1, 10)),
    ("DROP INDEX entity_uid", "DROP", (1, 1)),
    ("ALTER USER neo4j SET PASSWORD 'x'", "ALTER", (1, 1)),
    ("GRANT ROLE admin TO bob", "GRANT", (1, 1)),
    ("DENY READ {*} ON GRAPH * TO bob", "DENY", (1, 1)),
    ("REVOKE ROLE admin FROM bob", "REVOKE", (1, 1)),
    ("START DATABASE other", "START", (1, 1)),
    ("STOP DATABASE other", "STOP", (1, 1)),
    ("TERMINATE TRANSACTIONS 'q1'", "TERMINATE", (1, 1)),
    ("SHOW USERS", "SHOW", (1, 1)),
    ("USE other MATCH (n) RETURN n", "USE", (1, 1)),
    ("CALL {\n  USE other MATCH (n) RETURN n\n} RETURN n", "USE", (2, 3)),
    ("MATCH (n) RETURN n.uid AS uid UNION ALL SHOW DATABASES", "SHOW", (1, 41)),
    ("CYPHER 5 MATCH (n) RETURN n", "CYPHER", (1, 1)),
    ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN", (1, 1)),
    ("profile MATCH (n) RETURN n", "PROFILE", (1, 1)),
    ("", "empty query", (1, 1)),
    ("  \n // only a comment\n /* and another */ ", "empty query", (1, 1)),
    ("RETURN 'never closed", "unclosed string", (1, 8)),
    ("RETURN 1 /* never closed", "unclosed comment", (1, 10)),
    ("RETURN `never closed", "unclosed name", (1, 8)),
    ("CALL", "CALL", (1, 1)),
]

ALLOWED = [
    "MATCH (n:Entity) RETURN n.name AS name",
    "RETURN 'CREATE' AS s",
    'RETURN "DETACH DELETE" AS s',
    "RETURN 'it\\'s a CREATE' AS s",
    'RETURN "say \\"SET\\"" AS s',
    "MATCH (n) WHERE n.set = 1 RETURN n",
    "MATCH (n) // DELETE me\nRETURN n",
    "MATCH (n) /* CREATE (m) */ RETURN n",
    "MATCH (n) RETURN n.`DELETE` AS `CREATE`",
    "RETURN `a``CREATE` AS x",
    "MATCH (n {uid: $create}) RETURN n",
    "RETURN $ merge AS x",
    "RETURN {merge: 1, set: 2, delete: 3} AS m",
    "MATCH (n) RETURN n {.name, remove: 1} AS m",
    "MATCH (n:Created)-[:DELETES]->(m:Set) RETURN n, m",
    "RETURN 1;",
    "RETURN 1;  // done\n /* really */  ",
    "MATCH (n) CALL { WITH n RETURN n.name AS name } RETURN name",
    "MATCH (n) CALL (n) { RETURN n.name AS name } RETURN name",
    "RETURN COUNT { MATCH (n) } AS c, EXISTS { MATCH (n) } AS e, COLLECT { MATCH (n) RETURN n.uid } AS u",
    "MATCH (n) WHERE n.name STARTS WITH 'x' AND n.uid IN ['a'] RETURN n",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.labels",
    "call DB.relationshipTypes()",
    "CALL db.schema.visualization()",
    "CALL `dbms`.`components`()",
    "UNWIND range(1, 3) AS x RETURN x * 1.5e3 AS y",
    "MATCH (n) WITH n, n.start AS start WHERE start <= date() RETURN start, n.end AS end ORDER BY start",
    "MATCH (n) WITH n AS show, 1 AS stop RETURN show.use AS use, stop",
    "UNWIND [1] AS set RETURN 1 AS delete",
]


@pytest.mark.parametrize(("text", "keyword", "where"), REFUSED)
def test_refuses(text: str, keyword: str, where: tuple[int, int]) -> None:
    with pytest.raises(WriteRejected) as refused:
        check_read_only(text)
    assert (refused.value.keyword, refused.value.position) == (keyword, where)
    assert str(refused.value).startswith(f"line {where[0]}, column {where[1]}: ")


@pytest.mark.parametrize("text", ALLOWED)
def test_allows(text: str) -> None:
    check_read_only(text)


def test_messages_say_what_to_do() -> None:
    with pytest.raises(WriteRejected) as refused:
        check_read_only("MATCH (n)\n    CREATE (m)")
    assert str(refused.value) == "line 2, column 5: CREATE writes to the graph; this route only reads"
    with pytest.raises(WriteRejected) as refused:
        check_read_only("EXPLAIN RETURN 1")
    assert "not supported here" in str(refused.value)
    with pytest.raises(WriteRejected) as refused:
        check_read_only("CALL db.createLabel('X')")
    assert all(name in str(refused.value) for name in READ_ONLY_PROCEDURES)


def test_write_rejected_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        check_read_only("CREATE (n)")


def test_tokens_skip_comments_and_keep_literals_whole() -> None:
    tokens = tokenize("RETURN 'a // b' /* c */ AS `x y` // d")
    assert [(token.kind, token.text) for token in tokens] == [
        ("word", "RETURN"), ("string", "'a // b'"), ("word", "AS"), ("name", "`x y`")]


def test_position_counts_lines_and_columns_from_one() -> None:
    text = "ab\ncd\n\nef"
    assert [position(text, text.index(char)) for char in "acf"] == [(1, 1), (2, 1), (4, 2)]


def test_a_final_semicolon_is_blanked_out_in_place() -> None:
    assert without_final_semicolon("RETURN 1; // done") == "RETURN 1  // done"
    assert without_final_semicolon("RETURN ';'") == "RETURN ';'"
    assert without_final_semicolon("RETURN 1 // ;") == "RETURN 1 // ;"


# -- the guard allows rather than forbids ----------------------------------------------------------------
ANALYST_QUERIES = [
    "OPTIONAL MATCH (n:Entity {uid: $uid}) RETURN n",
    "MATCH p = (a:Entity)-[:REPORTS_TO*1..3]->(b) RETURN length(p) AS hops, [x IN nodes(p) | x.name] AS names",
    "MATCH (n) RETURN CASE WHEN n.end IS NULL THEN 'open' ELSE 'ended' END AS state, "
    "CASE n.kind WHEN 'lag' THEN 1 ELSE 0 END AS is_lag",
    "MATCH (n) WHERE EXISTS { (n)-[:MEMBER_OF]->(:LAG) } AND NOT n.name =~ '(?i)test.*' RETURN n.uid",
    "MATCH (n:LAG|LPO) WHERE n.name ENDS WITH 'hälsa' OR n.name CONTAINS 'vård' RETURN n {.uid, .name, kind: n.kind}",
    "MATCH (n) RETURN n {.*} AS all_of_it LIMIT 1",
    "MATCH (a {uid: $from}), (b {uid: $to}) MATCH p = shortestPath((a)-[*..6]-(b)) RETURN p",
    "MATCH (n) WITH n ORDER BY n.name DESC SKIP 5 LIMIT 10 RETURN collect(n.uid)[0..3] AS first",
    "UNWIND $ids AS id MATCH (n {uid: id}) RETURN id, count { (n)--() } AS degree",
    "MATCH (n) RETURN n.uid AS x UNION MATCH (m) RETURN m.name AS x",
    "RETURN date('2025-01-01') + duration({days: 1}) AS d, duration.between(date(), date()) AS z, .5 AS half",
    "MATCH (n) WHERE n.start <= date($at) AND (n.end IS NULL OR n.end >= date($at)) RETURN n.uid",
    "RETURN reduce(total = 0, x IN [1, 2, 3] | total + x) AS total, toUpper('å') AS a, -1 AS minus",
    "MATCH (n)<-[r:MEMBER_OF {role: 'chair'}]-(p:Person) RETURN type(r), p.name",
    "MATCH (start:Entity)-[set:MEMBER_OF]->(end) RETURN start.uid, set.role, end.uid",
    "CALL { MATCH (n:LAG) RETURN n } WITH n RETURN count(n) AS lags",
    "RETURN 'line\\nbreak \\u00e5' AS s, \"tab\there\" AS t",
]
REFUSED_BY_ALLOWING = [
    ("MATCH (n) RETURN util.sleep(100)", "util.sleep", (1, 18)),
    ("RETURN apoc.text.join(['a'], ',') AS s", "apoc.text.join", (1, 8)),
    ("MATCH (n) FINISH", "FINISH", (1, 11)),
    ("LET x = 1 RETURN x", "LET", (1, 1)),
    ("MATCH (n) RETURN n NEXT MATCH (m) RETURN m", "NEXT", (1, 20)),
    ("MATCH (n) FOO (m) RETURN m", "FOO", (1, 11)),
    ("\x00DROP CONSTRAINT entity_uid_unique", "U+0000", (1, 1)),
    ("WITH 1 AS x //\u2028CREATE (n)", "U+2028", (1, 15)),
    ("WITH 1 AS x //\rCALL { CREATE (n) } IN TRANSACTIONS RETURN 1 AS one", "CREATE", (1, 23)),
    ("RETURN 'a\x00b' AS s", "U+0000", (1, 10)),
    ("RETURN\u00a01", "U+00A0", (1, 7)),
    ("MATCH (n) RETURN n)", "unbalanced bracket", (1, 19)),
    ("WITH 1 AS x CALL { RETURN 2 AS y } FOO RETURN y", "FOO", (1, 36)),
    ("UNWIND [1] AS i CALL (i) { CREATE (m) } RETURN i", "CREATE", (1, 28)),
]


@pytest.mark.parametrize("text", ANALYST_QUERIES)
def test_an_analyst_s_reads_pass(text: str) -> None:
    check_read_only(text)


@pytest.mark.parametrize(("text", "keyword", "where"), REFUSED_BY_ALLOWING)
def test_what_is_not_allowed_is_refused_where_it_stands(text: str, keyword: str, where: tuple[int, int]) -> None:
    with pytest.raises(WriteRejected) as refused:
        check_read_only(text)
    assert (refused.value.keyword, refused.value.position) == (keyword, where)


def test_every_stored_query_passes_the_guard() -> None:
    from cypher import stored_queries

    for stored in stored_queries().values():
        check_read_only(stored.text)
