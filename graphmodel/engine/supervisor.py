"""Keeping a long-running process's embedded engine up: restart our own, follow one started by others.

`govgraph serve` runs an `EngineSupervisor` next to the API. Once a second it
checks that the engine process named in `engine.json` still runs.

* An engine this process started for itself (its own child) is started
  again on the same data directory when it dies (not when `govgraph db stop`
  stopped it: ended by SIGTERM, its record removed), on the same ports while
  they are free. The first attempt comes at once; an engine that keeps dying
  within `STABLE_SECONDS` of starting, or fails to start, is retried after
  1, 2, 4 ... up to `MAX_DELAY` seconds, so a broken engine never turns into
  a restart storm.
* An engine started by `govgraph db start` (or by another govgraph process)
  belongs to someone else and is never started here. The supervisor waits
  for `engine.json` to name a running engine again and connects to it,
  wherever it listens now.

When the engine is found dead, `on_down` hears why (the API's graph then
refuses work at once, see `Graph.mark_down`); when one runs again, `on_engine`
gets it (the graph takes a new driver, see `Graph.reconnect`). Meanwhile
`outage` says what is wrong, so readiness can answer at once.

A hung engine is a down engine. Every `PROBE_SECONDS` (2 s) the supervisor asks a
running engine `RETURN 1` on a connection of its own. No answer within
`PROBE_TIMEOUT` and the engine counts as down (requests are refused at once,
as after a crash); still none after `HUNG_SECONDS` and an engine of our own
is killed and started again. One that answers again is used again.

The restart happens on the supervisor's thread, and Linux ties an owned
engine's death signal to the thread that started it (see
`embedded._die_with_parent`): so the thread lives as long as the process,
and `stop()` belongs to shutdown, just before the engine is stopped anyway.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable

import neo4j

from graphmodel.engine.embedded import ROOT_USER, EmbeddedEngine, EngineState, describe_exit, exit_status
from graphmodel.engine.errors import EngineError

log = logging.getLogger("govgraph.engine")

POLL_SECONDS = 1.0
MAX_DELAY = 60.0
# An engine that ran this long before it died counts as a fresh failure, not as one more of a series.
STABLE_SECONDS = 60.0
# How long a child engine that looks dead may take to finish exiting (and free its ports).
EXIT_WAIT_SECONDS = 5.0
RECORD_REMOVAL_SECONDS = 5.0
# Asking a running engine whether it answers: how often, how long to wait, and when a silent one is killed.
PROBE_SECONDS = 2.0
PROBE_TIMEOUT = 3.0
HUNG_SECONDS = 30.0


def restart_delay(failures: int) -> float:
    """Seconds to wait before the next start after `failures` failures in a row: 0, 1, 2, 4 ... `MAX_DELAY`."""
    if failures <= 1:
        return 0.0
    return min(MAX_DELAY, 2.0 ** (failures - 2))


class EngineSupervisor:
    """Watches the engine of one data directory on a thread of its own; `on_engine` gets each new one."""

    def __init__(self, engine: EmbeddedEngine, on_engine: Callable[[EngineState], None], *,
                 on_down: Callable[[str], None] = lambda reason: None, poll_seconds: float = POLL_SECONDS,
                 probe_seconds: float = PROBE_SECONDS, probe_timeout: float = PROBE_TIMEOUT,
                 hung_seconds: float = HUNG_SECONDS) -> None:
        self._engine = engine
        self._on_engine = on_engine
        self._on_down = on_down
        self._poll_seconds = poll_seconds
        self._state = engine.recorded()
        self._failures = 0
        self._next_attempt = 0.0
        self._down_since: float | None = None
        self._ended_pid: int | None = None
        self._stopped_on_purpose = False
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="govgraph-engine-supervisor", daemon=True)
        self._probe = _Probe(engine, probe_timeout)
        self._probe_seconds = probe_seconds
        self._hung_seconds = hung_seconds
        self._next_probe = 0.0
        self._silent_since: float | None = None
        # What is wrong while the engine is down, for readiness and problem details; None while it runs.
        self.outage: str | None = None

    def start(self) -> EngineSupervisor:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        self._probe.close()

    def _run(self) -> None:
        while not self._stopping.wait(self._poll_seconds):
            try:
                self.check()
            except Exception:  # the thread must outlive any one failure (see the module text)
                log.exception("engine supervision failed; checking again in %.0f s", self._poll_seconds)

    def check(self) -> None:
        """One round: nothing to do while the engine runs and answers; otherwise restart, follow or connect."""
        state = self._state
        if state is not None and self._engine.is_alive(state):
            if self._probe.in_flight or self._silent_since is not None or time.monotonic() >= self._next_probe:
                self._ask(state)
            if self._silent_since is None and self.outage is not None and time.monotonic() >= self._next_attempt:
                self._connect(state)
            return
        self._notice_end(state)
        if time.monotonic() < self._next_attempt:
            return
        if self._owned(state) and not self._stopped_on_purpose:
            self._restart(state)
        else:
            self._follow()

    def _ask(self, state: EngineState) -> None:
        """Probe a running engine: a silent one is down, and one of ours silent too long is killed."""
        answered = self._probe.poll(state)
        if answered is None:
            return  # asked, and still within the time to answer
        self._next_probe = time.monotonic() + self._probe_seconds
        if answered:
            if self._silent_since is not None:
                log.warning("the engine (pid %s) answers again", state.pid)
                self._silent_since = None
            return
        now = time.monotonic()
        if self._silent_since is None:
            self._silent_since = now - self._probe.timeout
            self._went_down(f"the engine (pid {state.pid}) runs but has not answered for "
                            f"{self._probe.timeout:.0f} s")
            log.error("%s", self.outage)
        if now - self._silent_since >= self._hung_seconds and self._owned(state):
            log.error("the engine (pid %s) has not answered for %.0f s: killing it to start it again",
                      state.pid, now - self._silent_since)
            self._silent_since = None
            os.kill(state.pid, signal.SIGKILL)

    def restart_unstoppable(self, reason: str) -> None:
        """A query the engine will not stop holds its CPU: kill an engine of our own so that it starts afresh."""
        state = self._state
        if state is None or not self._engine.is_alive(state):
            return
        if not self._owned(state):
            log.error("%s; the engine (pid %s) is not ours to restart", reason, state.pid)
            return
        log.error("%s: killing the engine (pid %s) to start it again", reason, state.pid)
        os.kill(state.pid, signal.SIGKILL)

    def _owned(self, state: EngineState | None) -> bool:
        return state is not None and not state.detached and state.owner_pid == os.getpid()

    def _notice_end(self, state: EngineState | None) -> None:
        """Report an engine's end once: refuse work at once, then learn how it ended and what to do."""
        if self._down_since is None:
            self._down_since = time.monotonic()
        if state is None:
            if self.outage is None:
                self._went_down(f"no engine runs for {self._engine.data_dir}")
                log.warning("%s; waiting for one (govgraph db start)", self.outage)
            return
        if state.pid == self._ended_pid:
            return
        self._ended_pid = state.pid
        # Refused before waiting for the exit status, which a dying JVM gives a little later.
        self._went_down(f"the engine process {state.pid} ended")
        status = exit_status(state.pid, wait=EXIT_WAIT_SECONDS)
        self.outage = f"{self.outage} ({describe_exit(status)})"
        if not self._owned(state):
            log.error("%s; it was started by %s, so it is not restarted here: waiting for it to run again",
                      self.outage, "govgraph db start" if state.detached else f"govgraph process {state.owner_pid}")
        elif self._was_stopped(status):
            self._stopped_on_purpose = True
            log.warning("%s: stopped by govgraph db stop, so it is not restarted here; waiting for one to run",
                        self.outage)
        else:
            self._plan_restart(state)

    def _was_stopped(self, status: int | None) -> bool:
        """`govgraph db stop` ends the engine with SIGTERM and removes its record; a crash leaves the record."""
        if status not in (-signal.SIGTERM, 128 + signal.SIGTERM):
            return False
        # `db stop` removes the record just after the process ends; on a busy machine that can take a moment.
        deadline = time.monotonic() + RECORD_REMOVAL_SECONDS
        while self._engine.last_record() is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        return self._engine.last_record() is None

    def _plan_restart(self, state: EngineState) -> None:
        ran_for = time.time() - state.started_at
        self._failures = self._failures + 1 if ran_for < STABLE_SECONDS else 1
        self._next_attempt = time.monotonic() + restart_delay(self._failures)
        log.error("%s after %.0f s; restarting it in %.0f s", self.outage, ran_for, restart_delay(self._failures))

    def _went_down(self, reason: str) -> None:
        self.outage = reason
        self._on_down(reason)

    def _restart(self, previous: EngineState) -> None:
        try:
            state, started = self._engine.start(detached=False, previous=previous)
        except EngineError as err:
            self._failed(f"restarting the engine failed: {err}")
            return
        self._state = state
        log.warning("engine %s: pid %s, Bolt %s", "restarted" if started else "found running, started by someone else",
                    state.pid, state.bolt_uri)
        self._connect(state)

    def _follow(self) -> None:
        state = self._engine.recorded()
        if state is not None:
            self._state = state
            self._stopped_on_purpose = False
            log.warning("engine running again: pid %s, Bolt %s", state.pid, state.bolt_uri)
            self._connect(state)

    def _connect(self, state: EngineState) -> None:
        try:
            self._on_engine(state)
        except Exception as err:  # noqa: BLE001 - whatever the engine or driver says, the next round tries again
            self._failed(f"the engine (pid {state.pid}) runs but does not answer yet: {err}")
            return
        outage = time.monotonic() - (self._down_since or time.monotonic())
        log.warning("the API uses the engine again (pid %s), after %.1f s without it", state.pid, outage)
        self._down_since = None
        self.outage = None

    def _failed(self, what: str) -> None:
        self._failures += 1
        delay = max(restart_delay(self._failures), 1.0)
        self._next_attempt = time.monotonic() + delay
        log.error("%s; next attempt in %.0f s", what, delay)


