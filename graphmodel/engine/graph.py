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
import queue
import threading
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
        # Counts the write transactions this process committed, so caches of graph content know when
        # to read again.
        self.generation = 0

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
            return session.execute_read(_records_without_writes, query, params)[1]

    def read_table(self, query: str, **params: Any) -> tuple[tuple[str, ...], list[Row]]:
        """Like `read`, with the result's column names, which an empty result still has."""
        with self.driver.session(database=self.database) as session:
            return session.execute_read(_records_without_writes, query, params)

    # -- writing -----------------------------------------------------------------
    def write(self, query: str, **params: Any) -> list[Row]:
        """Run one write query in its own transaction."""
        with self.driver.session(database=self.database) as session:
            rows = session.execute_write(_records, query, params)
        self.generation += 1
        return rows

    def pipelined_transaction(self) -> PipelinedTransaction:
        """A write transaction that runs queued batches on a worker thread (see `PipelinedTransaction`)."""
        return PipelinedTransaction(self)

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
            self.generation += 1


class PipelinedTransaction:
    """One write transaction fed from a queue and run on its own thread.

    The caller queues batches and goes on preparing the next while the engine
    writes the last, so planning in Python and writing in the engine overlap.
    It is still one transaction: committed when the `with` block ends
    normally, rolled back if the block raises or any batch fails.
    """

    _DONE = object()

    def __init__(self, graph: "Graph", depth: int = 64) -> None:
        self._graph = graph
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._failure: BaseException | None = None
        self._abandon = threading.Event()
        self._worker = threading.Thread(target=self._work, name="govgraph-writer", daemon=True)

    def __enter__(self) -> "PipelinedTransaction":
        self._worker.start()
        return self

    def run(self, query: str, **params: Any) -> None:
        """Queue one query; raises at once if an earlier one has failed."""
        self._raise_failure()
        self._queue.put((query, params))

    def __exit__(self, kind, error, trace) -> None:
        if error is not None:
            self._abandon.set()
        self._queue.put(self._DONE)
        self._worker.join()
        if error is None:
            self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _work(self) -> None:
        finished = False
        try:
            with self._graph.transaction() as tx:
                while (item := self._queue.get()) is not self._DONE:
                    if not self._abandon.is_set():
                        query, params = item
                        tx.run(query, params).consume()
                finished = True
                if self._abandon.is_set():
                    raise _Abandoned
        except _Abandoned:
            pass
        except BaseException as failure:  # handed to the caller's thread
            self._failure = failure
            if not finished:
                self._drain()

    def _drain(self) -> None:
        """Keep taking queued work after a failure, so the caller never blocks on a full queue."""
        while self._queue.get() is not self._DONE:
            pass


class _Abandoned(Exception):
    """The caller's block raised: roll the transaction back."""


def _records(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> list[Row]:
    return [record.data() for record in tx.run(query, params)]


def _records_without_writes(tx: ManagedTransaction, query: str,
                            params: dict[str, Any]) -> tuple[tuple[str, ...], list[Row]]:
    result = tx.run(query, params)
    columns = tuple(result.keys())
    rows = [record.data() for record in result]
    if result.consume().counters.contains_updates:
        # Raising inside a managed transaction makes the driver roll it back.
        raise ReadOnlyViolation("a read query tried to write; nothing was changed")
    return columns, rows


def _rollback_quietly(tx: neo4j.Transaction) -> None:
    try:
        if not tx.closed():
            tx.rollback()
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
        pass  # the engine is gone: it never committed, so nothing was written

