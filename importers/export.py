"""The graph (or part of it) as chart records: the inverse of the importer's mapping.

Reading is two bulk queries (nodes, then their outgoing edges); the mapping
to records is a pure function, `chart_from_subgraph`, tested without a
database. Non-person nodes become `units` rows and people `people` rows.
A unit's BELONGS_TO, COVERS and ESTABLISHED_BY edge fills its `region`,
`knowledge_area` and `established_by` (+ `decision_ref`) column when the
column can say all the edge says (no dates, no note, no source other than
the unit's own); a second such edge, or one with more to say, goes to
`relations` so nothing is lost. MEMBER_OF edges are `memberships`, MANDATE
edges `mandates`, every other edge a `relations` row whose `source_document`
is the edge's `source`.

A mandate stored before edges had a `part` is exported with the part its
`decides` implies (decides or no_mandate), as the decision route reads it.

What the sheets have no column for is left out: dates and notes of a
mandate, and the `decision_ref` of an ESTABLISHED_BY edge that has to go to
`relations`. The import bookkeeping (`imported_from`, `import_hash`) is
never exported: an export is data, not a record of who loaded it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphmodel.engine import Graph
from graphmodel.model import ENTITY_LABEL
from graphmodel.nodes import Person
from graphmodel.relationships import BelongsTo, Covers, EstablishedBy, Mandate, MemberOf
from importers.chart import (
    MATTER_COLUMNS,
    SHEET_BY_NAME,
    Chart,
    MandateRecord,
    MembershipRecord,
    PersonRecord,
    RelationRecord,
    UnitRecord,
    format_cell,
    part_from_decides,
)
from importers.export_select import select_uids
from importers.validate_chart import UNIT_EDGE_COLUMNS

BOOKKEEPING = frozenset({"imported_from", "import_hash"})
PERSON_KIND = Person.term.key
MEMBER_OF = MemberOf.rel_type
MANDATE = Mandate.rel_type
# Edge type -> the units column that can hold it: the importer's mapping, read the other way.
COLUMN_EDGES = {rel_type: column for column, rel_type in UNIT_EDGE_COLUMNS.items()}

_ALL_NODES = f"MATCH (n:{ENTITY_LABEL}) RETURN properties(n) AS p"
_SOME_NODES = f"UNWIND $uids AS uid MATCH (n:{ENTITY_LABEL} {{uid: uid}}) RETURN properties(n) AS p"
_EDGE_COLUMNS = "RETURN a.uid AS source, type(r) AS type, b.uid AS target, properties(r) AS p"
_ALL_EDGES = f"MATCH (a:{ENTITY_LABEL})-[r]->(b:{ENTITY_LABEL}) {_EDGE_COLUMNS}"
_SOME_EDGES = f"UNWIND $uids AS uid MATCH (a:{ENTITY_LABEL} {{uid: uid}})-[r]->(b:{ENTITY_LABEL}) {_EDGE_COLUMNS}"


@dataclass(frozen=True)
class GraphEdge:
    source: str
    type: str
    target: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Subgraph:
    """Nodes (their properties, `uid` and `kind` included) and the edges between them."""

    nodes: list[dict[str, Any]]
    edges: list[GraphEdge]


def export_chart(graph: Graph, *, around: str | None = None, depth: int = 1,
                 region: str | None = None) -> Chart:
    """The whole graph, or the chosen subgraph (see `importers.export_select`), as chart records."""
    return chart_from_subgraph(read_subgraph(graph, around=around, depth=depth, region=region))


def read_subgraph(graph: Graph, *, around: str | None = None, depth: int = 1,
                  region: str | None = None) -> Subgraph:
    uids = select_uids(graph, around=around, depth=depth, region=region)
    if uids is None:
        node_rows, edge_rows = graph.read(_ALL_NODES), graph.read(_ALL_EDGES)
    else:
        params = {"uids": sorted(uids)}
        node_rows, edge_rows = graph.read(_SOME_NODES, **params), graph.read(_SOME_EDGES, **params)
        edge_rows = [row for row in edge_rows if row["target"] in uids]
    nodes = [plain_properties(row["p"]) for row in node_rows]
    edges = [GraphEdge(row["source"], row["type"], row["target"], plain_properties(row["p"]))
             for row in edge_rows]
    return Subgraph(sorted(nodes, key=lambda node: node["uid"]), edges)


def plain_properties(stored: dict[str, Any]) -> dict[str, Any]:
    """Engine values as Python ones (native dates), without the import bookkeeping."""
    return {key: _native(value) for key, value in stored.items() if key not in BOOKKEEPING}


def _native(value: Any) -> Any:
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


# -- graph -> records -------------------------------------------------------------------
def chart_from_subgraph(subgraph: Subgraph) -> Chart:
    """The records a chart would need to build this subgraph, rows sorted by their key columns."""
    by_uid = {node["uid"]: node for node in subgraph.nodes}
    in_columns = _column_edges(subgraph.edges, by_uid)
    chart = Chart()
    for node in subgraph.nodes:
        if node["kind"] == PERSON_KIND:
            chart.people.append(person_record(node))
        else:
            chart.units.append(unit_record(node, in_columns.get(node["uid"], {})))
    taken = {id(edge) for columns in in_columns.values() for edge in columns.values()}
    for edge in subgraph.edges:
        if id(edge) not in taken:
            _add_edge_record(chart, edge)
    return sort_chart(chart)


def _column_edges(edges: Iterable[GraphEdge], by_uid: dict[str, dict]) -> dict[str, dict[str, GraphEdge]]:
    """For each unit, the edge its region / knowledge_area / established_by column will carry."""
    chosen: dict[str, dict[str, GraphEdge]] = {}
    for edge in sorted(edges, key=_column_preference):
        node = by_uid.get(edge.source)
        if edge.type not in COLUMN_EDGES or node is None or node["kind"] == PERSON_KIND:
            continue
        columns = chosen.setdefault(edge.source, {})
        if edge.type not in columns and _fits_column(edge, node):
            columns[edge.type] = edge
    return chosen


def _column_preference(edge: GraphEdge) -> tuple:
    # An ESTABLISHED_BY with a decision record goes to the column, the only place that can keep it.
    return edge.source, edge.type, edge.properties.get("decision_ref") is None, edge.target


def _fits_column(edge: GraphEdge, unit: dict[str, Any]) -> bool:
    props = edge.properties
    if any(props.get(key) is not None for key in ("start", "end", "note")):
        return False
    return props.get("source") in (None, unit.get("source"))


def unit_record(node: dict[str, Any], columns: dict[str, GraphEdge]) -> UnitRecord:
    established = columns.get(EstablishedBy.rel_type)
    return UnitRecord(
        id=node["uid"], kind=node["kind"], name=node["name"], level=node.get("level"),
        region=_target(columns.get(BelongsTo.rel_type)), knowledge_area=_target(columns.get(Covers.rel_type)),
        start=node.get("start"), end=node.get("end"),
        established_by=_target(established),
        decision_ref=established.properties.get("decision_ref") if established else None,
        source=node.get("source"), code=node.get("code"),
        former_names=tuple(node.get("former_names") or ()), name_since=node.get("name_since"),
        note=node.get("note"), fictional=bool(node.get("fictional")),
        **{column: node.get(column) for column in MATTER_COLUMNS},
    )


def person_record(node: dict[str, Any]) -> PersonRecord:
    return PersonRecord(
        id=node["uid"], name=node["name"], title=node.get("title"), organisation=node.get("organisation"),
        email=node.get("email"), phone=node.get("phone"), fictional=bool(node.get("fictional")),
        source=node.get("source"), note=node.get("note"),
    )


def _target(edge: GraphEdge | None) -> str | None:
    return edge.target if edge else None


def _add_edge_record(chart: Chart, edge: GraphEdge) -> None:
    props = edge.properties
    if edge.type == MEMBER_OF:
        chart.memberships.append(MembershipRecord(
            person=edge.source, unit=edge.target, role=props.get("role") or "",
            represents=tuple(props.get("represents") or ()), start=props.get("start"), end=props.get("end"),
            appointed_by=props.get("appointed_by"), source=props.get("source"), note=props.get("note")))
    elif edge.type == MANDATE:
        chart.mandates.append(MandateRecord(
            holder=edge.source, scope=edge.target, decides=bool(props.get("decides")),
            condition=props.get("condition"), decision_ref=props.get("decision_ref"), source=props.get("source"),
            part=props.get("part") or part_from_decides(bool(props.get("decides"))), step=props.get("step"),
            qualifier=props.get("qualifier"), rank=props.get("rank"), decided_on=props.get("decided_on")))
    else:
        chart.relations.append(RelationRecord(
            source=edge.source, type=edge.type, target=edge.target, start=props.get("start"),
            end=props.get("end"), note=props.get("note"), source_document=props.get("source")))


# -- a stable row order -------------------------------------------------------------------
def sort_chart(chart: Chart) -> Chart:
    """The same chart with each sheet's rows sorted by key columns, then by the whole row."""
    return Chart(**{name: sorted(getattr(chart, name), key=_row_key(name)) for name in SHEET_BY_NAME})


def _row_key(sheet_name: str):
    sheet = SHEET_BY_NAME[sheet_name]
    rest = tuple(column for column in sheet.columns if column not in sheet.key)

    def key(record: object) -> tuple[str, ...]:
        return tuple(format_cell(getattr(record, column)) for column in sheet.key + rest)

    return key


__all__ = ["GraphEdge", "Subgraph", "chart_from_subgraph", "export_chart", "read_subgraph", "sort_chart"]
