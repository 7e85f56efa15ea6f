"""The decision route: who decides a measure, who prepares, is consulted, endorses or is informed, and on which route."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.auth import CallerDep
from api.deps import GraphDep
from api.models_answers import DecisionQuery, DecisionRouteOut
from cypher.decision_route import decision_route, measure_from_text
from graphmodel.vocabulary import MEASURE_CRITERIA

router = APIRouter(prefix="/decisions", tags=["answers"])


@router.get("", response_model=DecisionRouteOut,
            summary="Who decides a measure and by which route, read from the decision matters' mandates.")
def decide(graph: GraphDep, who: CallerDep, query: Annotated[DecisionQuery, Query()]) -> dict[str, Any]:
    """The answer of `govgraph decide --json`, with the same options.

    A decision matter covers the measure when its scope matches and each criterion matches or is unset; a
    criterion left out that separates routes gives each route in `alternatives` with its condition. When
    nobody in the graph has the mandate the answer says so (`mandated: false`, and the message): a 200,
    since that is the answer, where the command exits 3."""
    measure = measure_from_text(query.scope, region=query.region, area=query.area, at=query.at,
                                **{criterion.option: getattr(query, criterion.option) for criterion in MEASURE_CRITERIA})
    return decision_route(graph, measure).as_json()
