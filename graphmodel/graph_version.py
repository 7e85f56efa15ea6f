"""The graph's version: a number every govgraph process raises when it has committed a write.

It lives in the shared store (`Settings.shared_store_dir`) beside the API
keys and the audit log, so that a process holding something it read from the
graph (the route index) compares the number it read against the current one
at each request, and sees a write made through another process at its next
request instead of after a timed refresh. Writes made outside govgraph (in a
Neo4j browser, say) do not raise it; the route index's timed refresh still
catches those.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from graphmodel.private_sqlite import PrivateSqlite
from graphmodel.settings import Settings

FILE_NAME = "graph-version.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS graph_version (id INTEGER PRIMARY KEY CHECK (id = 1), number INTEGER NOT NULL);
INSERT OR IGNORE INTO graph_version (id, number) VALUES (1, 0);
"""


class GraphVersion(PrivateSqlite):
    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def current(self) -> int:
        with self._connection() as connection:
            return int(connection.execute("SELECT number FROM graph_version WHERE id = 1").fetchone()[0])

    def advance(self) -> int | None:
        """Raise the number by one, atomically across processes, and return the new number.

        Called after a commit, so a failure here must not report the write as failed: the other
        processes then see it at their timed refresh instead (None).
        """
        try:
            with self._connection() as connection:
                return int(connection.execute("UPDATE graph_version SET number = number + 1 WHERE id = 1 "
                                              "RETURNING number").fetchone()[0])
        except sqlite3.Error:
            return None


def graph_version(settings: Settings) -> GraphVersion:
    return GraphVersion(settings.shared_store_dir / FILE_NAME)
