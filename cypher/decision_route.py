"""Who decides a measure, and by which route: read from the mandates of the decision matters that cover it.

The rules of 002 §10 and 003 are data. A decision matter says which measures
it covers (`measure_scope` region, municipal or both, and yes / no / unset
for added cost, organisational change, within the operations' mandate and
political decision); each MANDATE edge to it says what its holder does
(`part`: decides, endorses, informed, prepares, recommends, no_mandate) and
at which `step` of the route. `decision_route.cypher` finds the matters that
cover a measure; this module only sorts their mandates into deciders, those
informed or endorsing, those preparing or recommending, those with no mandate,
and the route in step order.

Scope "both" is a question the region and the municipalities share (002 §5:
the managers' group decides "frågor i samverkan"); it is answered by the
matters scoped both alone, not by the region's and the municipalities' own
routes, which are for measures one principal implements.

When no matter covers the measure, or none of those that do has a holder who
decides, nobody in the graph has the mandate: `mandated` is false and the
message says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cypher import query
from cypher.explain import NodeRef
from cypher.params import QueryParameterError, UnknownId
from cypher.runner import run_stored
from graphmodel.engine import Graph
from graphmodel.model import TERRITORY_KINDS
from graphmodel.vocabulary import MANDATE_PARTS, MEASURE_SCOPES

QUERY = "decision_route"
DECISION_MATTER = "decision_matter"
DECIDES = "decides"
NO_MANDATE = "no_mandate"
INFORMED_PARTS = ("informed", "endorses")
PREPARING_PARTS = ("prepares", "recommends")
PART_ORDER = {key: index for index, key in enumerate(MANDATE_PARTS.keys())}
CRITERIA = ("added_cost", "organisational_change", "within_mandate", "political_decision")

_TERRITORY = "MATCH (t:Entity {uid: $uid}) RETURN t.uid AS uid, t.name AS name, t.kind AS kind"

# How each criterion reads in a sentence, when yes and when no.
_CRITERION_WORDS = {
    "cost": ("with added cost", "without added cost"),
    "organisational": ("with organisational change", "without organisational change"),
    "within_mandate": ("within the operations' remit and budget", "beyond the operations' remit and budget"),
    "political": ("needing a political decision", "needing no political decision"),
}
_SCOPE_WORDS = {"region": "a region measure", "municipal": "a municipal measure",
                "both": "a question shared by the region and the municipalities"}


class UnknownTerritory(QueryParameterError):
    """`region` names no node, or a node that is not a territory."""


@dataclass(frozen=True)
class Measure:
    """The measure asked about; a criterion left as None matches matters of either kind."""

    scope: str
    cost: bool | None = None
    organisational: bool | None = None
    within_mandate: bool | None = None
    political: bool | None = None
    region: str | None = None
    at: str | None = None

    def parameters(self) -> dict[str, Any]:
        values = {"scope": self.scope, "cost": self.cost, "organisational": self.organisational,
                  "within_mandate": self.within_mandate, "political": self.political, "region": self.region}
        if self.at is not None:
            values["at"] = self.at
        return values

    def describe(self) -> str:
        """'a municipal measure with added cost, needing no political decision'."""
        words = [yes if value else no for name, (yes, no) in _CRITERION_WORDS.items()
                 if (value := getattr(self, name)) is not None]
        return " ".join([_SCOPE_WORDS[self.scope], ", ".join(words)]).strip()


def measure_from_text(scope: str, *, cost: str | None = None, organisational: str | None = None,
                      within_mandate: str | None = None, political: str | None = None,
                      region: str | None = None, at: str | None = None) -> Measure:
    """A measure as typed on a command line: scope in English or Swedish, yes/no (ja/nej) for the criteria."""
    term = MEASURE_SCOPES.lookup(scope)
    if term is None:
        raise QueryParameterError("scope", f"'{scope}' is not a measure scope (known: "
                                           f"{', '.join(MEASURE_SCOPES.keys())}; Swedish: "
                                           f"{', '.join(t.sv for t in MEASURE_SCOPES.terms)})")
    flags = {"cost": cost, "organisational": organisational, "within_mandate": within_mandate,
             "political": political}
    parsed = {name: _parameter(name).from_text(text) if text is not None else None for name, text in flags.items()}
    if at is not None:
        at = _parameter("at").checked(at)
    return Measure(term.key, region=region, at=at, **parsed)


def _parameter(name: str):
    return next(parameter for parameter in query(QUERY).params if parameter.name == name)


@dataclass(frozen=True)
class RouteEntry:
    """One mandate on the route: who does what with which matter, at which step, says which document."""

    matter: NodeRef
    holder: NodeRef
    part: str
    step: int | None
    condition: str | None
    decision_ref: str | None
    source: str | None

    def part_words(self) -> str:
        return MANDATE_PARTS[self.part].en if self.part in MANDATE_PARTS else self.part

    def explanation(self) -> str:
        """'Verksamhetschef decides: Implementering av åtgärder ... (the measures fit within ...)'."""
        text = f"{self.holder.label()} {self.part_words()}: {self.matter.name}"
        return f"{text} ({self.condition})" if self.condition else text

    def sort_key(self) -> tuple:
        return (self.step is None, self.step or 0, PART_ORDER.get(self.part, len(PART_ORDER)), self.matter.uid,
                self.holder.label())

    def as_json(self) -> dict[str, Any]:
        term = MANDATE_PARTS[self.part] if self.part in MANDATE_PARTS else None
        return {"step": self.step, "part": self.part, "part_en": term.en if term else self.part,
                "part_sv": term.sv if term else self.part, "holder": self.holder.as_json(),
                "matter": self.matter.uid, "condition": self.condition, "decision_ref": self.decision_ref,
                "source": self.source, "explanation": self.explanation()}


@dataclass(frozen=True)
class CoveringMatter:
    """A decision matter whose criteria cover the measure, with its mandates."""

    matter: NodeRef
    source: str | None
    regions: tuple[str, ...]
    criteria: dict[str, Any]
    entries: tuple[RouteEntry, ...]

    @property
    def decided(self) -> bool:
        return any(entry.part == DECIDES for entry in self.entries)

    def as_json(self) -> dict[str, Any]:
        return {**self.matter.as_json(), "source": self.source, "region": list(self.regions),
                "criteria": self.criteria, "entries": [entry.as_json() for entry in self.entries]}


@dataclass(frozen=True)
class DecisionRoute:
    """The answer: the matters covering the measure and their mandates, sorted by what each holder does."""

    measure: Measure
    parameters: dict[str, Any]
    region: NodeRef | None
    matters: tuple[CoveringMatter, ...]

    @property
    def entries(self) -> list[RouteEntry]:
        return sorted((entry for matter in self.matters for entry in matter.entries), key=RouteEntry.sort_key)

    def with_parts(self, *parts: str) -> list[RouteEntry]:
        return [entry for entry in self.entries if entry.part in parts]

    @property
    def deciders(self) -> list[RouteEntry]:
        return self.with_parts(DECIDES)

    @property
    def informed(self) -> list[RouteEntry]:
        return self.with_parts(*INFORMED_PARTS)

    @property
    def preparing(self) -> list[RouteEntry]:
        return self.with_parts(*PREPARING_PARTS)

    @property
    def no_mandate(self) -> list[RouteEntry]:
        return self.with_parts(NO_MANDATE)

    @property
    def route(self) -> list[RouteEntry]:
        """Every mandate with a step, in step order."""
        return [entry for entry in self.entries if entry.step is not None]

    @property
    def mandated(self) -> bool:
        return bool(self.deciders)

    def where(self) -> str:
        return f"in {self.region.label()}" if self.region else "in any region"

    def message(self) -> str:
        if not self.mandated:
            return f"nobody in the graph has the mandate for this measure ({self.measure.describe()}) {self.where()}"
        labels = list(dict.fromkeys(entry.holder.label() for entry in self.deciders))
        return f"{self.measure.describe()} {self.where()} is decided by: {', '.join(labels)}"

    def as_json(self) -> dict[str, Any]:
        return {
            "measure": {**self.measure.parameters(), "at": self.parameters.get("at")},
            "region": self.region.as_json() if self.region else None,
            "mandated": self.mandated,
            "message": self.message(),
            "deciders": [entry.as_json() for entry in self.deciders],
            "informed": [entry.as_json() for entry in self.informed],
            "preparing": [entry.as_json() for entry in self.preparing],
            "no_mandate": [entry.as_json() for entry in self.no_mandate],
            "route": [entry.as_json() for entry in self.route],
            "matters": [matter.as_json() for matter in self.matters],
        }


def decision_route(graph: Graph, measure: Measure) -> DecisionRoute:
    """Who decides `measure`, read from the graph; `UnknownTerritory` if its region is not a territory."""
    region = territory(graph, measure.region) if measure.region is not None else None
    answer = run_stored(graph, QUERY, measure.parameters())
    return DecisionRoute(measure, answer.parameters, region, covering_matters(answer.rows))


def territory(graph: Graph, uid: str) -> NodeRef:
    rows = graph.read(_TERRITORY, uid=uid)
    if not rows:
        raise UnknownId("region", uid)
    found = NodeRef.from_row(rows[0])
    if found.kind not in TERRITORY_KINDS:
        raise UnknownTerritory("region", f"'{uid}' is a {found.kind}, not a territory "
                                         f"({', '.join(TERRITORY_KINDS)})")
    return found


def covering_matters(rows: list[dict[str, Any]]) -> tuple[CoveringMatter, ...]:
    """The query's rows (one per mandate) grouped by matter: matters someone decides first, then by id."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["matter"], []).append(row)
    matters = [_covering_matter(grouped[uid]) for uid in sorted(grouped)]
    return tuple(sorted(matters, key=lambda matter: not matter.decided))


def _covering_matter(rows: list[dict[str, Any]]) -> CoveringMatter:
    first = rows[0]
    matter = NodeRef(first["matter"], first["matter_name"], DECISION_MATTER)
    entries = sorted((_entry(matter, row) for row in rows), key=RouteEntry.sort_key)
    criteria = {"measure_scope": first["measure_scope"], **{name: first[name] for name in CRITERIA}}
    return CoveringMatter(matter, first["matter_source"], tuple(sorted(first["matter_region"])), criteria,
                          tuple(entries))


def _entry(matter: NodeRef, row: dict[str, Any]) -> RouteEntry:
    holder = NodeRef(row["holder"], row["holder_name"], row["holder_kind"])
    return RouteEntry(matter, holder, row["part"], row["step"], row["condition"], row["decision_ref"],
                      row["source"])
