"""API keys: created, listed and revoked by `govgraph keys`; only their SHA-256 hashes are stored.

A key reads `gg_<id>_<secret>`: the id finds the stored row without a scan,
and the secret is 256 random bits, so a fast hash is enough (a slow password
hash guards low-entropy secrets, which these are not). Comparison is
constant-time.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from graphmodel.private_sqlite import PrivateSqlite
from graphmodel.settings import Settings, get_settings

FILE_NAME = "keys.sqlite3"
_KEY = re.compile(r"^gg_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$")
NAME_MAX_LENGTH = 100
# Characters a key name may not hold: they hide text, move the cursor or break lines where the
# name is shown (`govgraph keys list`, the audit log), and SQLite cannot store a lone surrogate.
REFUSED_IN_NAMES = {"Cc": "control character", "Cf": "format character", "Cs": "lone surrogate",
                    "Zl": "line separator", "Zp": "paragraph separator"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    hash TEXT NOT NULL,
    created TEXT NOT NULL,
    revoked TEXT
);
"""


class Role(StrEnum):
    """What a key may do; each role may do everything the ones before it may."""

    reader = "reader"
    editor = "editor"
    admin = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


class InvalidKeyName(ValueError):
    """A key name that is empty, too long, or holds a control or format character."""


def checked_name(name: str) -> str:
    """`name` without surrounding spaces, or `InvalidKeyName` saying what is wrong with it and where."""
    for position, char in enumerate(name, 1):
        kind = REFUSED_IN_NAMES.get(unicodedata.category(char))
        if kind is not None:
            described = unicodedata.name(char, kind) if kind != "lone surrogate" else kind
            raise InvalidKeyName(f"a key name may not hold control or format characters; this one has "
                                 f"U+{ord(char):04X} ({described}) at position {position}")
    stripped = name.strip()
    if not stripped:
        raise InvalidKeyName("give the key a name, e.g. 'intranet'")
    if len(stripped) > NAME_MAX_LENGTH:
        raise InvalidKeyName(f"a key name may have at most {NAME_MAX_LENGTH} characters; this one has "
                             f"{len(stripped)}")
    return stripped


class UnknownKey(LookupError):
    def __init__(self, key_id: str) -> None:
        super().__init__(f"no API key has the id '{key_id}'")
        self.key_id = key_id


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    role: Role
    created: str
    revoked: str | None

    @property
    def active(self) -> bool:
        return self.revoked is None

    def as_json(self) -> dict[str, str | None]:
        return {"id": self.id, "name": self.name, "role": self.role.value, "created": self.created,
                "revoked": self.revoked}


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


class KeyStore(PrivateSqlite):
    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def create(self, name: str, role: Role) -> tuple[ApiKey, str]:
        """A new key and its text, which is shown this once and never stored; the name as `checked_name`."""
        name = checked_name(name)
        key_id = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12))
        text = f"gg_{key_id}_{secrets.token_urlsafe(32)}"
        key = ApiKey(key_id, name, role, _now(), None)
        with self._connection() as connection:
            connection.execute("INSERT INTO api_keys (id, name, role, hash, created) VALUES (?, ?, ?, ?, ?)",
                               (key.id, key.name, key.role.value, _digest(text), key.created))
        return key, text

    def keys(self) -> list[ApiKey]:
        with self._connection() as connection:
            rows = connection.execute("SELECT id, name, role, created, revoked FROM api_keys "
                                      "ORDER BY created, id").fetchall()
        return [ApiKey(key_id, name, Role(role), created, revoked) for key_id, name, role, created, revoked in rows]

    def revoke(self, key_id: str) -> ApiKey:
        with self._connection() as connection:
            changed = connection.execute("UPDATE api_keys SET revoked = coalesce(revoked, ?) WHERE id = ?",
                                         (_now(), key_id)).rowcount
        if not changed:
            raise UnknownKey(key_id)
        return next(key for key in self.keys() if key.id == key_id)

    def authenticate(self, text: str) -> ApiKey | None:
        """The active key `text` is, or None for a malformed, unknown or revoked key."""
        match = _KEY.match(text)
        if match is None:
            return None
        with self._connection() as connection:
            row = connection.execute("SELECT id, name, role, created, revoked, hash FROM api_keys WHERE id = ?",
                                     (match.group(1),)).fetchone()
        if row is None or not hmac.compare_digest(row[5], _digest(text)):
            return None
        key = ApiKey(row[0], row[1], Role(row[2]), row[3], row[4])
        return key if key.active else None


def key_store(settings: Settings | None = None) -> KeyStore:
    return KeyStore((settings or get_settings()).shared_store_dir / FILE_NAME)
