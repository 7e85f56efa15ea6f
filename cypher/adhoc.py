"""Ad-hoc Cypher typed by analysts: checked read-only, run within a time and a row limit, answered as JSON.

`run_adhoc` refuses text that could write before the engine sees it
(`cypher.readonly`), then runs it with `Graph.read_bounded`, which rolls back
anything that still writes. Each way it can fail is its own error, so the
caller can answer a user's mistake differently from an engine outage:

* `WriteRejected` - the text could write, or is not one plain read;
* `ParameterError` - a parameter is not a JSON value or has a bad name;
* `CypherError` - the engine refused the text (syntax, unknown variable, ...);
* `QueryTimeout` - the query ran past the time limit and was stopped.

These pass through unchanged: `ReadOnlyViolation` (a write the guard did not
see, refused by the engine or rolled back), `ReadsBusy` (too many ad-hoc
queries at once; an `EngineError`), and the driver's errors for an
unreachable or busy engine. Call `run_adhoc` from a worker thread (a plain
`def` route): it blocks.

A `caller` (the API key) runs one query at a time (`CallerBusy` while its
last one still runs on the engine), and an `AdhocThrottle` makes a caller
whose query ran out of time or took the engine down wait before the next, a
little longer each time: the one who causes the load carries it, not
everybody.
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

import neo4j.exceptions

from cypher.params import QueryParameterError
from cypher.readonly import (
    READ_ONLY_PROCEDURES,
    WriteRejected,
    check_read_only,
    without_final_semicolon,
)
from cypher.runner import json_value
from graphmodel.engine import Graph
from graphmodel.engine.graph import ReadsBusy, ReadTimedOut

__all__ = ["READ_ONLY_PROCEDURES", "AdhocAnswer", "AdhocThrottle", "CallerThrottled", "CypherError",
           "ParameterError", "QueryTimeout", "WriteRejected", "run_adhoc"]

PARAMETER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INTEGER_RANGE = (-(2**63), 2**63 - 1)  # what Cypher's INTEGER holds
_MESSAGE_LENGTH = 300


@dataclass(frozen=True)
class AdhocAnswer:
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]  # JSON values: dates as ISO text, nodes as maps of their properties
    truncated: bool  # the query had more rows than `max_rows`; `rows` holds the first ones
    elapsed_ms: int

    def as_json(self) -> dict[str, Any]:
        return {"columns": list(self.columns), "rows": self.rows, "truncated": self.truncated,
                "elapsed_ms": self.elapsed_ms}


class QueryTimeout(TimeoutError):
    """The query ran past the time limit (`seconds`) and was stopped on the engine."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the query ran longer than the limit of {seconds:g} seconds and was stopped; "
                         "narrow it down (fewer nodes to match, a LIMIT) and try again")
        self.seconds = seconds


class CypherError(ValueError):
    """The engine refused the query text; `code` is its status code, the message its first line."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code

    @classmethod
    def from_engine(cls, error: neo4j.exceptions.Neo4jError, text: str) -> CypherError:
        return cls(_as_typed(_one_line(error.message or str(error)), text), error.code or "")


class CallerThrottled(ReadsBusy):
    """This caller's recent queries ran out of time or took the engine down: it waits `seconds` more."""

    def __init__(self, seconds: float) -> None:
        Exception.__init__(self, f"your recent ad-hoc queries ran past the time limit or stopped the engine; "
                                 f"try again in {math.ceil(seconds)} s, with a narrower query")
        self.seconds = seconds


class AdhocThrottle:
    """Per caller: after queries that were stopped or brought the engine down, a pause before the next.

    One query past the time limit is a mistake anyone makes, and costs
    nothing more; from the second in a row the caller waits `first_pause`
    seconds, then twice that ... up to `longest_pause`. A query during which
    the engine went away (out of memory, say) costs `engine_pause` at once.
    A query that ends normally forgets it all.
    """

    def __init__(self, *, first_pause: float = 5.0, longest_pause: float = 300.0,
                 engine_pause: float = 60.0) -> None:
        self._first_pause = first_pause
        self._longest_pause = longest_pause
        self._engine_pause = engine_pause
        self._strikes: dict[str, int] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, caller: str | None) -> None:
        """Raise `CallerThrottled` while `caller` must wait."""
        if caller is None:
            return
        with self._lock:
            remaining = self._until.get(caller, 0.0) - time.monotonic()
        if remaining > 0:
            raise CallerThrottled(remaining)

    def penalise(self, caller: str | None, *, engine_lost: bool = False) -> None:
        if caller is None:
            return
        with self._lock:
            strikes = self._strikes.get(caller, 0) + 1
            self._strikes[caller] = strikes
            pause = 0.0 if strikes == 1 else min(self._longest_pause, self._first_pause * 2 ** (strikes - 2))
            if engine_lost:
                pause = max(pause, self._engine_pause)
            self._until[caller] = max(self._until.get(caller, 0.0), time.monotonic() + pause)

    def forgive(self, caller: str | None) -> None:
        if caller is None:
            return
        with self._lock:
            self._strikes.pop(caller, None)
            self._until.pop(caller, None)


