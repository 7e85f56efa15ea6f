"""What changed between two days: groups and edges that started or ended, and bodies renamed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.auth import CallerDep
from api.deps import GraphDep
from api.models_answers import ChangesOut, ChangesQuery
from cypher.changes import changes_between

router = APIRouter(prefix="/changes", tags=["answers"])


@router.get("", response_model=ChangesOut,
            summary="What started, ended or was renamed between two days, both included.")
def changes(graph: GraphDep, who: CallerDep, query: Annotated[ChangesQuery, Query()]) -> dict[str, Any]:
    """The answer of `govgraph diff --from --to --json`; with `region`, only what belongs to that territory."""
    return changes_between(graph, query.start, query.end, query.region).as_json()
