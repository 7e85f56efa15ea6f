"""What changed between two days: nodes and edges that started or ended, and bodies renamed.

Both days are included. A rename is a body whose `name_since` falls in the
interval; it is shown with the name it had before (the last of its
`former_names`) and the name it took. With a territory, only nodes that belong
to it (or to a county the region serves) and edges with such an end are shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from cypher.chain import UnknownNode, find_node
from cypher.explain import Hop, NodeRef
from cypher.params import QueryParameterError, UnknownId, parse_date
from cypher.runner import run_stored
from graphmodel.engine import Graph
from graphmodel.messages import text
from graphmodel.model import EDGE_CLASSES, TERRITORY_KINDS

COLUMNS = ("date", "change", "what", "kind", "family", "subject", "old_name", "new_name")


@dataclass(frozen=True)
class Change:
    date: str
    change: str
    what: str
    kind: str
    family: str | None
    subject: str
    old_name: str | None = None
    new_name: str | None = None
    uids: tuple[str, ...] = ()
    hop: Hop | None = None

    def row(self) -> dict[str, Any]:
        return {"date": self.date, "change": self.change, "what": self.what, "kind": self.kind,
                "family": self.family, "subject": self.subject, "old_name": self.old_name,
                "new_name": self.new_name}

    def as_json(self) -> dict[str, Any]:
        return {**self.row(), "uids": list(self.uids), "hop": self.hop.as_json() if self.hop else None}


@dataclass(frozen=True)
class ChangesAnswer:
    start: str
    end: str
    region: str | None
    changes: tuple[Change, ...]

    def rows(self) -> list[dict[str, Any]]:
        return [change.row() for change in self.changes]

    def as_json(self) -> dict[str, Any]:
        return {"from": self.start, "to": self.end, "region": self.region,
                "changes": [change.as_json() for change in self.changes]}


def changes_between(graph: Graph, start: str, end: str, region: str | None = None) -> ChangesAnswer:
    """Every change from `start` to `end` (ISO dates, both included), optionally within `region`."""
    check_interval(start, end)
    if region is not None:
        check_territory(graph, region)
    parameters = {"from": start, "to": end, "region": region}
    bodies = [body_change(row) for row in run_stored(graph, "changed_bodies", parameters).rows]
    edges = [edge_change(row) for row in run_stored(graph, "changed_edges", parameters).rows]
    ordered = sorted(bodies + edges, key=lambda change: (change.date, change.what, change.change, change.subject))
    return ChangesAnswer(start, end, region, tuple(ordered))


def check_interval(start: str, end: str) -> None:
    """`QueryParameterError` naming `from` or `to` when a day is not a date or the interval runs backwards."""
    first, last = parse_date("from", start), parse_date("to", end)
    if first > last:
        raise QueryParameterError("from", f"{start} is after --to {end}; the interval must run forwards")


def check_territory(graph: Graph, uid: str) -> None:
    try:
        kind = find_node(graph, uid, datetime.date.today().isoformat()).ref.kind
    except UnknownNode:
        raise UnknownId("region", uid) from None
    if kind not in TERRITORY_KINDS:
        raise QueryParameterError("region", f"'{uid}' is a {kind}, not a region, county, municipality "
                                            "or healthcare region")


def body_change(row: dict[str, Any]) -> Change:
    """A row of `changed_bodies` (pure)."""
    node = NodeRef(row["uid"], row["name"], row["kind"])
    if row["change"] == "renamed":
        former = NodeRef(row["uid"], row["old_name"] or "", row["kind"])
        return Change(row["date"], "renamed", "node", row["kind"], None,
                      text("change.renamed_to", old=former.label(), new=node.label()), row["old_name"], row["name"],
                      (row["uid"],))
    return Change(row["date"], row["change"], "node", row["kind"], None, node.label(), uids=(row["uid"],))


def edge_change(row: dict[str, Any]) -> Change:
    """A row of `changed_edges` (pure): the edge explained as it is stored."""
    source = NodeRef(row["source_uid"], row["source_name"], row["source_kind"])
    target = NodeRef(row["target_uid"], row["target_name"], row["target_kind"])
    hop = Hop(source, target, row["type"], role=row["role"], start=row["start"], end=row["end"],
              document=row["source"])
    edge_class = EDGE_CLASSES.get(row["type"])
    return Change(row["date"], row["change"], "edge", row["type"], edge_class.family if edge_class else None,
                  hop.explanation(), uids=(source.uid, target.uid), hop=hop)
