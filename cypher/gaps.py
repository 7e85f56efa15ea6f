"""Gaps and coverage: what the structure lacks rather than what breaks a rule.

Three questions, each a stored query `cypher/gaps_*.cypher` with the same
header and row shape as a check (see `cypher.checks`):

* NPOs without a mirroring RPO in a healthcare region, or without an LPO in a
  region; only healthcare regions with RPOs and regions with LPOs are looked
  at, since the others' structure is simply not recorded;
* municipalities that no municipal representative speaks for in a knowledge
  area their region works in (has an LPO or LAG for);
* people who have left every body yet still stand on a route, and contact
  persons still named for a representative who has left.
"""

from __future__ import annotations

from cypher.checks import Report, require_kind, rules, run_rules
from graphmodel.engine import Graph

GAPS_PREFIX = "gaps_"


def run_gaps(graph: Graph, *, at: str | None = None, region: str | None = None, area: str | None = None) -> Report:
    """Every coverage question (`gaps_*`), for one region and knowledge area or all, on the day `at`."""
    require_kind(graph, "region", region, "region")
    require_kind(graph, "area", area, "knowledge_area")
    settings = {"at": at, "region": region, "area": area}
    return run_rules(graph, "gaps", rules(GAPS_PREFIX), settings)
