"""Dependencies shared by the routes, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from graphmodel.engine import Graph, current_graph


def get_graph() -> Graph:
    return current_graph()


GraphDep = Annotated[Graph, Depends(get_graph)]
