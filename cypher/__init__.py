"""The query library: one `.cypher` file per question, each with a header saying what it answers.

Header lines start with `//` and hold `key: value` pairs: `answers` (the
question), `param` (one per parameter: name, type, meaning) and `example`
(the parameters as JSON, used by the tests that run every query).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

QUERY_DIR = Path(__file__).parent


@dataclass(frozen=True)
class StoredQuery:
    name: str
    answers: str
    params: tuple[str, ...]
    example: dict
    text: str


def _parse(path: Path) -> StoredQuery:
    header: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("//"):
            break
        key, _, value = line.removeprefix("//").strip().partition(":")
        header.setdefault(key.strip(), []).append(value.strip())
    missing = {"answers", "example"} - header.keys()
    if missing:
        raise ValueError(f"{path.name}: header lacks {', '.join(sorted(missing))}")
    return StoredQuery(path.stem, header["answers"][0], tuple(header.get("param", ())),
                       json.loads(header["example"][0]), path.read_text(encoding="utf-8"))


@cache
def stored_queries() -> dict[str, StoredQuery]:
    """Every query in the library, by name (the file name without `.cypher`)."""
    return {path.stem: _parse(path) for path in sorted(QUERY_DIR.glob("*.cypher"))}


def query(name: str) -> StoredQuery:
    try:
        return stored_queries()[name]
    except KeyError:
        raise KeyError(f"no stored query '{name}'; known: {', '.join(stored_queries())}") from None
