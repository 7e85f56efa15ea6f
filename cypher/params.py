"""Typed parameters of stored queries: declared in each file's header, checked before a query runs.

A header line reads `// param: NAME (TYPE[, optional | , default: VALUE]) meaning`.
TYPE is one of `string`, `integer`, `number`, `boolean`, `date` (YYYY-MM-DD) or
`list<string>`. An optional parameter may be left out and is then null; a
default of `today` means the date the query runs.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from typing import Any

# `text` names the typed text throughout this module, so the catalogue's function goes by another name.
from graphmodel.messages import SWEDISH, current_language
from graphmodel.messages import text as worded

TYPES = ("string", "integer", "number", "boolean", "date", "list<string>")
TODAY = "today"

_DECLARATION = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?P<meaning>.*)$")
_TRUE = frozenset({"true", "yes", "ja", "1"})
_FALSE = frozenset({"false", "no", "nej", "0"})


class QueryParameterError(ValueError):
    """A parameter is missing, unknown or of the wrong type; `parameter` names it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(worded("param.error", parameter=parameter, reason=message))
        self.parameter = parameter
        self.reason = message


class UnknownId(QueryParameterError):
    """A parameter names a node id that no node has."""

    def __init__(self, parameter: str, uid: str) -> None:
        super().__init__(parameter, worded("problem.unknown_id_detail", uid=uid))
        self.uid = uid


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    meaning: str
    optional: bool = False
    default: str | None = None
    meaning_sv: str = ""  # the meaning in Swedish (a `param_sv:` header line)

    @property
    def required(self) -> bool:
        return not self.optional and self.default is None

    def meant(self, lang: str | None = None) -> str:
        """What the parameter means, in `lang` (default: the current request's or command's)."""
        return self.meaning_sv if (lang or current_language()) == SWEDISH and self.meaning_sv else self.meaning

    def describe(self) -> str:
        extra = ", optional" if self.optional else (f", default {self.default}" if self.default else "")
        return f"{self.name} ({self.type}{extra}) {self.meant()}".rstrip()

    def default_value(self) -> Any:
        if self.default == TODAY:
            return datetime.date.today().isoformat()
        if self.default is not None:
            return self.from_text(self.default)
        return None

    def from_text(self, text: str) -> Any:
        """The value typed on a command line or in a query string, as this parameter's type."""
        if self.type == "list<string>":
            return [part.strip() for part in text.split(",") if part.strip()]
        if self.type == "integer":
            return self._parsed(int, text, "param.not_integer")
        if self.type == "number":
            return self._parsed(float, text, "param.not_number")
        if self.type == "boolean":
            folded = text.strip().lower()
            if folded in _TRUE | _FALSE:
                return folded in _TRUE
            raise QueryParameterError(self.name, worded("param.not_yes_no", value=text))
        return self.checked(text)

    def checked(self, value: Any) -> Any:
        """`value` if it has this parameter's type (dates as ISO text), else `QueryParameterError`."""
        if value is None:
            if self.required:
                raise QueryParameterError(self.name, worded("param.not_null"))
            return None
        check = _CHECKS[self.type]
        if not check(value):
            raise QueryParameterError(self.name, worded("param.wrong_type", type=self.type, value=_shown(value)))
        if self.type == "date":
            parse_date(self.name, value)
        return float(value) if self.type == "number" else value

    def _parsed(self, convert, text: str, refusal: str) -> Any:
        try:
            return convert(text)
        except ValueError:
            raise QueryParameterError(self.name, message(refusal, value=text)) from None


def _is_list_of_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


_CHECKS = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "date": lambda value: isinstance(value, str),
    "list<string>": _is_list_of_strings,
}


def parse_date(name: str, text: str) -> datetime.date:
    """`text` as a date; `QueryParameterError` naming `name` unless it is YYYY-MM-DD."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise QueryParameterError(name, worded("param.not_a_date", value=text)) from None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def with_swedish_meanings(parameters: tuple[Parameter, ...], lines: list[str], where: str) -> tuple[Parameter, ...]:
    """`parameters` with their meanings in Swedish from `param_sv: NAME meaning` lines; each one needs one."""
    swedish = {}
    for line in lines:
        name, _, meaning = line.strip().partition(" ")
        swedish[name] = meaning.strip()
    declared = {parameter.name for parameter in parameters}
    stray = sorted(set(swedish) - declared)
    if stray:
        raise ValueError(f"{where}: param_sv names '{stray[0]}', which no param declares")
    missing = [parameter.name for parameter in parameters if not swedish.get(parameter.name)]
    if missing:
        raise ValueError(f"{where}: parameter '{missing[0]}' has no param_sv line (its meaning in Swedish)")
    return tuple(dataclasses.replace(parameter, meaning_sv=swedish[parameter.name]) for parameter in parameters)


def parse_declaration(line: str, where: str) -> Parameter:
    """One `param:` header value; `where` names the file for the error."""
    match = _DECLARATION.match(line.strip())
    if not match:
        raise ValueError(f"{where}: cannot read parameter declaration '{line}'; "
                         "expected 'name (type[, optional | , default: value]) meaning'")
    kind, *options = [part.strip() for part in match["spec"].split(",")]
    if kind not in TYPES:
        raise ValueError(f"{where}: parameter '{match['name']}' has unknown type '{kind}'; "
                         f"known: {', '.join(TYPES)}")
    optional = "optional" in options
    default = next((option.partition(":")[2].strip() for option in options if option.startswith("default:")), None)
    return Parameter(match["name"], kind, match["meaning"], optional, default)


def bind(parameters: tuple[Parameter, ...], given: dict[str, Any]) -> dict[str, Any]:
    """The values to send with a query: `given` checked, defaults filled in; errors name the parameter."""
    declared = {parameter.name: parameter for parameter in parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(declared) or worded("param.none")
        raise QueryParameterError(unknown[0], worded("param.unknown", known=known))
    bound = {}
    for parameter in parameters:
        if parameter.name in given:
            bound[parameter.name] = parameter.checked(given[parameter.name])
        elif parameter.required:
            raise QueryParameterError(parameter.name, worded("param.required", meaning=parameter.meant()))
        else:
            bound[parameter.name] = parameter.default_value()
    return bound


def bind_text(parameters: tuple[Parameter, ...], pairs: list[str]) -> dict[str, Any]:
    """`key=value` pairs from a command line, each converted to its parameter's type."""
    declared = {parameter.name: parameter for parameter in parameters}
    given: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryParameterError(pair, worded("param.key_value"))
        if key not in declared:
            given[key] = text  # reported as unknown by `bind`
        else:
            given[key] = declared[key].from_text(text)
    return bind(parameters, given)
