"""Liveness (the process answers) and readiness (the engine answers too).

While the engine supervisor knows the engine is down (see
`graphmodel.engine.supervisor`), readiness says so at once, without waiting
for the driver to give up on it.
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from pydantic import BaseModel

from api.deps import GraphDep
from api.problems import PROBLEM_RESPONSES, ApiProblem

router = APIRouter(prefix="/health", tags=["health"])


class Live(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    engine: str
    uri: str
    database: str
    server_agent: str
    bolt_protocol: str
    data_dir: str | None = None


@router.get("/live", response_model=Live, summary="The API process is running.")
def live() -> Live:
    """Answers as long as the process runs, whatever the engine does."""
    return Live(status="ok")


@router.get("/ready", response_model=Ready, responses={503: PROBLEM_RESPONSES[503]},
            summary="The API can answer: the engine responds to a query.")
def ready(graph: GraphDep, request: Request) -> Ready:
    """Runs a trivial query on the engine; 503 with problem details when it does not answer."""
    supervisor = getattr(request.app.state, "supervisor", None)
    if supervisor is not None and supervisor.outage:
        raise ApiProblem(503, "Engine unavailable", f"{supervisor.outage}; try again shortly",
                         headers={"Retry-After": "5"})
    graph.read("RETURN 1 AS ok")
    return Ready(status="ok", **asdict(graph.describe()))
