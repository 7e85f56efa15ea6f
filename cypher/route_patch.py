"""The route index's rows brought up to date by what the writes since named, instead of read anew.

Each govgraph write logs, with the graph's new version, the ids of the nodes
whose route rows it may have changed (`graphmodel.graph_version`). For those
ids the index's rows are replaced by what the engine holds now: their node
rows, and every route edge with an end among them. An edge names people in
two places besides its ends (`appointed_by`, `represents`), which an erasure
clears, so the ends of edges naming a changed node are read again too.

Rows are kept in one order whatever way they came (by uid, edges by every
column), so an index made from patched rows is the very index a full read
makes: where two steps tie, the same one comes first.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Set
from typing import Any

from cypher.runner import run_stored
from graphmodel.engine import Graph
from graphmodel.routing import ROUTE_EDGE_TYPES

# The columns of `route_nodes` and `route_edges`, in the order a row of `RouteRows` holds them.
NODE_COLUMNS = ("uid", "name", "kind", "start", "end", "former_names", "name_since", "organisation")
EDGE_COLUMNS = ("source", "type", "target", "role", "represents", "start", "end", "document", "appointed_by")
# What the index is made from: node rows and edge rows as plain tuples (text, None, tuples of text), so
# that they can be kept on disk and read back at once (`cypher.route_snapshot`).
RouteRows = tuple[list[tuple], list[tuple]]
# Positions in an edge row.
_SOURCE, _TARGET, _REPRESENTS, _APPOINTED_BY = 0, 2, 4, 8


def node_row(row: dict[str, Any]) -> tuple:
    return (*(row[column] for column in NODE_COLUMNS[:5]), tuple(row["former_names"] or ()),
            row["name_since"], row["organisation"])


def edge_row(row: dict[str, Any]) -> tuple:
    return (*(row[column] for column in EDGE_COLUMNS[:4]), tuple(row["represents"] or ()),
            *(row[column] for column in EDGE_COLUMNS[5:]))


def in_order(rows: RouteRows) -> RouteRows:
    """Nodes by uid, edges by every column: the order an index is made in, however the rows were read."""
    node_rows, edge_rows = rows
    return sorted(node_rows, key=_first), sorted(edge_rows, key=_comparable)


def _first(row: tuple) -> Any:
    return row[0]


def _comparable(row: tuple) -> tuple:
    return tuple("" if value is None else value for value in row)


def widened(edge_rows: Iterable[tuple], uids: Set[str]) -> set[str]:
    """`uids` and the ends of every edge that names one of them as who appointed or whom it represents."""
    found = set(uids)
    for row in edge_rows:
        if row[_APPOINTED_BY] in uids or (row[_REPRESENTS] and not uids.isdisjoint(row[_REPRESENTS])):
            found.update((row[_SOURCE], row[_TARGET]))
    return found


def read_rows_of(graph: Graph, uids: Set[str]) -> RouteRows:
    """The node rows of `uids` and the route edge rows with an end among them, as the engine holds them now."""
    wanted = sorted(uids)
    nodes = run_stored(graph, "route_nodes_of", {"uids": wanted}).rows
    edges = run_stored(graph, "route_edges_of", {"uids": wanted, "types": list(ROUTE_EDGE_TYPES)}).rows
    return [node_row(row) for row in nodes], [edge_row(row) for row in edges]


def patched(rows: RouteRows, fresh: RouteRows, uids: Set[str]) -> RouteRows:
    """`rows` with every node row of `uids` and every edge row touching them replaced by `fresh`'s.

    New lists: the old ones may still be on their way to disk in another thread."""
    node_rows, edge_rows = rows
    kept_nodes = [row for row in node_rows if row[0] not in uids]
    kept_edges = [row for row in edge_rows if row[_SOURCE] not in uids and row[_TARGET] not in uids]
    return _inserted(kept_nodes, fresh[0], _first), _inserted(kept_edges, fresh[1], _comparable)


def _inserted(ordered: list[tuple], rows: list[tuple], key: Callable[[tuple], Any]) -> list[tuple]:
    """`rows` put into `ordered` (in order by `key`) where they belong: a few look-ups each, where sorting
    the whole would compute the key of a million rows."""
    if len(rows) > len(ordered) // 16:
        return sorted(ordered + rows, key=key)
    for row in sorted(rows, key=key):
        ordered.insert(bisect.bisect_right(ordered, key(row), key=key), row)
    return ordered
