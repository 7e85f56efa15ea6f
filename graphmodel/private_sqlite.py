"""A small SQLite file only its owner may read, for the service's own records (API keys, the audit log)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path


class PrivateSqlite:
    """Creates the file with `schema` on first use, mode 0600; each use opens its own short connection,
    so the store is safe to use from several threads and processes at once."""

    def __init__(self, path: Path, schema: str) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as connection:
            connection.executescript(schema)
        os.chmod(path, 0o600)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10)) as connection, connection:
            yield connection
