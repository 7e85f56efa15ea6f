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
* Reads run as a user the engine itself forbids to write (`reader_auth`):
  on ArcadeDB the `govgraph_reader` user (see `engine_users.py`), on Neo4j a
  reader-role user when one is configured, else the main user in READ access
  mode, which Neo4j enforces. A write in a read is refused by the engine,
  whatever the text looks like; the update-counter check stays as a second
  wall.
* ArcadeDB ignores the driver's transaction timeout, which Neo4j enforces.
  `read_bounded()` therefore also stops a read itself at its deadline, with
  `TERMINATE TRANSACTIONS`, which both engines understand (see
  docs/engines.md).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
import queue
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import neo4j
from neo4j import GraphDatabase, ManagedTransaction

from graphmodel.engine.errors import EngineError, ReadOnlyViolation

Row = dict[str, Any]
# Asked after a write commits: the uids of the nodes it may have changed the route rows of, or None.
Touched = Callable[[], Collection[str] | None]

# After its deadline a read gets this long to end on the engine before the caller stops waiting for it.
STOP_GRACE_SECONDS = 5.0
# ArcadeDB runs at most max(4, 2 x cores) requests at once and queues the rest (arcadedb.queryMaxConcurrent),
# TERMINATE included: two bounded reads at a time leave room to stop them and for everything else.
MAX_BOUNDED_READS = 2
# How long a stopped read's termination is retried in the background while the engine makes it wait.
_TERMINATE_PATIENCE_SECONDS = 300.0
# A read the engine still runs this long after it was terminated will not stop (a long reduce in the engine's
# own code, say): the engine is reported to whoever can restart it (`Graph.on_unstoppable`).
UNSTOPPABLE_SECONDS = 60.0
_STOP_POLL_SECONDS = 0.25
_MAX_FETCH_SIZE = 1000
_FIND_TRANSACTION = ("SHOW TRANSACTIONS YIELD transactionId, currentQuery "
                     "WHERE currentQuery CONTAINS $marker RETURN transactionId")
_TERMINATE_TRANSACTIONS = "TERMINATE TRANSACTIONS $ids"

# A stopped engine must cost a request about a second, not the driver's default half minute of retrying:
# a refused connection is tried three times within about 0.75 s, then reported (the API answers 503).
DRIVER_OPTIONS: dict[str, Any] = {
    "connection_timeout": 3.0,
    "connection_acquisition_timeout": 10.0,
    "max_transaction_retry_time": 0.5,
    "initial_retry_delay": 0.25,
}
# A replaced driver stays open this long, so that requests already running on it end normally.
RETIRED_DRIVER_SECONDS = 60.0


class ReadTimedOut(TimeoutError):
    """A bounded read ran past its time limit and was stopped; `seconds` is the limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the query ran longer than the limit of {seconds:g} s and was stopped")
        self.seconds = seconds


class ReadsBusy(EngineError):
    """Every slot for bounded reads stayed taken until the read's deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"{MAX_BOUNDED_READS} ad-hoc queries were still running after {seconds:g} s of waiting; "
                         "try again when one has finished")
        self.seconds = seconds


class CallerBusy(ReadsBusy):
    """This caller's previous bounded read still runs on the engine: it must end before the next one starts.

    So a caller whose query the engine cannot stop at once holds up only its own queries, not everybody's.
    """

    def __init__(self, caller: str) -> None:
        EngineError.__init__(self, "your previous ad-hoc query is still running on the engine; "
                                   "try again when it has ended")
        self.seconds = 0.0
        self.caller = caller


class EngineDown(neo4j.exceptions.ServiceUnavailable):
    """The engine is known to be down (its process ended), so nothing is sent until it is back.

    A `ServiceUnavailable`, so whoever handles the driver's own word for an
    unreachable engine handles this too.
    """


class BoundedRows(NamedTuple):
    """What `Graph.read_bounded` returns: `truncated` when the query had more than `max_rows` rows."""

    columns: tuple[str, ...]
    rows: list[Row]
    truncated: bool


@dataclass(frozen=True)
class EngineDescription:
    """What `govgraph db status` prints and the API's health check returns."""

    # Each field's `about` is its description wherever it is shown (the health check's schema among them).
    engine: str = field(metadata={"about": "embedded (ArcadeDB) or neo4j"})
    uri: str = field(metadata={"about": "the engine's Bolt address"})
    database: str = field(metadata={"about": "the database the graph lives in"})
    server_agent: str = field(metadata={"about": "the engine's name and version"})
    bolt_protocol: str = field(metadata={"about": "the Bolt protocol version spoken"})
    data_dir: str | None = field(default=None, metadata={"about": "the embedded engine's data directory"})


