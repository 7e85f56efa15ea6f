"""The one way the rest of govgraph talks to a graph engine.

`Graph` holds the process's single `neo4j.Driver` and the database name, and
handles the known differences between Neo4j 5 and ArcadeDB in one place:

* ArcadeDB lets a write through a READ-mode transaction, where Neo4j refuses
  it. `read()` therefore checks every result's update counters and rolls the
  transaction back with `ReadOnlyViolation` if anything was written. The check
  is the same on both engines, so no caller ever asks which engine it has.
* ArcadeDB does not undo the half of an auto-commit statement that ran before
  an error (`CREATE (n) SET n = $props` can leave an empty node when the SET
  breaks a constraint). Writes therefore always run in explicit transactions:
  `write()` and `transaction()` here, and neomodel saves inside
  `neomodel.db.transaction`.
* ArcadeDB checks unique constraints when a transaction commits, Neo4j when
  the statement runs: either way the duplicate is refused with
  `neo4j.exceptions.ConstraintError` and nothing of the transaction stays.
* ArcadeDB's Bolt speaks protocol 4; the driver negotiates it, and
  `describe()` reports what was agreed. Nothing here needs Bolt 5 features.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import GraphDatabase, ManagedTransaction

from graphmodel.engine.errors import EngineError, ReadOnlyViolation

Row = dict[str, Any]


@dataclass(frozen=True)
class EngineDescription:
    """What `govgraph db status` prints and the API's health check returns."""

    engine: str
    uri: str
    database: str
    server_agent: str
    bolt_protocol: str
    data_dir: str | None = None


class Graph:
    """A connected graph engine: one driver, one database, reads and writes."""

    def __init__(self, *, engine: str, uri: str, auth: tuple[str, str], database: str,
                 data_dir: str | None = None) -> None:
        self.engine = engine
        self.uri = uri
        self.database = database
        self.data_dir = data_dir
        self.driver = GraphDatabase.driver(uri, auth=auth)

    def verify(self) -> None:
        try:
            self.driver.verify_connectivity()
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError, OSError) as err:
            raise EngineError(f"cannot reach the {self.engine} engine at {self.uri}: {err}") from err

    def describe(self) -> EngineDescription:
        info = self.driver.get_server_info()
        protocol = ".".join(str(part) for part in info.protocol_version)
        return EngineDescription(self.engine, self.uri, self.database, info.agent, protocol, self.data_dir)

    def close(self) -> None:
        self.driver.close()

    # -- reading -----------------------------------------------------------------
    def read(self, query: str, **params: Any) -> list[Row]:
        """Run a read-only query; a query that writes is refused and rolled back."""
        with self.driver.session(database=self.database) as session:
            return session.execute_read(_records_without_writes, query, params)

    # -- writing -----------------------------------------------------------------
    def write(self, query: str, **params: Any) -> list[Row]:
        """Run one write query in its own transaction."""
        with self.driver.session(database=self.database) as session:
            return session.execute_write(_records, query, params)

    def write_batches(self, query: str, rows: list[Row], *, batch_size: int = 5000, **params: Any) -> int:
        """`UNWIND $rows` query over all rows in one transaction: all are written or none."""
        with self.transaction() as tx:
            for start in range(0, len(rows), batch_size):
                tx.run(query, rows=rows[start:start + batch_size], **params).consume()
        return len(rows)

    @contextmanager
    def transaction(self) -> Iterator[neo4j.Transaction]:
        """An explicit write transaction: committed if the block ends normally, else rolled back."""
        with self.driver.session(database=self.database) as session:
            tx = session.begin_transaction()
            try:
                yield tx
            except BaseException:
                _rollback_quietly(tx)
                raise
            tx.commit()


def _records(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> list[Row]:
    return [record.data() for record in tx.run(query, params)]


def _records_without_writes(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> list[Row]:
    result = tx.run(query, params)
    rows = [record.data() for record in result]
    if result.consume().counters.contains_updates:
        # Raising inside a managed transaction makes the driver roll it back.
        raise ReadOnlyViolation("a read query tried to write; nothing was changed")
    return rows


def _rollback_quietly(tx: neo4j.Transaction) -> None:
    try:
        if not tx.closed():
            tx.rollback()
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
        pass  # the engine is gone: it never committed, so nothing was written

