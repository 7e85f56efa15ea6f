"""The read queries behind the API, as named constants, and the functions that turn rows into public models.

Personal contact data (a person's e-mail and phone) never leaves this module:
there is no authentication yet, so the API shows people's names only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.models import Direction, Edge, EntityDetail, EntitySummary
from graphmodel.engine import Graph
from graphmodel.model import EDGE_CLASSES
from graphmodel.vocabulary import slug

PERSONAL_PROPERTIES = frozenset({"email", "phone"})
# The import's fingerprint is bookkeeping, meaningful to the importer only.
INTERNAL_PROPERTIES = frozenset({"import_hash"})

SEARCH_ENTITIES = """
MATCH (n:Entity)
WHERE ($kind IS NULL OR n.kind = $kind)
  AND ($q IS NULL
       OR toLower(n.name) CONTAINS $q
       OR n.uid CONTAINS $q_slug
       OR any(former IN coalesce(n.former_names, []) WHERE toLower(former) CONTAINS $q))
RETURN n.uid AS uid, n.name AS name, n.kind AS kind, n.level AS level
ORDER BY n.name, n.uid
LIMIT $limit
"""

ENTITY_BY_UID = """
MATCH (n:Entity {uid: $uid})
RETURN properties(n) AS properties
"""

OUTGOING_EDGES = """
UNWIND $uids AS at_uid
MATCH (at:Entity {uid: at_uid})-[r]->(other:Entity)
RETURN elementId(r) AS edge_id, at.uid AS at, type(r) AS type, properties(r) AS properties,
       other.uid AS uid, other.name AS name, other.kind AS kind, other.level AS level
ORDER BY type, name
"""

INCOMING_EDGES = """
UNWIND $uids AS at_uid
MATCH (other:Entity)-[r]->(at:Entity {uid: at_uid})
RETURN elementId(r) AS edge_id, at.uid AS at, type(r) AS type, properties(r) AS properties,
       other.uid AS uid, other.name AS name, other.kind AS kind, other.level AS level
ORDER BY type, name
"""


def plain_value(value: Any) -> Any:
    """Driver temporal values as Python dates and times, so they serialise as ISO text."""
    return value.to_native() if hasattr(value, "to_native") else value


def public_properties(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: plain_value(value) for key, value in sorted(properties.items())
            if key not in PERSONAL_PROPERTIES and key not in INTERNAL_PROPERTIES}


def search_entities(graph: Graph, *, kind: str | None, q: str | None, limit: int) -> list[EntitySummary]:
    text = q.strip().lower() if q else None
    rows = graph.read(SEARCH_ENTITIES, kind=kind, q=text or None,
                      q_slug=slug(text) if text else None, limit=limit)
    return [EntitySummary(**row) for row in rows]


def entity_properties(graph: Graph, *, uid: str) -> dict[str, Any] | None:
    """The entity's public properties, or None when no entity has this id."""
    rows = graph.read(ENTITY_BY_UID, uid=uid)
    return public_properties(rows[0]["properties"]) if rows else None


def entity_detail(graph: Graph, *, uid: str) -> EntityDetail | None:
    properties = entity_properties(graph, uid=uid)
    if properties is None:
        return None
    return EntityDetail(
        uid=uid, name=properties["name"], kind=properties["kind"], properties=properties,
        outgoing=[found.edge for found in edges_at(graph, uids=[uid], direction="out")],
        incoming=[found.edge for found in edges_at(graph, uids=[uid], direction="in")],
    )


@dataclass(frozen=True)
class EdgeAt:
    """An edge read from one of its ends: `at` is that end's id, `edge.other` the far end."""

    edge_id: str
    at: str
    edge: Edge


def edges_at(graph: Graph, *, uids: list[str], direction: Direction) -> list[EdgeAt]:
    """Edges leaving ("out") or entering ("in") any of the given entities."""
    query = OUTGOING_EDGES if direction == "out" else INCOMING_EDGES
    return [EdgeAt(row["edge_id"], row["at"], edge_from_row(row, direction))
            for row in graph.read(query, uids=uids)]


def edge_from_row(row: dict[str, Any], direction: Direction) -> Edge:
    properties = public_properties(row["properties"])
    edge_class = EDGE_CLASSES.get(row["type"])
    return Edge(
        direction=direction, type=row["type"], family=edge_class.family if edge_class else None,
        role=properties.get("role"), start=properties.get("start"), end=properties.get("end"),
        source=properties.get("source"), properties=properties,
        other=EntitySummary(uid=row["uid"], name=row["name"], kind=row["kind"], level=row["level"]),
    )
