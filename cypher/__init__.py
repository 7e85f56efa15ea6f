"""The query library: one `.cypher` file per question, each with a header saying what it answers.

Header lines start with `//` and hold `key: value` pairs: `answers` (the
question) and `answers_sv` (the same question in Swedish), `param` (one per
parameter, see `cypher.params`) with its `param_sv` (the parameter's name and
its meaning in Swedish), and `example` (the parameters as JSON, used by the
tests that run every query). Everything after
the header is plain Cypher that also runs as it is in Neo4j Browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cypher.params import Parameter, QueryParameterError, parse_declaration, with_swedish_meanings
from graphmodel.messages import SWEDISH, current_language

QUERY_DIR = Path(__file__).parent


@dataclass(frozen=True)
class StoredQuery:
    name: str
    answers: str
    answers_sv: str
    params: tuple[Parameter, ...]
    example: dict
    text: str
    header: dict[str, tuple[str, ...]]

    def question(self, lang: str | None = None) -> str:
        """What the query answers, in `lang` (default: the current request's or command's)."""
        return self.answers_sv if (lang or current_language()) == SWEDISH else self.answers

    def header_value(self, key: str) -> str | None:
        """A header line other than the standard ones (e.g. a check's `rule` or `severity`)."""
        values = self.header.get(key)
        return values[0] if values else None


def _header(path: Path) -> dict[str, list[str]]:
    header: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("//"):
            break
        key, _, value = line.removeprefix("//").strip().partition(":")
        header.setdefault(key.strip(), []).append(value.strip())
    return header


def _parse(path: Path) -> StoredQuery:
    header = _header(path)
    missing = {"answers", "answers_sv", "example"} - header.keys()
    if missing:
        raise ValueError(f"{path.name}: header lacks {', '.join(sorted(missing))}")
    params = with_swedish_meanings(tuple(parse_declaration(line, path.name) for line in header.get("param", ())),
                                   header.get("param_sv", []), path.name)
    return StoredQuery(path.stem, header["answers"][0], header["answers_sv"][0], params,
                       json.loads(header["example"][0]), path.read_text(encoding="utf-8"),
                       {key: tuple(values) for key, values in header.items()})


@cache
def stored_queries() -> dict[str, StoredQuery]:
    """Every query in the library, by name (the file name without `.cypher`)."""
    return {path.stem: _parse(path) for path in sorted(QUERY_DIR.glob("*.cypher"))}


class UnknownQuery(KeyError):
    """No stored query has this name."""

    def __str__(self) -> str:
        return str(self.args[0])


def query(name: str) -> StoredQuery:
    try:
        return stored_queries()[name]
    except KeyError:
        raise UnknownQuery(f"no stored query '{name}'; known: {', '.join(stored_queries())}") from None


__all__ = ["QUERY_DIR", "QueryParameterError", "StoredQuery", "UnknownQuery", "query", "stored_queries"]