class SharedVersion(Protocol):
    """The graph's version as every process sees it (`graphmodel.graph_version.GraphVersion`)."""

    def current(self) -> int: ...

    def advance(self, touched: Collection[str] | None = None) -> int | None: ...


class Graph:
    """A connected graph engine: one driver, one database, reads and writes."""

    def __init__(self, *, engine: str, uri: str, auth: tuple[str, str], database: str,
                 data_dir: str | None = None, reader_auth: tuple[str, str] | None = None) -> None:
        self.engine = engine
        self.uri = uri
        self.database = database
        self.data_dir = data_dir
        self._driver, self._reader_driver = _drivers(uri, auth, reader_auth)
        self._down: str | None = None
        # Counts the write transactions this process committed, so caches of graph content know when
        # to read again. Writes commit on several threads in the API, hence the lock.
        self._local_generation = 0
        # Of those, the writes no shared change log names (see `wrote`): a cache that saw this number
        # change cannot patch itself from the log and must read the graph in full.
        self._unlogged_writes = 0
        self._generation_lock = threading.Lock()
        # The version every govgraph process on this graph raises after its writes (see
        # `graphmodel.graph_version`); `open_graph` sets it, a graph without one knows its own writes only.
        self.shared_version: SharedVersion | None = None
        self._bounded_read_slots = threading.BoundedSemaphore(MAX_BOUNDED_READS)
        self._callers_reading: set[str] = set()
        self._callers_lock = threading.Lock()
        # Told when a terminated read runs on regardless; `govgraph serve` restarts its engine then.
        self.on_unstoppable: Callable[[str], None] | None = None

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
        _close(self._driver, self._reader_driver)

    # -- when the engine goes away -----------------------------------------------------
    @property
    def driver(self) -> neo4j.Driver:
        """The driver; raises `EngineDown` while the engine is known to be down, instead of waiting on it."""
        if self._down is not None:
            raise EngineDown(self._down)
        return self._driver

    @property
    def reader_driver(self) -> neo4j.Driver:
        """The driver of the engine user that may only read (the main driver when none is configured)."""
        if self._down is not None:
            raise EngineDown(self._down)
        return self._reader_driver

    def mark_down(self, reason: str) -> None:
        """Refuse work at once until `reconnect`: a restarting engine may accept connections long
        before it answers them, and requests must not wait on it meanwhile."""
        self._down = reason

    def reconnect(self, uri: str, auth: tuple[str, str], reader_auth: tuple[str, str] | None = None) -> None:
        """Use a new driver for `uri`, e.g. after the engine restarted, perhaps on other ports.

        The new driver has no connections to the engine that went away, and is used once it has
        answered a query; until then the graph stays as it was (refusing work after `mark_down`).
        Caches of the graph's content read again, since the engine now serving may not hold what
        the old one did.
        """
        driver, reader_driver = _drivers(uri, auth, reader_auth)
        try:
            # A restarted engine opens the database at its first query, which takes seconds; that wait
            # is better spent here than by the first requests.
            for each in {driver, reader_driver}:
                each.execute_query("RETURN 1 AS ok", database_=self.database, routing_=neo4j.RoutingControl.READ)
        except BaseException:
            _close(driver, reader_driver)
            raise
        retired = (self._driver, self._reader_driver)
        self._driver, self._reader_driver = driver, reader_driver
        self.uri = uri
        self._down = None
        self.wrote(shared=False)  # only this process's caches were read from the engine that went away
        closer = threading.Timer(RETIRED_DRIVER_SECONDS, _close, args=retired)
        closer.daemon = True
        closer.start()

    # -- reading -----------------------------------------------------------------
    def read(self, query: str, **params: Any) -> list[Row]:
        """Run a read-only query as the reading user; a query that writes is refused and rolled back."""
        with self.reader_driver.session(database=self.database) as session:
            return session.execute_read(_records_without_writes, query, params)[1]

    def read_table(self, query: str, **params: Any) -> tuple[tuple[str, ...], list[Row]]:
        """Like `read`, with the result's column names, which an empty result still has."""
        with self.reader_driver.session(database=self.database) as session:
            return session.execute_read(_records_without_writes, query, params)

    def read_bounded(self, query: str, params: dict[str, Any], *, timeout: float,
                     max_rows: int, caller: str | None = None) -> BoundedRows:
        """A read limited to `timeout` seconds and `max_rows` rows, for query text typed by people.

        Like `read`, a query that writes is refused with `ReadOnlyViolation`;
        and the transaction is rolled back in any case, since a read has
        nothing to commit. Raises `ReadTimedOut` when the rows are not all in
        by the deadline, and `ReadsBusy` when `MAX_BOUNDED_READS` others kept
        running all that time. A truncated result keeps the first `max_rows` rows.
        A `caller` (an API key, say) has one bounded read at a time: `CallerBusy`
        while its previous one still runs on the engine.
        """
        started = time.monotonic()
        self._claim_caller(caller)
        if not self._bounded_read_slots.acquire(timeout=timeout):
            self._release_caller(caller)
            raise ReadsBusy(timeout)

        def release() -> None:
            self._bounded_read_slots.release()
            self._release_caller(caller)

        # The read hands its slots back when the engine has let go of it, which may be after this returns.
        read = _BoundedRead(self, query, params, max_rows, release)
        return read.run(timeout, remaining=timeout - (time.monotonic() - started))

    def _claim_caller(self, caller: str | None) -> None:
        if caller is None:
            return
        with self._callers_lock:
            if caller in self._callers_reading:
                raise CallerBusy(caller)
            self._callers_reading.add(caller)

    def _release_caller(self, caller: str | None) -> None:
        if caller is not None:
            with self._callers_lock:
                self._callers_reading.discard(caller)

    # -- writing -----------------------------------------------------------------
    def write(self, query: str, **params: Any) -> list[Row]:
        """Run one write query in its own transaction."""
        with self.driver.session(database=self.database) as session:
            rows = session.execute_write(_records, query, params)
        self.wrote()
        return rows

    @property
    def generation(self) -> int:
        """A number that grows with every write committed through govgraph: this process's own at once,
        and those of the other processes sharing `shared_version` as soon as they have committed."""
        shared = self.shared_version.current() if self.shared_version is not None else 0
        return self._local_generation + shared

    @property
    def unlogged_writes(self) -> int:
        """How many of this process's writes the shared change log does not name: a cache patched from
        the log is still whole only while this number stays as it was when the cache was read."""
        return self._unlogged_writes

    def wrote(self, *, shared: bool = True, touched: Collection[str] | None = None) -> None:
        """Note a committed write, so caches of the graph's content here and in other processes read it again.

        `touched`: the uids of the nodes whose route rows the write may have changed (a node, either end
        of an edge, a person erased), logged with the new version so caches read only those again;
        None when the write cannot say, which makes them read everything.
        """
        logged = shared and self.shared_version is not None and self.shared_version.advance(touched) is not None
        with self._generation_lock:
            self._local_generation += 1
            if not logged:
                self._unlogged_writes += 1

    def pipelined_transaction(self, touched: Touched | None = None) -> PipelinedTransaction:
        """A write transaction that runs queued batches on a worker thread (see `PipelinedTransaction`);
        `touched` as for `transaction`."""
        return PipelinedTransaction(self, touched=touched)

    @contextmanager
    def read_stream(self, fetch_size: int) -> Iterator[neo4j.Transaction]:
        """One read transaction whose results stream in batches of `fetch_size`, rolled back at the end.

        For readers of the whole graph (a backup, a checksum): one consistent view without holding it
        all in memory, and nothing such a reader runs can write.
        """
        with self.driver.session(database=self.database, fetch_size=fetch_size,
                                 default_access_mode=neo4j.READ_ACCESS) as session:
            tx = session.begin_transaction()
            try:
                yield tx
            finally:
                if not tx.closed():
                    _rollback_quietly(tx)

    @contextmanager
    def transaction(self, touched: Touched | None = None) -> Iterator[neo4j.Transaction]:
        """An explicit write transaction: committed if the block ends normally, else rolled back.

        `touched`, asked after the commit, names the nodes whose route rows the transaction may have
        changed (see `wrote`); without it, or when it answers None, the write counts as touching everything.
        """
        with self.driver.session(database=self.database) as session:
            tx = session.begin_transaction()
            try:
                yield tx
            except BaseException:
                _rollback_quietly(tx)
                raise
            tx.commit()
            self.wrote(touched=touched() if touched is not None else None)


