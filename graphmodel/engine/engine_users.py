"""The embedded engine's users and groups, written before each start: an administrator and a reader.

ArcadeDB keeps its users in `config/server-users.jsonl` (one JSON object a
line, passwords as PBKDF2 hashes) and their rights in
`config/server-groups.json`. govgraph writes both before it starts the
engine, so that no password ever appears on the engine's command line (where
`ps` shows it to every local user) and the engine itself knows two users:

* `root`, in ArcadeDB's `admin` group: the model, imports, schema and backups;
* `govgraph_reader`, in the `govgraph_reader` group: may read records of every
  type and nothing else - no record created, changed or deleted, no schema
  change, no security or database setting. Reading files with `LOAD CSV`
  needs the `updateSecurity` right, so the reader cannot do that either.
  Ad-hoc and stored read queries run as this user (see `Graph.read`).

Other users an administrator added by hand are kept as they are.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

ROOT_USER = "root"
READER_USER = "govgraph_reader"
READER_GROUP = "govgraph_reader"
ADMIN_GROUP = "admin"

# ArcadeDB's own password hashing (ServerSecurity): PBKDF2 over the salt's base64 text, 65536 rounds.
_HASH_ALGORITHM = "PBKDF2WithHmacSHA256"
_HASH_ROUNDS = 65536
_SALT_BYTES = 32
_KEY_BYTES = 32

_ALL_RECORD_RIGHTS = ["createRecord", "readRecord", "updateRecord", "deleteRecord"]
_NO_LIMITS = {"resultSetLimit": -1, "readTimeout": -1}


def password_hash(password: str, salt: str | None = None) -> str:
    """`password` hashed as ArcadeDB stores and checks it: `PBKDF2WithHmacSHA256$rounds$salt$hash`."""
    salt = salt or base64.b64encode(secrets.token_bytes(_SALT_BYTES)).decode("ascii")
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), _HASH_ROUNDS, _KEY_BYTES)
    return f"{_HASH_ALGORITHM}${_HASH_ROUNDS}${salt}${base64.b64encode(digest).decode('ascii')}"


def write_users(users_file: Path, *, root_password: str, reader_password: str, database: str) -> None:
    """Write the root and reader users into `users_file`, keeping any other user in it."""
    kept = [user for user in _read_users(users_file) if user.get("name") not in (ROOT_USER, READER_USER)]
    users = [
        {"name": ROOT_USER, "password": password_hash(root_password), "databases": {"*": [ADMIN_GROUP]}},
        {"name": READER_USER, "password": password_hash(reader_password), "databases": {database: [READER_GROUP]}},
        *kept,
    ]
    _write_private(users_file, "".join(json.dumps(user) + "\n" for user in users))


def write_groups(groups_file: Path) -> None:
    """Make sure `groups_file` has the reader group (read records, nothing else) beside ArcadeDB's own."""
    try:
        config = json.loads(groups_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = _default_groups()
    groups = config.setdefault("databases", {}).setdefault("*", {}).setdefault("groups", {})
    groups.setdefault(ADMIN_GROUP, _default_groups()["databases"]["*"]["groups"][ADMIN_GROUP])
    groups[READER_GROUP] = {**_NO_LIMITS, "access": [], "types": {"*": {"access": ["readRecord"]}}}
    _write_private(groups_file, json.dumps(config, indent=2))


def _default_groups() -> dict[str, Any]:
    """What ArcadeDB writes when it finds no groups file: `admin` may do everything, others nothing."""
    return {"version": 2, "databases": {"*": {"groups": {
        ADMIN_GROUP: {**_NO_LIMITS, "access": ["updateSecurity", "updateSchema", "updateDatabaseSettings"],
                      "types": {"*": {"access": list(_ALL_RECORD_RIGHTS)}}},
        "*": {**_NO_LIMITS, "access": [], "types": {"*": {"access": []}}},
    }}}}


def _read_users(users_file: Path) -> list[dict[str, Any]]:
    try:
        lines = users_file.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    users = []
    for line in lines:
        try:
            user = json.loads(line)
        except ValueError:
            continue  # a damaged line would stop the engine; the users govgraph needs are written anew
        if isinstance(user, dict):
            users.append(user)
    return users


def _write_private(path: Path, text: str) -> None:
    """Replace `path` atomically with `text`, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    temporary.replace(path)
