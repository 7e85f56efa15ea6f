"""Reporting chains: to whom a body reports, and on up through its region's governance and the mirrors."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.auth import CallerDep
from api.deps import GraphDep
from api.models_answers import MAX_ID_LENGTH, ChainAnswerOut, DayQuery
from cypher.chain import NotAChainStart, UnknownNode, reporting_chain
from cypher.params import QueryParameterError, UnknownId

router = APIRouter(prefix="/chains", tags=["answers"])
SubjectId = Annotated[str, Path(min_length=1, max_length=MAX_ID_LENGTH, description="a body, or a person or post",
                                examples=["lag:region-orebro-lan-suicidprevention"])]


@contextmanager
def asked_of(uid: str) -> Iterator[None]:
    """Errors about the node a question is asked of, named as the path parameter `uid`."""
    try:
        yield
    except UnknownNode:
        raise UnknownId("uid", uid) from None
    except NotAChainStart as error:
        raise QueryParameterError("uid", str(error)) from None


def day_or_today(text: str | None) -> str:
    return text or datetime.date.today().isoformat()


@router.get("/{uid}", response_model=ChainAnswerOut,
            summary="To whom a body reports, and on up: the region's governance and the national mirrors.")
def read_chain(uid: SubjectId, graph: GraphDep, who: CallerDep,
               query: Annotated[DayQuery, Query()]) -> dict[str, Any]:
    """The answer of `govgraph chain ID --json`: only bodies and edges valid on `at`, each named as it was then.

    A person or post gets the chains of the bodies they sit in that day, each opened by the membership;
    a body that did not exist on `at` has an empty chain and a message saying when it did."""
    with asked_of(uid):
        return reporting_chain(graph, uid, day_or_today(query.at)).as_json()
