"""Liveness (the process answers) and readiness (the engine answers too, within a short time).

While the engine supervisor knows the engine is down (see
`graphmodel.engine.supervisor`), readiness says so at once, without waiting
for the driver to give up on it. Otherwise it asks the engine `RETURN 1` on a
thread of its own and waits at most `READY_TIMEOUT` seconds: an engine whose
process lives but does not answer (paused, out of memory, wedged) is reported
not ready instead of holding the probe until the driver gives up, which it
may never do on a connection already open.

Only callers with an admin key are shown where the engine is (its Bolt
address, database, server version and data directory); everyone else learns
whether it is ready, which kind of engine it is, and why not.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from dataclasses import asdict, fields
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, create_model

from api.deps import GraphDep
from api.problems import PROBLEM_RESPONSES, ApiProblem, engine_failure, public_reason, shows_engine_details
from graphmodel.engine import Graph
from graphmodel.engine.graph import EngineDescription

router = APIRouter(prefix="/health", tags=["health"])
log = logging.getLogger("govgraph.api")

# How long readiness waits for the engine's answer: well under the 5 s a probe may take.
READY_TIMEOUT = 2.0
RETRY_AFTER = {"Retry-After": "5"}
ADMIN_ONLY = "only for callers with an admin key"


class Live(BaseModel):
    status: str


def _engine_fields() -> dict[str, tuple[Any, Any]]:
    """The engine's description as optional fields: `engine` for everyone, the rest only for admin keys."""
    described = {}
    for member in fields(EngineDescription):
        about = member.metadata["about"]
        if member.name == "engine":
            described[member.name] = (str, Field(description=about))
        else:
            described[member.name] = (str | None, Field(None, description=f"{about}; {ADMIN_ONLY}"))
    return described


class ReadyBase(BaseModel):
    """The engine answered; where it is, only for admin keys (the other members are then left out)."""

    model_config = {"json_schema_extra": {"examples": [{"status": "ok", "ready": True, "engine": "embedded"}]}}

    status: str = "ok"
    ready: bool = Field(description="true: the engine answered a query just now")


# One list of what describes an engine: EngineDescription's fields, with their descriptions.
Ready = create_model("Ready", __base__=ReadyBase, __doc__=ReadyBase.__doc__, **_engine_fields())


@router.get("/live", response_model=Live, summary="The API process is running.")
def live() -> Live:
    """Answers as long as the process runs, whatever the engine does."""
    return Live(status="ok")


@router.get("/ready", response_model=Ready, response_model_exclude_none=True,
            responses={503: PROBLEM_RESPONSES[503]},
            summary="The API can answer: the engine responds to a query within a few seconds.")
def ready(graph: GraphDep, request: Request) -> Ready:
    """Asks the engine a trivial query; 503 with problem details when it does not answer within 2 s.

    The problem carries `ready` (false) and `engine`; with an admin key also the
    engine's address and data directory, and the driver's own words in `detail`.
    """
    details = shows_engine_details(request)
    supervisor = getattr(request.app.state, "supervisor", None)
    if supervisor is not None and supervisor.outage:
        raise not_ready(graph, details, supervisor.outage if details else "it is down, and is being restarted "
                                                                           "or waited for")
    try:
        description = ask_engine(graph, READY_TIMEOUT)
    except EngineSilent as silent:
        log.warning("readiness: %s", silent)
        raise not_ready(graph, details, str(silent)) from None
    except Exception as error:  # noqa: BLE001 - whatever stops the engine answering means not ready
        log.warning("readiness: engine unavailable: %s", error)
        raise not_ready(graph, details, engine_failure(error) if details else public_reason(error)) from None
    if details:
        return Ready(ready=True, **asdict(description))
    return Ready(ready=True, engine=description.engine)


def not_ready(graph: Graph, details: bool, reason: str) -> ApiProblem:
    extra: dict[str, object] = {"ready": False, "engine": graph.engine}
    if details:
        extra.update(uri=graph.uri, database=graph.database, data_dir=graph.data_dir)
    return ApiProblem(503, "Engine unavailable", f"the graph engine is not ready: {reason}; try again shortly",
                      extra=extra, headers=RETRY_AFTER)


# -- asking the engine, never for longer than the deadline -----------------------------------------------------
class EngineSilent(TimeoutError):
    """The engine did not answer readiness's question in time; its process may well be alive."""

    def __init__(self, timeout: float, waiting: float) -> None:
        since = f" (the question has waited {waiting:.0f} s)" if waiting > timeout + 0.5 else ""
        super().__init__(f"the engine did not answer within {timeout:g} s{since}")


class _Question:
    """`RETURN 1` and the server's description, asked on a daemon thread that a hung engine may keep."""

    def __init__(self, graph: Graph) -> None:
        self.asked = time.monotonic()
        self.done = threading.Event()
        self._answer: EngineDescription | None = None
        self._failure: BaseException | None = None
        threading.Thread(target=self._ask, args=(graph,), name="govgraph-readiness", daemon=True).start()

    def _ask(self, graph: Graph) -> None:
        try:
            graph.read("RETURN 1 AS ok")
            self._answer = graph.describe()
        except BaseException as failure:  # noqa: BLE001 - handed to whoever waits for the answer
            self._failure = failure
        finally:
            self.done.set()

    def answer(self) -> EngineDescription:
        if self._failure is not None:
            raise self._failure
        assert self._answer is not None
        return self._answer


_questions: weakref.WeakKeyDictionary[Graph, _Question] = weakref.WeakKeyDictionary()
_questions_lock = threading.Lock()


def ask_engine(graph: Graph, timeout: float) -> EngineDescription:
    """The engine's description once it has answered `RETURN 1`; `EngineSilent` after `timeout` seconds.

    One question per graph at a time: while one is unanswered, later probes wait
    for that one (each at most `timeout`), so a hung engine holds one thread,
    not one per probe, and answers them all once it wakes up.
    """
    with _questions_lock:
        question = _questions.get(graph)
        if question is None or question.done.is_set():
            question = _questions[graph] = _Question(graph)
    if not question.done.wait(timeout):
        raise EngineSilent(timeout, time.monotonic() - question.asked)
    return question.answer()
