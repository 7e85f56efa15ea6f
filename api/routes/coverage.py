"""The start page's national picture: knowledge areas against regions, with bodies, contacts and reach."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.auth import CallerDep
from api.deps import GraphDep
from api.models_answers import Day
from cypher.coverage import coverage
from cypher.route_index import route_index

router = APIRouter(tags=["answers"])


class CoverageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: Day | None = Field(None, description="the day to answer for (YYYY-MM-DD); default today")


class CoverageCellOut(BaseModel):
    area: str = Field(description="the knowledge area's id")
    area_name: str
    npo: str = Field(description="the area's national programme area, where a contact path starts")
    region: str
    region_name: str
    lpos: int = Field(description="LPOs of the region covering the area on the day")
    lags: int = Field(description="LAGs of the region covering the area on the day")
    contacts: int = Field(description="contact persons named for the area who sit in a body of the region")
    municipalities: int = Field(description="the region's municipalities")
    reached: int | None = Field(description="municipalities a documented route reaches on the day; null where "
                                            "the region has nothing of its own for the area")


class CoverageOut(BaseModel):
    at: str
    cells: list[CoverageCellOut] = Field(description="one per knowledge area and region, by area then region name")


@router.get("/coverage", response_model=CoverageOut,
            summary="For each knowledge area and region: LPOs, LAGs, contact persons and municipalities reached.")
async def national_coverage(graph: GraphDep, who: CallerDep,
                            query: Annotated[CoverageQuery, Query()]) -> dict[str, Any]:
    """The coverage matrix of the explorer's start page, from `coverage.cypher` and the contact-path search."""
    day = datetime.date.fromisoformat(query.at) if query.at else datetime.date.today()
    index = await run_in_threadpool(route_index, graph)
    cells = await run_in_threadpool(coverage, graph, index, day)
    return {"at": day.isoformat(), "cells": [cell.as_json() for cell in cells]}
