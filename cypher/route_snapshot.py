"""The route index's rows kept on disk with the graph's version, so a starting process answers at once.

Reading every node and route edge from the engine takes a minute and more
at ten times the nation; reading the same rows back from a file takes
seconds. The file lies beside the graph's version (`graphmodel.graph_version`,
in the store every process on the graph shares) and holds the version the
rows are at least as new as. A process starting on the graph reads the file
and brings it up to date with the changes logged since that version
(`cypher.route_index`), reading the engine in full only when the log cannot
say what changed; each time its index is brought up to date it writes the
file anew. A graph without a shared version keeps no file.

Rows are plain tuples of text, so `marshal` writes and reads them (the file
is only ever read back by govgraph, from the process's own store).
"""

from __future__ import annotations

import gc
import marshal
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphmodel.engine import Graph
from graphmodel.routing import ROUTE_EDGE_TYPES

FILE_NAME = "route-index.snapshot"
# Raised when the rows' layout changes, so a file an older govgraph wrote is read as no file.
FORMAT = 2

Rows = tuple[list[tuple], list[tuple]]


@dataclass(frozen=True)
class Kept:
    """Rows read from the file, and the graph's version they are at least as new as."""

    version: int
    rows: Rows


def graph_version(graph: Graph) -> int | None:
    """The graph's version as every govgraph process on it sees it; None where the graph keeps none."""
    return graph.shared_version.current() if graph.shared_version is not None else None


def snapshot_path(graph: Graph) -> Path | None:
    version_file = getattr(graph.shared_version, "path", None)
    return Path(version_file).parent / FILE_NAME if version_file is not None else None


def read_snapshot(graph: Graph) -> Kept | None:
    """The rows last kept for this graph, with their version; None without a file or with another
    graph's, an older layout's, or one from a version the graph has not reached (a store made anew)."""
    path = snapshot_path(graph)
    if path is None or not path.is_file():
        return None
    try:
        # Read whole, then taken apart: `marshal.load` on the file asks it for each object's few bytes,
        # ten times slower for a million rows.
        with open(path, "rb") as handle, collector_paused():
            document = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # damaged or half-written by a process that died: the engine is read instead
    if not isinstance(document, dict) or document.get("identity") != _identity(graph):
        return None
    version = document.get("version")
    current = graph_version(graph)
    if not isinstance(version, int) or current is None or version > current:
        return None
    return Kept(version, (document["nodes"], document["edges"]))


def write_snapshot(graph: Graph, version: int | None, rows: Rows) -> None:
    """Keep `rows`, read when the graph's version was `version`, for the next process to start."""
    path = snapshot_path(graph)
    if path is None or version is None:
        return
    document: dict[str, Any] = {"identity": _identity(graph), "version": version, "nodes": rows[0],
                                "edges": rows[1]}
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        with open(partial, "wb") as handle:
            handle.write(marshal.dumps(document))
        os.replace(partial, path)  # whole or not at all, for a process starting meanwhile
    except OSError:
        partial.unlink(missing_ok=True)  # no room or no right to write: the next start reads the engine


def _identity(graph: Graph) -> tuple:
    return (FORMAT, graph.database, ROUTE_EDGE_TYPES)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a million small objects are made: it would walk them over and over,
    and none of them form cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
