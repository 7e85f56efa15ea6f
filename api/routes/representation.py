"""Where a municipality, region, county, person or post is represented: in which bodies, by whom, in which role."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.auth import CallerDep
from api.deps import GraphDep
from api.models_answers import MAX_ID_LENGTH, RepresentationOut, RepresentationQuery
from api.routes.chains import asked_of, day_or_today
from cypher.params import QueryParameterError
from cypher.representation import representation

router = APIRouter(prefix="/representation", tags=["answers"])
SubjectId = Annotated[str, Path(min_length=1, max_length=MAX_ID_LENGTH, examples=["municipality:1880"],
                                description="a municipality, region, county, person or post")]


@router.get("/{uid}", response_model=RepresentationOut,
            summary="Where a municipality, region, county or person is represented, by whom and how.")
def read_representation(uid: SubjectId, graph: GraphDep, who: CallerDep,
                        query: Annotated[RepresentationQuery, Query()]) -> dict[str, Any]:
    """The answer of `govgraph represented ID --json`: the memberships valid on `at`, or with `all` every one.

    A municipality is represented directly or through its county, a region directly or through its
    healthcare region, a county directly or through its municipalities; a person or post in every body
    they sit in, in person or ex officio."""
    if query.all_time and query.at is not None:
        raise QueryParameterError("all", "asks over all time; leave out `at`, or `all`")
    with asked_of(uid):
        return representation(graph, uid, None if query.all_time else day_or_today(query.at)).as_json()
