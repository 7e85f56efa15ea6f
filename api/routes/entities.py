"""Finding entities and reading one with its edges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from api.deps import GraphDep
from api.models import EntityDetail, EntitySearch, EntitySummary
from api.reads import entity_detail, search_entities

router = APIRouter(prefix="/entities", tags=["entities"])


@router.get("", response_model=list[EntitySummary])
def find_entities(graph: GraphDep, search: Annotated[EntitySearch, Query()]) -> list[EntitySummary]:
    """Entities whose name, former name or id contains `q`, optionally of one kind, ordered by name."""
    kind = search.kind.value if search.kind else None
    return search_entities(graph, kind=kind, q=search.q, limit=search.limit)


@router.get("/{uid}", response_model=EntityDetail, name="entity")
def read_entity(graph: GraphDep, uid: Annotated[str, Path(max_length=300)]) -> EntityDetail:
    """One entity's properties and its edges in and out, with the entity at the other end."""
    detail = entity_detail(graph, uid=uid)
    if detail is None:
        raise HTTPException(status_code=404, detail=f"no entity has the id '{uid}'")
    return detail