class PipelinedTransaction:
    """One write transaction fed from a queue and run on its own thread.

    The caller queues batches and goes on preparing the next while the engine
    writes the last, so planning in Python and writing in the engine overlap.
    It is still one transaction: committed when the `with` block ends
    normally, rolled back if the block raises or any batch fails.
    """

    _DONE = object()

    def __init__(self, graph: "Graph", depth: int = 64, touched: Touched | None = None) -> None:
        self._graph = graph
        self._touched = touched
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._failure: BaseException | None = None
        self._abandon = threading.Event()
        self._all_ran = False  # every queued batch ran; the commit follows
        self._ready = threading.Event()  # set once every batch ran, or the worker ended
        self._while_committing: list[Callable[[], None]] = []
        self._worker = threading.Thread(target=self._work, name="govgraph-writer", daemon=True)

    def __enter__(self) -> "PipelinedTransaction":
        self._worker.start()
        return self

    def run(self, query: str, **params: Any) -> None:
        """Queue one query; raises at once if an earlier one has failed."""
        self._raise_failure()
        self._queue.put((query, params))

    def while_committing(self, work: Callable[[], None]) -> None:
        """Run `work` once every queued batch has run, while the engine commits (not if a batch failed; a
        commit the engine refuses still fails the block, after `work` ran).

        For what the caller does after the commit anyway: done while the engine is busy with the commit,
        and not while it still writes, where it would hold back the thread that sends the batches."""
        self._while_committing.append(work)

    def __exit__(self, kind, error, trace) -> None:
        if error is not None:
            self._abandon.set()
        self._queue.put(self._DONE)
        try:
            if error is None and self._while_committing:
                self._ready.wait()
                if self._all_ran and self._failure is None:
                    for work in self._while_committing:
                        work()
        finally:
            self._worker.join()
        if error is None:
            self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _work(self) -> None:
        finished = False
        try:
            with self._graph.transaction(self._touched) as tx:
                while (item := self._queue.get()) is not self._DONE:
                    if not self._abandon.is_set():
                        query, params = item
                        tx.run(query, params).consume()
                finished = True
                if self._abandon.is_set():
                    raise _Abandoned
                self._all_ran = True  # the commit follows, as the block ends
                self._ready.set()
        except _Abandoned:
            pass
        except BaseException as failure:  # handed to the caller's thread
            self._failure = failure
            if not finished:
                self._drain()
        finally:
            self._ready.set()

    def _drain(self) -> None:
        """Keep taking queued work after a failure, so the caller never blocks on a full queue."""
        while self._queue.get() is not self._DONE:
            pass


