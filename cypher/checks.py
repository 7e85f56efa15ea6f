"""Conformance checks: each rule of the documents is a stored query; this module runs a set of them.

A rule is a file `cypher/check_*.cypher` (or `gaps_*.cypher` for coverage, see
`cypher.gaps`) whose header, besides `answers`, `param` and `example`, says
`rule` (the rule in a line), `severity` (error, warning or info) and
`document` (the seed file and section stating it). Each returns one row per
finding: the offending node (`uid`, `name`, `kind`), its `region`, a
`related` node where one is named, and the `finding` as a sentence.

Rules written in one region's documents (Örebro län's Kunskapsstödsgruppen,
its V&F contact persons) find that region's structure by its edges and apply
wherever a region is organised the same way; each file says how.

Exit status of `govgraph check`: 1 when any finding has severity error, else 0.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cypher import QueryParameterError, StoredQuery, stored_queries
from cypher.params import UnknownId
from cypher.runner import run_stored
from graphmodel.engine import Graph

SEVERITIES = ("error", "warning", "info")
CHECK_PREFIX = "check_"
FINDING_COLUMNS = ("severity", "rule", "uid", "name", "kind", "region", "related", "finding", "document")
_KIND_OF = "MATCH (node:Entity {uid: $uid}) RETURN node.kind AS kind"


@dataclass(frozen=True)
class Rule:
    name: str
    text: str
    severity: str
    document: str
    query: StoredQuery

    @classmethod
    def from_query(cls, stored: StoredQuery) -> Rule:
        values = {key: stored.header_value(key) for key in ("rule", "severity", "document")}
        missing = sorted(key for key, value in values.items() if not value)
        if missing:
            raise ValueError(f"{stored.name}.cypher: a rule's header needs {', '.join(missing)}")
        if values["severity"] not in SEVERITIES:
            raise ValueError(f"{stored.name}.cypher: severity '{values['severity']}' is not one of "
                             f"{', '.join(SEVERITIES)}")
        return cls(stored.name, values["rule"], values["severity"], values["document"], stored)

    def parameters(self, settings: dict[str, Any]) -> dict[str, Any]:
        """The settings this rule's query declares; unset ones are left to the query's defaults."""
        declared = {param.name for param in self.query.params}
        return {key: value for key, value in settings.items() if key in declared and value is not None}


@dataclass(frozen=True)
class Finding:
    rule: Rule
    uid: str
    name: str
    kind: str
    region: str | None
    related: str | None
    finding: str

    @property
    def severity(self) -> str:
        return self.rule.severity

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity), self.rule.name, self.region or "", self.uid, self.finding)

    def as_json(self) -> dict[str, Any]:
        return {"severity": self.severity, "rule": self.rule.name, "rule_text": self.rule.text,
                "document": self.rule.document, "uid": self.uid, "name": self.name, "kind": self.kind,
                "region": self.region, "related": self.related, "finding": self.finding}


@dataclass(frozen=True)
class Report:
    """What a set of rules found, with the settings they ran with."""

    command: str
    parameters: dict[str, Any]
    rules: tuple[Rule, ...]
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counted = Counter(finding.severity for finding in self.findings)
        return {severity: counted.get(severity, 0) for severity in SEVERITIES}

    @property
    def exit_code(self) -> int:
        return 1 if self.counts()["error"] else 0

    def as_json(self) -> dict[str, Any]:
        return {"command": self.command, "parameters": self.parameters,
                "rules": [{"rule": rule.name, "rule_text": rule.text, "severity": rule.severity,
                           "document": rule.document} for rule in self.rules],
                "counts": self.counts(), "findings": [finding.as_json() for finding in self.findings]}


@cache
def rules(prefix: str = CHECK_PREFIX) -> tuple[Rule, ...]:
    """Every stored query whose name starts with `prefix`, as a rule."""
    return tuple(Rule.from_query(stored) for name, stored in stored_queries().items() if name.startswith(prefix))


def require_kind(graph: Graph, parameter: str, uid: str | None, kind: str) -> None:
    """`QueryParameterError` naming `parameter` unless `uid` is None or the id of a node of `kind`."""
    if uid is None:
        return
    found = [row["kind"] for row in graph.read(_KIND_OF, uid=uid)]
    if not found:
        raise UnknownId(parameter, uid)
    if found[0] != kind:
        raise QueryParameterError(parameter, f"'{uid}' is a {found[0]}, not a {kind}")


def run_rules(graph: Graph, command: str, selected: tuple[Rule, ...], settings: dict[str, Any]) -> Report:
    """Run each rule with the settings it declares; findings ordered by severity, rule, region, node."""
    findings = [finding for rule in selected for finding in _findings(graph, rule, settings)]
    findings.sort(key=Finding.sort_key)
    shown = {key: value for key, value in settings.items() if value is not None}
    return Report(command, shown, selected, findings)


def _findings(graph: Graph, rule: Rule, settings: dict[str, Any]) -> list[Finding]:
    answer = run_stored(graph, rule.name, rule.parameters(settings))
    return [Finding(rule, row["uid"], row["name"], row["kind"], row["region"], row["related"], row["finding"])
            for row in answer.rows]


def run_checks(graph: Graph, *, at: str | None = None, region: str | None = None, within: int = 90,
               concurrent: int = 5, only: tuple[str, ...] = ()) -> Report:
    """The conformance rules (`check_*`, or those named in `only`), for one region or all, on the day `at`
    (default today)."""
    require_kind(graph, "region", region, "region")
    settings = {"at": at, "region": region, "within": within, "concurrent": concurrent, "rule": list(only) or None}
    selected = tuple(rule for rule in rules(CHECK_PREFIX) if not only or rule.name in only)
    return run_rules(graph, "check", selected, settings)