class ParameterError(QueryParameterError):
    """A parameter has a name Cypher cannot use or a value that is not JSON-like; `parameter` names it."""


def run_adhoc(graph: Graph, text: str, parameters: dict[str, Any] | None, *, timeout_seconds: float,
              max_rows: int, caller: str | None = None, throttle: AdhocThrottle | None = None) -> AdhocAnswer:
    """Run `text` read-only with `parameters`, stopping after `timeout_seconds` and at `max_rows` rows."""
    if timeout_seconds <= 0 or max_rows < 0:
        raise ValueError(f"limits must be positive: timeout_seconds={timeout_seconds}, max_rows={max_rows}")
    throttle = throttle or AdhocThrottle()
    check_read_only(text)
    checked = check_parameters({} if parameters is None else parameters)
    throttle.check(caller)
    started = time.monotonic()
    try:
        columns, rows, truncated = graph.read_bounded(without_final_semicolon(text), checked,
                                                      timeout=timeout_seconds, max_rows=max_rows, caller=caller)
    except ReadTimedOut:
        throttle.penalise(caller)
        raise QueryTimeout(timeout_seconds) from None
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired):
        throttle.penalise(caller, engine_lost=True)  # the engine went away under this query (out of memory, say)
        raise
    except neo4j.exceptions.TransientError:
        raise  # the engine is busy, not the text wrong
    except neo4j.exceptions.Neo4jError as error:
        # ArcadeDB reports some plain mistakes (a property of a number) as DatabaseError: still the text's fault.
        raise CypherError.from_engine(error, text) from None
    except neo4j.exceptions.BrokenRecordError as error:
        # The engine sent a value the driver cannot hold (a datetime past year 9999, say).
        raise CypherError(f"the answer holds a value that cannot be represented ({_one_line(str(error))}); "
                          "return it as text with toString()", "govgraph.UnrepresentableValue") from None
    throttle.forgive(caller)
    elapsed_ms = round((time.monotonic() - started) * 1000)
    return AdhocAnswer(columns, [json_value(row) for row in rows], truncated, elapsed_ms)


def check_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """`parameters` if every name is a Cypher name and every value a JSON scalar, list or map of them."""
    if not isinstance(parameters, dict):
        raise ParameterError("parameters", f"must be a map of names to values, not {type(parameters).__name__}")
    for name, value in parameters.items():
        if not isinstance(name, str) or not PARAMETER_NAME.fullmatch(name):
            raise ParameterError(str(name), "a parameter name is letters, digits and _, not starting with a digit")
        _check_value(name, value)
    return parameters


def _check_value(path: str, value: Any) -> None:
    if value is None or isinstance(value, (bool, str)):
        return
    if isinstance(value, int):
        if not _INTEGER_RANGE[0] <= value <= _INTEGER_RANGE[1]:
            raise ParameterError(path, f"{value} does not fit a 64-bit integer")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ParameterError(path, f"{value} is not a finite number")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_value(f"{path}[{index}]", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ParameterError(path, f"map keys must be text, not {key!r}")
            _check_value(f"{path}.{key}", item)
    else:
        raise ParameterError(path, f"a {type(value).__name__} is not a JSON value "
                                   "(text, number, true/false, null, list or map)")


_BOUNDED_READ_MARK = re.compile(r"\s*/\* govgraph-bounded-read-[0-9a-f]+ \*/")
_ENGINE_POSITION = re.compile(r"line (\d+):(\d+)")


def _as_typed(message: str, text: str) -> str:
    """The engine's message about the text as the analyst typed it: without the mark `read_bounded` adds,
    and with a position past the end of the text brought back to its end."""
    message = _BOUNDED_READ_MARK.sub("", message)
    lines = text.split("\n")

    def within(match: re.Match) -> str:
        line, column = int(match.group(1)), int(match.group(2))
        if line == len(lines):
            column = min(column, len(lines[-1]))
        return f"line {line}:{column}"

    return _ENGINE_POSITION.sub(within, message)


def _one_line(message: str) -> str:
    """The first non-empty line of an engine message, short enough to show."""
    line = next((part.strip() for part in message.splitlines() if part.strip()), message.strip())
    return line if len(line) <= _MESSAGE_LENGTH else line[: _MESSAGE_LENGTH - 1] + "…"
