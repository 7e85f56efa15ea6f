"""Conformance checks: each rule of the documents is a stored query; this module runs a set of them.

A rule is a file `cypher/check_*.cypher` (or `gaps_*.cypher` for coverage, see
`cypher.gaps`) whose header, besides `answers`, `param` and `example`, says
`rule` (the rule in a line), `severity` (error, warning or info) and
`document` (the seed file and section stating it). Each returns one row per
finding: the offending node (`uid`, `name`, `kind`), its `region`, a
`related` node where one is named, and the `finding` as its facts: a map whose
`sentence` names the finding's sentence in the message catalogue
(`finding.<rule>.<sentence>`) and whose other entries fill its fields, so that
a finding reads in the asker's language. The header's `rule_sv` is the rule in
Swedish.

Rules say where they hold. A check's header has one `jurisdiction` line per
region whose documents state the rule, with that region's citation:

    // jurisdiction: region:18 002_f2c56e9e6debe3bb.txt §8

or `// jurisdiction: national none` for a data-quality rule of govgraph's own
that no document states (labelled so in every finding). A regional rule holds
in its own region and, elsewhere, only in a region whose data says it adopts
it: the region node's `adopts` list names the rule (`check_lpo_has_contact_person`)
or a document (`002_f2c56e9e6debe3bb.txt`, adopting every rule that document
states, as that document states it). The query itself keeps to those regions,
so it answers the same when run on its own; a rule never applies a region's
document to another region because that region happens to be organised alike.

Every finding says where its rule comes from (`Finding.source`, the `document`
of its JSON): "002_f2c56e9e6debe3bb.txt §8 (a rule of Region Örebro län,
region:18)", with "; adopted by <region>" where a region adopts it.

Exit status of `govgraph check`: 1 when any finding has severity error, else 0.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cypher import QueryParameterError, StoredQuery, stored_queries
from cypher.explain import role_words
from cypher.params import UnknownId
from cypher.runner import run_stored
from graphmodel.engine import Graph
from graphmodel.messages import SWEDISH, current_language, joined, text
from graphmodel.place_names import municipality_name

SEVERITIES = ("error", "warning", "info")
CHECK_PREFIX = "check_"
FINDING_COLUMNS = ("severity", "rule", "uid", "name", "kind", "region", "related", "finding", "document")
_KIND_OF = "MATCH (node:Entity {uid: $uid}) RETURN node.kind AS kind"
_REGIONS = "MATCH (region:Region) RETURN region.uid AS uid, region.name AS name, region.adopts AS adopts"

NATIONAL = "national"
NO_DOCUMENT = "none"
# The source documents and the region each belongs to: a regional rule may cite its own region's documents only.
DOCUMENTS = {
    "000_9d1f36fc60801c79.txt": ("region:18", "Region Örebro län"),
    "001_a14aaf4a3697e8c0.txt": ("region:24", "Region Västerbotten"),
    "002_f2c56e9e6debe3bb.txt": ("region:18", "Region Örebro län"),
    "003_ef8c122bca7ad691.txt": ("region:18", "Region Örebro län"),
    "004_c404d1e861ddfdc3.txt": ("region:20", "Region Dalarna"),
}
_DOCUMENT_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
_REGION_ID = re.compile(r"region:\d{2}")


@dataclass(frozen=True)
class Jurisdiction:
    """Where a rule holds by a document of its own: a region and that region's citation, or national."""

    where: str
    citation: str

    @classmethod
    def parse(cls, text: str, query_name: str) -> Jurisdiction:
        where, _, citation = text.strip().partition(" ")
        citation = citation.strip()
        if not citation or not (where == NATIONAL or _REGION_ID.fullmatch(where)):
            raise ValueError(f"{query_name}.cypher: a jurisdiction is 'national none' or a region id and its "
                             f"citation, e.g. 'region:18 002_f2c56e9e6debe3bb.txt §8', not '{text}'")
        jurisdiction = cls(where, citation)
        if where == NATIONAL and (citation != NO_DOCUMENT or jurisdiction.documents):
            raise ValueError(f"{query_name}.cypher: no document is national; a national rule is a data-quality "
                             f"rule of govgraph's own: 'national {NO_DOCUMENT}'")
        if where != NATIONAL:
            if not jurisdiction.documents:
                raise ValueError(f"{query_name}.cypher: the jurisdiction {where} cites no document")
            foreign = [doc for doc in jurisdiction.documents if DOCUMENTS.get(doc, (None,))[0] != where]
            if foreign:
                raise ValueError(f"{query_name}.cypher: {', '.join(foreign)} is not a document of {where}")
        return jurisdiction

    @property
    def documents(self) -> tuple[str, ...]:
        """The document files the citation names."""
        return tuple(dict.fromkeys(_DOCUMENT_FILE.findall(self.citation)))

    @property
    def region_name(self) -> str | None:
        return DOCUMENTS[self.documents[0]][1] if self.documents else None

    def describe(self, adopted_by: str | None = None) -> str:
        """The citation and whose rule it is, e.g. '002_... §8 (a rule of Region Örebro län, region:18)'."""
        if self.where == NATIONAL:
            return text("rule.data_quality")
        whose = {"citation": self.citation, "region": self.region_name, "uid": self.where}
        if adopted_by:
            return text("rule.of_region_adopted", adopter=adopted_by, **whose)
        return text("rule.of_region", **whose)


