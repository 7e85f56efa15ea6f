"""The explorer: an HTML page drawing the neighbourhood of one entity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import GraphDep
from api.explorer_page import render_page
from api.models import MAX_EXPLORER_DEPTH, ExplorerRequest
from api.neighbourhood import neighbourhood

router = APIRouter(tags=["explorer"])


@router.get("/explorer", response_class=HTMLResponse, name="explorer", include_in_schema=False)
def explorer(request: Request, graph: GraphDep, view: Annotated[ExplorerRequest, Query()]) -> HTMLResponse:
    """An interactive drawing of the entities within `depth` steps of `around`, with a search box."""
    found = None
    if view.around is not None:
        found = neighbourhood(graph, around=view.around, depth=view.depth)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no entity has the id '{view.around}'")
    page = render_page(found, depth=view.depth, max_depth=MAX_EXPLORER_DEPTH,
                       explorer_url=str(request.url_for("explorer")),
                       entities_url=str(request.url_for("find_nodes")))
    return HTMLResponse(page)


@router.get("/", include_in_schema=False)
def home(request: Request) -> RedirectResponse:
    """The explorer is the front page."""
    return RedirectResponse(request.url_for("explorer"))
