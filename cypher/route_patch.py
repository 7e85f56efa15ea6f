"""The route index's rows brought up to date by what the writes since named, instead of read anew.

Each govgraph write logs, with the graph's new version, the ids of the nodes
whose route rows it may have changed (`graphmodel.graph_version`). For those
ids the engine is asked for their node rows and every route edge with an end
among them; what differs from the rows held for them (`changed_rows`) is what
the write changed, and only that is applied to the rows and to the index
(`cypher.route_index`). An edge names people in two places besides its ends
(`appointed_by`, `represents`), which an erasure clears, so the ends of edges
naming a changed node are read again too (`cypher.route_index.stale_uids`).

Rows are kept in one order whatever way they came (by uid, edges by every
column), and the index keeps its lists in that order too, so an index
patched in place is the very index a full read makes: where two steps tie,
the same one comes first.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Set
from dataclasses import dataclass
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


def node_row(row: dict[str, Any]) -> tuple:
    return (*(row[column] for column in NODE_COLUMNS[:5]), tuple(row["former_names"] or ()),
            row["name_since"], row["organisation"])


def edge_row(row: dict[str, Any]) -> tuple:
    return (*(row[column] for column in EDGE_COLUMNS[:4]), tuple(row["represents"] or ()),
            *(row[column] for column in EDGE_COLUMNS[5:]))


def in_order(rows: RouteRows) -> RouteRows:
    """Nodes by uid, edges by every column: the order an index is made in, however the rows were read."""
    node_rows, edge_rows = rows
    return sorted(node_rows, key=row_uid), sorted(edge_rows, key=row_order)


def row_uid(row: tuple) -> Any:
    return row[0]


def row_order(row: tuple) -> tuple:
    """An edge row's place among the rows: by every column, none before any value."""
    return tuple("" if value is None else value for value in row)


def read_rows_of(graph: Graph, uids: Set[str]) -> RouteRows:
    """The node rows of `uids` and the route edge rows with an end among them, as the engine holds them now."""
    wanted = sorted(uids)
    nodes = run_stored(graph, "route_nodes_of", {"uids": wanted}).rows
    edges = run_stored(graph, "route_edges_of", {"uids": wanted, "types": list(ROUTE_EDGE_TYPES)}).rows
    return [node_row(row) for row in nodes], [edge_row(row) for row in edges]


@dataclass(frozen=True)
class RowChanges:
    """The rows a write took away and those it put in their place (a changed node: its old row and its new)."""

    removed_nodes: list[tuple]
    added_nodes: list[tuple]
    removed_edges: list[tuple]
    added_edges: list[tuple]


def changed_rows(held: RouteRows, fresh: RouteRows) -> RowChanges:
    """What differs between the rows held for some nodes and those the engine holds for them now (a row
    twice is two rows: two equal edges are two edges)."""
    (held_nodes, held_edges), (fresh_nodes, fresh_edges) = held, fresh
    return RowChanges(*_difference(held_nodes, fresh_nodes, row_uid), *_difference(held_edges, fresh_edges, row_order))


def _difference(held: list[tuple], fresh: list[tuple], key: Callable[[tuple], Any]) -> tuple[list[tuple], list[tuple]]:
    before, after = Counter(held), Counter(fresh)
    return sorted((before - after).elements(), key=key), sorted((after - before).elements(), key=key)


def patched(rows: RouteRows, changes: RowChanges) -> RouteRows:
    """`rows` with the changes' rows taken out and put in where they belong: a few look-ups each, where
    sorting the whole would compute the key of a million rows.

    New lists: the old ones may still be on their way to disk in another thread."""
    node_rows, edge_rows = list(rows[0]), list(rows[1])
    for ordered, removed, added, key in ((node_rows, changes.removed_nodes, changes.added_nodes, row_uid),
                                         (edge_rows, changes.removed_edges, changes.added_edges, row_order)):
        for row in removed:
            _remove(ordered, row, key)
        for row in added:
            ordered.insert(bisect.bisect_right(ordered, key(row), key=key), row)
    return node_rows, edge_rows


def _remove(ordered: list[tuple], row: tuple, key: Callable[[tuple], Any]) -> None:
    position = bisect.bisect_left(ordered, key(row), key=key)
    while position < len(ordered) and ordered[position] != row and key(ordered[position]) == key(row):
        position += 1
    if position < len(ordered) and ordered[position] == row:
        del ordered[position]
    else:
        ordered.remove(row)  # rows out of order (never made so): look at all
