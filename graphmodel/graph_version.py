"""The graph's version: a number every govgraph process raises when it has committed a write.

It lives in the shared store (`Settings.shared_store_dir`) beside the API
keys and the audit log, so that a process holding something it read from the
graph (the route index) compares the number it read against the current one
at each request, and sees a write made through another process at its next
request instead of after a timed refresh. Writes made outside govgraph (in a
Neo4j browser, say) do not raise it; the route index's timed refresh still
catches those.

Beside the number lies a change log: with each new number, the ids of the
nodes whose route rows the write may have changed (a node it made, changed
or removed, either end of an edge it made, changed or removed, a person it
erased), or "everything" (NULL) from a write that cannot say, such as a
restore. A process whose index is at an older number reads the entries since
and reads from the engine only what they name (`cypher.route_index`). The
log keeps the last `KEPT_CHANGES` entries; a reader further behind than that
reads everything again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from graphmodel.private_sqlite import PrivateSqlite
from graphmodel.settings import Settings

FILE_NAME = "graph-version.sqlite3"
# Enough for a day of edits through the API; an index further behind reads the engine in full anyway.
KEPT_CHANGES = 2000
# A write touching more nodes than this is logged as "everything": reading that many nodes one by one
# costs about what reading the whole graph does, and the entry would be megabytes.
MAX_LOGGED_UIDS = 20_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS graph_version (id INTEGER PRIMARY KEY CHECK (id = 1), number INTEGER NOT NULL);
INSERT OR IGNORE INTO graph_version (id, number) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS graph_change (number INTEGER PRIMARY KEY, uids TEXT);
"""


@dataclass(frozen=True)
class Changes:
    """What changed between two versions: `uids` None means anything may have (read the graph in full)."""

    since: int
    number: int
    uids: frozenset[str] | None


class GraphVersion(PrivateSqlite):
    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def current(self) -> int:
        with self._connection() as connection:
            return int(connection.execute("SELECT number FROM graph_version WHERE id = 1").fetchone()[0])

    def advance(self, touched: Collection[str] | None = None) -> int | None:
        """Raise the number by one, atomically across processes, log what the write `touched` (None:
        it cannot say) under the new number, and return that number.

        Called after a commit, so a failure here must not report the write as failed: the other
        processes then see it at their timed refresh instead (None).
        """
        logged = None if touched is None or len(touched) > MAX_LOGGED_UIDS else json.dumps(sorted(touched))
        try:
            with self._connection() as connection:
                number = int(connection.execute("UPDATE graph_version SET number = number + 1 WHERE id = 1 "
                                                "RETURNING number").fetchone()[0])
                connection.execute("INSERT OR REPLACE INTO graph_change (number, uids) VALUES (?, ?)",
                                   (number, logged))
                connection.execute("DELETE FROM graph_change WHERE number <= ?", (number - KEPT_CHANGES,))
                return number
        except sqlite3.Error:
            return None

    def changes_since(self, version: int) -> Changes:
        """Everything written after `version`, as of now; `uids` None when an entry says "everything" or
        the log no longer holds every entry since (pruned, or written by a govgraph without the log)."""
        with self._connection() as connection:
            number = int(connection.execute("SELECT number FROM graph_version WHERE id = 1").fetchone()[0])
            entries = connection.execute("SELECT uids FROM graph_change WHERE number > ? AND number <= ?",
                                         (version, number)).fetchall()
        if number < version or len(entries) != number - version or any(uids is None for uids, in entries):
            return Changes(version, number, None)
        return Changes(version, number, frozenset(uid for uids, in entries for uid in json.loads(uids)))


def graph_version(settings: Settings) -> GraphVersion:
    return GraphVersion(settings.shared_store_dir / FILE_NAME)
