"""The national picture at a glance: for each knowledge area and region, the bodies, the contact person, and
how many of the region's municipalities a documented route reaches on the day.

The bodies and contact persons come from `coverage.cypher`; the routes from the contact-path search, asked
only for the cells that have something of their own (an LPO, a LAG or a contact person): elsewhere nothing
of the region carries the area, so no route is looked for.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from cypher.contact_path import PathOptions, contact_paths, expand_targets
from cypher.route_index import RouteIndex
from cypher.runner import run_stored
from graphmodel.engine import Graph


@dataclass(frozen=True)
class CoverageCell:
    area: str
    area_name: str
    npo: str
    region: str
    region_name: str
    lpos: int
    lags: int
    contacts: int
    municipalities: int
    # Municipalities a documented route (not a fallback) reaches; None where no route was looked for.
    reached: int | None

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def coverage(graph: Graph, index: RouteIndex, at: datetime.date) -> list[CoverageCell]:
    rows = run_stored(graph, "coverage", {"at": at.isoformat()}).rows
    municipalities = {region: len(expand_targets(index, [region])) for region in {row["region"] for row in rows}
                      if region in index.nodes}
    options = PathOptions(at)
    cells = []
    for row in rows:
        reached = None
        has_own = row["lpos"] or row["lags"] or row["contacts"]
        if has_own and row["npo"] in index.nodes and row["region"] in index.nodes:
            answer = contact_paths(index, row["npo"], [row["region"]], options)
            reached = sum(1 for route in answer.routes if route.found and not route.fallback)
        cells.append(CoverageCell(**row, municipalities=municipalities.get(row["region"], 0), reached=reached))
    return cells