class _Probe:
    """`RETURN 1` on a driver of its own, on a thread of its own, so a hung engine cannot hang the supervisor."""

    def __init__(self, engine: EmbeddedEngine, timeout: float) -> None:
        self._engine = engine
        self.timeout = timeout
        self._driver: neo4j.Driver | None = None
        self._pid: int | None = None
        self._pending: threading.Thread | None = None
        self._asked_at = 0.0
        self._answered = threading.Event()

    @property
    def in_flight(self) -> bool:
        return self._pending is not None

    def poll(self, state: EngineState) -> bool | None:
        """Ask if nothing is asked yet; True once answered, False once not answered in time, None meanwhile."""
        if self._pending is None:
            self._answered.clear()
            self._asked_at = time.monotonic()
            self._pending = threading.Thread(target=self._ask, args=(state,), name="govgraph-engine-probe",
                                             daemon=True)
            self._pending.start()
            return None
        if self._answered.is_set():
            self._pending = None
            return True
        if not self._pending.is_alive():
            # Refused or a broken connection, at once: a dead process is the crash check's to see, so only
            # silence counts against the engine here; the next round asks anew.
            self._pending = None
            return None
        if time.monotonic() - self._asked_at >= self.timeout:
            return False  # still waiting: the question stays open, and an answer still counts when it comes
        return None

    def _ask(self, state: EngineState) -> None:
        try:
            driver = self._driver_for(state)
            with driver.session(database=self._engine.database) as session:
                session.run("RETURN 1 AS ok").consume()
            self._answered.set()
        except Exception:  # noqa: BLE001 - refused or broken is no answer; the crash check sees a dead engine
            pass

    def _driver_for(self, state: EngineState) -> neo4j.Driver:
        if self._driver is None or self._pid != state.pid:  # a new engine: no connection of the old one is kept
            self.close()
            self._driver = neo4j.GraphDatabase.driver(state.bolt_uri, auth=(ROOT_USER, self._engine.password()),
                                                      connection_timeout=self.timeout, max_connection_pool_size=2)
            self._pid = state.pid
        return self._driver

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None
