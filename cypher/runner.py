"""Run a stored query by name: parameters checked, read-only on either engine, rows in a stable JSON shape.

The shape is `{"query", "parameters", "columns", "rows"}`; every value in it is
JSON: dates as `YYYY-MM-DD`, date-times as ISO 8601, lists and maps as such.
The command line, the API and the tests all go through `run_stored`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cypher import query
from cypher.params import bind, bind_text
from graphmodel.engine import Graph


@dataclass(frozen=True)
class QueryAnswer:
    query: str
    parameters: dict[str, Any]
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {"query": self.query, "parameters": self.parameters, "columns": list(self.columns),
                "rows": self.rows}


def json_value(value: Any) -> Any:
    """A driver value as plain JSON: temporal values as ISO text, containers recursively."""
    if isinstance(value, dict):
        return {key: json_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def run_stored(graph: Graph, name: str, parameters: dict[str, Any] | None = None) -> QueryAnswer:
    """Run the stored query `name` with `parameters` (JSON-typed values; dates as ISO text)."""
    stored = query(name)
    bound = bind(stored.params, parameters or {})
    return _answer(graph, name, bound)


def run_stored_text(graph: Graph, name: str, pairs: list[str]) -> QueryAnswer:
    """Run the stored query `name` with `key=value` pairs as typed on a command line."""
    stored = query(name)
    return _answer(graph, name, bind_text(stored.params, pairs))


def _answer(graph: Graph, name: str, bound: dict[str, Any]) -> QueryAnswer:
    columns, rows = graph.read_table(query(name).text, **bound)
    return QueryAnswer(name, bound, columns, [json_value(row) for row in rows])
