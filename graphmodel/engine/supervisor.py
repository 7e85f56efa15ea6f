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
`outage` says what is wrong, so readiness can answer at once. A process killed by a signal is only
noticed dead; an engine that runs but stops answering is left to the
driver's own errors.

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

from graphmodel.engine.embedded import EmbeddedEngine, EngineState, describe_exit, exit_status
from graphmodel.engine.errors import EngineError

log = logging.getLogger("govgraph.engine")

POLL_SECONDS = 1.0
MAX_DELAY = 60.0
# An engine that ran this long before it died counts as a fresh failure, not as one more of a series.
STABLE_SECONDS = 60.0
# How long a child engine that looks dead may take to finish exiting (and free its ports).
EXIT_WAIT_SECONDS = 5.0
RECORD_REMOVAL_SECONDS = 5.0


def restart_delay(failures: int) -> float:
    """Seconds to wait before the next start after `failures` failures in a row: 0, 1, 2, 4 ... `MAX_DELAY`."""
    if failures <= 1:
        return 0.0
    return min(MAX_DELAY, 2.0 ** (failures - 2))


class EngineSupervisor:
    """Watches the engine of one data directory on a thread of its own; `on_engine` gets each new one."""

    def __init__(self, engine: EmbeddedEngine, on_engine: Callable[[EngineState], None], *,
                 on_down: Callable[[str], None] = lambda reason: None, poll_seconds: float = POLL_SECONDS) -> None:
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
        # What is wrong while the engine is down, for readiness and problem details; None while it runs.
        self.outage: str | None = None

    def start(self) -> EngineSupervisor:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()

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
            if self.outage is not None and time.monotonic() >= self._next_attempt:
                self._connect(state)
            return
        self._notice_end(state)
        if time.monotonic() < self._next_attempt:
            return
        if self._owned(state) and not self._stopped_on_purpose:
            self._restart(state)
        else:
            self._follow()

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