class _BoundedRead:
    """One read run on a worker thread, so that its caller can stop it at a deadline.

    Neo4j ends the transaction itself at the driver's timeout. ArcadeDB ignores
    that timeout, and goes on running a query whose client has gone, so at the
    deadline this finds the read among the engine's transactions by a unique
    comment added to its text, and terminates it. Should the engine not let go
    within `STOP_GRACE_SECONDS`, the caller gets its `ReadTimedOut` anyway, the
    termination is retried in the background, and the worker hands its
    connection back to the pool when the engine finally answers.
    """

    def __init__(self, graph: Graph, query: str, params: dict[str, Any], max_rows: int,
                 on_end: Callable[[], None]) -> None:
        self._graph = graph
        self._marker = f"govgraph-bounded-read-{uuid.uuid4().hex}"
        # On the last line, so the engine's error positions stay those of the text as it was typed.
        self._query = f"{query} /* {self._marker} */"
        self._params = params
        self._max_rows = max_rows
        self._on_end = on_end
        self._columns: tuple[str, ...] = ()
        self._rows: list[Row] = []
        self._truncated = False
        self._rows_in = threading.Event()
        self._finished = threading.Event()
        self._failure: BaseException | None = None

    def run(self, timeout: float, *, remaining: float) -> BoundedRows:
        worker = threading.Thread(target=self._work, args=(remaining,), name="govgraph-bounded-read", daemon=True)
        try:
            worker.start()
        except BaseException:
            self._on_end()
            raise
        late = not self._finished.wait(remaining)
        if late:
            threading.Thread(target=self._terminate, name="govgraph-read-terminator", daemon=True).start()
            self._finished.wait(STOP_GRACE_SECONDS)
        return self._outcome(timeout, late)

    def _outcome(self, timeout: float, late: bool) -> BoundedRows:
        if isinstance(self._failure, ReadOnlyViolation):
            raise self._failure
        if _is_write_refusal(self._failure):  # Neo4j refuses the write itself in a READ transaction
            raise ReadOnlyViolation("a read query tried to write; nothing was changed") from self._failure
        # After the deadline the engine reports the end of a terminated read in its own words
        # (ArcadeDB: an UnknownError while discarding), so any failure then counts as stopped.
        stopped = late or _was_stopped(self._failure)
        if self._failure is not None and not stopped:
            raise self._failure
        if stopped and not self._rows_in.is_set():
            raise ReadTimedOut(timeout)
        # Stopped after every wanted row was in: only the engine's discarding of the rest was cut short.
        return BoundedRows(self._columns, self._rows, self._truncated)

    def _work(self, timeout: float) -> None:
        fetch_size = min(self._max_rows + 1, _MAX_FETCH_SIZE)
        try:
            with self._graph.reader_driver.session(database=self._graph.database, fetch_size=fetch_size,
                                                   default_access_mode=neo4j.READ_ACCESS) as session:
                tx = session.begin_transaction(timeout=max(timeout, 0.001))
                try:
                    self._pull(tx)
                finally:
                    _rollback_quietly(tx)
        except BaseException as failure:  # handed to the caller's thread
            self._failure = failure
        finally:
            self._finished.set()
            self._on_end()

    def _pull(self, tx: neo4j.Transaction) -> None:
        result = tx.run(self._query, self._params)
        self._columns = tuple(result.keys())
        for record in result:
            if len(self._rows) == self._max_rows:
                self._truncated = True
                break
            self._rows.append(record.data())
        self._rows_in.set()
        # The driver discards the rows not pulled; ArcadeDB runs the rest of the query to do so.
        if result.consume().counters.contains_updates:
            raise ReadOnlyViolation("a read query tried to write; nothing was changed")

    def _terminate(self) -> None:
        """Terminate the read on the engine; retried while the engine makes the request wait its turn."""
        give_up = time.monotonic() + _TERMINATE_PATIENCE_SECONDS
        while not self._finished.is_set() and time.monotonic() < give_up:
            if self._terminate_on_engine():
                self._report_if_it_runs_on()
                return
            self._finished.wait(_STOP_POLL_SECONDS)

    def _report_if_it_runs_on(self) -> None:
        if self._finished.wait(UNSTOPPABLE_SECONDS) or self._graph.on_unstoppable is None:
            return
        self._graph.on_unstoppable(f"an ad-hoc query ran on {UNSTOPPABLE_SECONDS:.0f} s after it was terminated")

    def _terminate_on_engine(self) -> bool:
        try:
            with self._graph.driver.session(database=self._graph.database) as session:
                found = session.run(_FIND_TRANSACTION, marker=self._marker)
                ids = [record["transactionId"] for record in found]
                if ids:
                    session.run(_TERMINATE_TRANSACTIONS, ids=ids).consume()
                return bool(ids)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
            return False


def _is_write_refusal(failure: BaseException | None) -> bool:
    """The engine refused a write: Neo4j in a READ transaction, ArcadeDB (and Neo4j roles) by the user's rights."""
    code = getattr(failure, "code", None) or ""
    return code.endswith(".Statement.AccessMode") or code.endswith(".Security.Forbidden")


def _drivers(uri: str, auth: tuple[str, str],
             reader_auth: tuple[str, str] | None) -> tuple[neo4j.Driver, neo4j.Driver]:
    """The main driver and the reading user's (the same one when no reading user is configured)."""
    driver = GraphDatabase.driver(uri, auth=auth, **DRIVER_OPTIONS)
    if reader_auth is None:
        return driver, driver
    return driver, GraphDatabase.driver(uri, auth=reader_auth, **DRIVER_OPTIONS)


def _close(*drivers: neo4j.Driver) -> None:
    for driver in {id(each): each for each in drivers}.values():
        driver.close()


def _was_stopped(failure: BaseException | None) -> bool:
    """The failure is the engine ending the transaction: terminated, or its timeout passed (Neo4j)."""
    code = getattr(failure, "code", None) or ""
    return code.endswith(".Transaction.Terminated") or ".Transaction.TransactionTimedOut" in code


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

