"""The explorer: a static page at `/` that draws what the drawings API answers, and the files it needs."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, RedirectResponse

from api.explorer_page import ASSETS, DOCS_PAGE, PAGE
from api.models import ExplorerRequest

router = APIRouter(tags=["explorer"])


@router.get("/", include_in_schema=False, name="explorer")
def explorer() -> FileResponse:
    """The explorer page; its state (focus, filters, path, chain) lives in the query string."""
    return FileResponse(PAGE, media_type="text/html")


@router.get("/docs", include_in_schema=False)
def api_documentation() -> FileResponse:
    """Swagger UI on /openapi.json, from files this server serves itself."""
    return FileResponse(DOCS_PAGE, media_type="text/html")


@router.get("/explorer", include_in_schema=False)
def former_explorer(request: Request, view: Annotated[ExplorerRequest, Query()]) -> RedirectResponse:
    """The explorer's former address: the same view on the page at `/`."""
    state = {"focus": view.around, "depth": view.depth} if view.around else {}
    query = f"?{urlencode(state)}" if state else ""
    return RedirectResponse(f"{request.url_for('explorer').path}{query}")


@router.get("/static/{name:path}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    """The explorer's script and style, and vis-network's, all from this server."""
    asset = ASSETS.get(name)
    if asset is None:
        raise HTTPException(status_code=404, detail=f"no file '{name}' here")
    return FileResponse(asset.path, media_type=asset.media_type)
