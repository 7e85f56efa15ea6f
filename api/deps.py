"""Dependencies shared by the routes, as `Annotated` aliases.

They are `async` because they never wait: FastAPI runs a plain `def` dependency on a worker thread, and
that hop would cost more than the dependency's own work.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graphmodel.audit import AuditLog
from graphmodel.engine import Graph, current_graph
from graphmodel.settings import Settings


async def get_graph() -> Graph:
    return current_graph()


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_audit(request: Request) -> AuditLog:
    return request.app.state.audit


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AuditDep = Annotated[AuditLog, Depends(get_audit)]