@dataclass(frozen=True)
class RegionData:
    """What a region's own data says about the rules: its name and the rules or documents it adopts."""

    uid: str
    name: str
    adopts: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name}, {self.uid}"


@dataclass(frozen=True)
class Rule:
    name: str
    text: str
    severity: str
    document: str
    query: StoredQuery
    jurisdictions: tuple[Jurisdiction, ...] = ()
    text_sv: str = ""

    @classmethod
    def from_query(cls, stored: StoredQuery) -> Rule:
        values = {key: stored.header_value(key) for key in ("rule", "rule_sv", "severity", "document")}
        missing = sorted(key for key, value in values.items() if not value)
        if missing:
            raise ValueError(f"{stored.name}.cypher: a rule's header needs {', '.join(missing)}")
        if values["severity"] not in SEVERITIES:
            raise ValueError(f"{stored.name}.cypher: severity '{values['severity']}' is not one of "
                             f"{', '.join(SEVERITIES)}")
        jurisdictions = tuple(Jurisdiction.parse(line, stored.name) for line in stored.header.get("jurisdiction", ()))
        return cls(stored.name, values["rule"], values["severity"], values["document"], stored, jurisdictions,
                   values["rule_sv"])

    def said(self, lang: str | None = None) -> str:
        """The rule in a line, in `lang` (default: the current request's or command's language)."""
        return self.text_sv if (lang or current_language()) == SWEDISH else self.text

    def parameters(self, settings: dict[str, Any]) -> dict[str, Any]:
        """The settings this rule's query declares; unset ones are left to the query's defaults."""
        declared = {param.name for param in self.query.params}
        return {key: value for key, value in settings.items() if key in declared and value is not None}

    @property
    def is_national(self) -> bool:
        return any(jurisdiction.where == NATIONAL for jurisdiction in self.jurisdictions)

    def adopted(self, adopts: tuple[str, ...]) -> tuple[Jurisdiction, ...]:
        """The regional jurisdictions a region adopting `adopts` (rule names, document files) takes on."""
        regional = tuple(j for j in self.jurisdictions if j.where != NATIONAL)
        if self.name in adopts:
            return regional
        return tuple(j for j in regional if set(j.documents) & set(adopts))

    def source(self, region: RegionData | None) -> str:
        """Where this rule comes from, as it holds for a finding in `region` (None: no region)."""
        if not self.jurisdictions:
            return self.document
        uid = region.uid if region else None
        own = [j for j in self.jurisdictions if j.where == uid]
        if own:
            return own[0].describe()
        adopted = self.adopted(region.adopts) if region else ()
        if adopted:
            return " / ".join(j.describe(adopted_by=region.label) for j in adopted)
        national = [j for j in self.jurisdictions if j.where == NATIONAL]
        if national:
            return national[0].describe()
        # The queries keep to their jurisdictions, so this is a query that does not.
        raise ValueError(f"{self.name}: a finding in {uid or 'no region'}, where the rule does not hold")

    def provenance(self) -> str:
        """The rule's documents and where it holds, for the report's list of rules."""
        if not self.jurisdictions:
            return self.document
        regional = [j.describe() for j in self.jurisdictions if j.where != NATIONAL]
        if not regional:
            return text("rule.data_quality")
        provenance = text("rule.holds_there", regional="; ".join(regional))
        return text("rule.elsewhere_national", provenance=provenance) if self.is_national else provenance


