"""The audit log: who changed the graph, when, and what changed; append-only.

Kept in SQLite in the shared store (`Settings.shared_store_dir`: the engine's
data directory unless `GOVGRAPH_SHARED_DIR` names another), not in the graph,
so it survives a restore of the graph and cannot be read or changed by a
Cypher query; every govgraph process on the graph writes to the one log. Triggers refuse
updates and deletes, so not even this module can rewrite history.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphmodel.private_sqlite import PrivateSqlite
from graphmodel.settings import Settings, get_settings

FILE_NAME = "audit.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    request_id TEXT,
    changes TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    target: str | None
    request_id: str | None
    changes: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "actor": self.actor, "action": self.action, "target": self.target,
                "request_id": self.request_id, "changes": self.changes}


class AuditLog(PrivateSqlite):
    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def record(self, *, actor: str, action: str, target: str | None, changes: dict[str, Any],
               request_id: str | None = None) -> int:
        at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        with self._connection() as connection:
            cursor = connection.execute(
                "INSERT INTO audit (at, actor, action, target, request_id, changes) VALUES (?, ?, ?, ?, ?, ?)",
                (at, actor, action, target, request_id, json.dumps(changes, ensure_ascii=False, default=str)))
            return int(cursor.lastrowid)

    def entries(self, *, limit: int = 100, offset: int = 0, action: str | None = None) -> list[AuditEntry]:
        """Newest first."""
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT id, at, actor, action, target, request_id, changes FROM audit "
                "WHERE (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ? OFFSET ?",
                (action, action, limit, offset)).fetchall()
        return [AuditEntry(*row[:6], json.loads(row[6])) for row in rows]

    def count(self, *, action: str | None = None) -> int:
        with self._connection() as connection:
            return connection.execute("SELECT count(*) FROM audit WHERE (? IS NULL OR action = ?)",
                                      (action, action)).fetchone()[0]


def audit_log(settings: Settings | None = None) -> AuditLog:
    return AuditLog((settings or get_settings()).shared_store_dir / FILE_NAME)


def command_actor() -> str:
    """Who ran a command on this machine, for writes made from the command line."""
    try:
        user = os.getlogin()
    except OSError:
        user = os.environ.get("USER", "unknown")
    return f"cli:{user}"
