"""Conformance findings and coverage gaps: the documents' rules and questions, run as stored queries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.auth import CallerDep
from api.deps import GraphDep
from api.models_answers import FindingsQuery, GapsQuery, ReportOut
from cypher.checks import run_checks
from cypher.gaps import run_gaps

router = APIRouter(tags=["answers"])


@router.get("/findings", response_model=ReportOut,
            summary="The graph checked against the documents' rules: findings by severity.")
def findings(graph: GraphDep, who: CallerDep, query: Annotated[FindingsQuery, Query()]) -> dict[str, Any]:
    """The report of `govgraph check --json`, with the same options; `rule` narrows it to some rules.

    Each rule is a stored query cypher/check_*.cypher naming its rule, severity and document. A finding
    of severity error is still a 200: the report is the answer (the command exits 1)."""
    return run_checks(graph, at=query.at, region=query.region, within=query.within, concurrent=query.concurrent,
                      only=tuple(rule.value for rule in query.rule)).as_json()


@router.get("/gaps", response_model=ReportOut,
            summary="Gaps in coverage: missing RPOs or LPOs, unrepresented municipalities, departed people.")
def gaps(graph: GraphDep, who: CallerDep, query: Annotated[GapsQuery, Query()]) -> dict[str, Any]:
    """The report of `govgraph gaps --json`, with the same options: what the structure lacks on `at`."""
    return run_gaps(graph, at=query.at, region=query.region, area=query.area).as_json()