@dataclass(frozen=True)
class Finding:
    rule: Rule
    uid: str
    name: str
    kind: str
    region: str | None
    related: str | None
    finding: str
    source: str = ""  # the document and the region the rule comes from, as it holds for this finding
    region_name: str | None = None

    @property
    def severity(self) -> str:
        return self.rule.severity

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity), self.rule.name, self.region or "", self.uid, self.finding)

    def as_json(self) -> dict[str, Any]:
        return {"severity": self.severity, "rule": self.rule.name, "rule_text": self.rule.said(),
                "document": self.source or self.rule.document, "uid": self.uid, "name": self.name,
                "kind": self.kind, "region": self.region, "related": self.related, "finding": self.finding}


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
                "rules": [{"rule": rule.name, "rule_text": rule.said(), "severity": rule.severity,
                           "document": rule.provenance()} for rule in self.rules],
                "counts": self.counts(), "findings": [finding.as_json() for finding in self.findings]}


@cache
def rules(prefix: str = CHECK_PREFIX) -> tuple[Rule, ...]:
    """Every stored query whose name starts with `prefix`, as a rule; a check must say where it holds."""
    found = tuple(Rule.from_query(stored) for name, stored in stored_queries().items() if name.startswith(prefix))
    if prefix == CHECK_PREFIX:
        unplaced = [rule.name for rule in found if not rule.jurisdictions]
        if unplaced:
            raise ValueError(f"{', '.join(unplaced)}: a check's header needs a jurisdiction line")
    return found


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
    regions = _region_data(graph) if any(rule.jurisdictions for rule in selected) else {}
    findings = [finding for rule in selected for finding in _findings(graph, rule, settings, regions)]
    findings.sort(key=Finding.sort_key)
    shown = {key: value for key, value in settings.items() if value is not None}
    return Report(command, shown, selected, findings)


def _region_data(graph: Graph) -> dict[str, RegionData]:
    regions = {}
    for row in graph.read(_REGIONS):
        adopts = row["adopts"] or ()
        regions[row["uid"]] = RegionData(row["uid"], row["name"], (adopts,) if isinstance(adopts, str) else tuple(adopts))
    return regions


def _findings(graph: Graph, rule: Rule, settings: dict[str, Any], regions: dict[str, RegionData]) -> list[Finding]:
    answer = run_stored(graph, rule.name, rule.parameters(settings))
    found = []
    for row in answer.rows:
        region = regions.get(row["region"]) if row["region"] else None
        found.append(Finding(rule, row["uid"], row["name"], row["kind"], row["region"], row["related"],
                             finding_sentence(rule.name, row["finding"]), rule.source(region),
                             region.name if region else None))
    return found


def finding_sentence(rule: str, facts: dict[str, Any]) -> str:
    """A finding as its query returns it (its facts, `sentence` naming the sentence) said as a sentence (pure)."""
    fields = {name: _fact_words(name, value) for name, value in facts.items() if name != "sentence"}
    return text(f"finding.{rule}.{facts['sentence']}", **fields)


def _fact_words(name: str, value: Any) -> Any:
    """A fact as the sentence says it: a role in words, working groups by their level, a list joined."""
    if name == "role" and value:
        return role_words(value) if current_language() == SWEDISH else value.replace("_", " ")
    if name == "municipality" and value:
        return municipality_name(value)
    if name == "groups":
        return joined([text(f"finding.working_group.{group['level']}", name=group["name"]) for group in value])
    return value


def exit_reasons(report: Report) -> list[tuple[int, str, str]]:
    """Why a report has errors: (count, region, the rule's source there) for each group of error findings."""
    groups = Counter((finding.region_name or finding.region or text("checks.no_region"),
                      finding.source or finding.rule.document)
                     for finding in report.findings if finding.severity == "error")
    return [(count, region, source) for (region, source), count in sorted(groups.items())]


def run_checks(graph: Graph, *, at: str | None = None, region: str | None = None, within: int = 90,
               concurrent: int = 5, only: tuple[str, ...] = ()) -> Report:
    """The conformance rules (`check_*`, or those named in `only`), for one region or all, on the day `at`
    (default today)."""
    require_kind(graph, "region", region, "region")
    settings = {"at": at, "region": region, "within": within, "concurrent": concurrent, "rule": list(only) or None}
    selected = tuple(rule for rule in rules(CHECK_PREFIX) if not only or rule.name in only)
    return run_rules(graph, "check", selected, settings)
