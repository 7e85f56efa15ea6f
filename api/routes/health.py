"""Is the API up, and which engine does it use."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from graphmodel.engine import current_graph

router = APIRouter(tags=["health"])


@router.get("/health")
def health() -> dict[str, str | None]:
    """The engine the API uses and whether it answers."""
    return {"status": "ok", **asdict(current_graph().describe())}
