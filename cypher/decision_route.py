"""Who decides a measure, and by which route: read from the mandates of the decision matters that cover it.

The rules of 002 §10, 003, 004 and 001 are data. A decision matter says which
measures it covers (`measure_scope` region, municipal or both, and yes / no /
unset for each criterion of `MEASURE_CRITERIA`); each MANDATE edge to it says
what its holder does (`part`), how beside the others of its step
(`qualifier`: always, primarily, when needed, alternatively; `rank`), and at
which `step` of the route. `decision_route.cypher` reads the matters of the
measure's scope and territory; this module decides which of them cover the
measure and what the answer is.

A criterion the question leaves out is not a wildcard. When the matters that
cover the measure set it differently (one for measures needing a political
decision, one for those that do not), the answer is a list of alternatives,
each with the condition that leads to it, in the order the documents give
(`route_order`); a criterion no covering matter distinguishes may be left out.
Without a territory, each region's matters are an alternative of their own.

A question about one municipality keeps, of the holders that are
municipalities, that municipality alone: the shared bodies it takes part in
answer for it, the other municipalities do not. A question about one
knowledge area (`area`) keeps the matters and holders of that area and those
tied to none.

Three answers say nobody decides, each in its own words: the territory has
no decision matter at all ("the graph holds no decision rules for Region
X"), none for the measure's scope, or none whose criteria cover the measure.

The answer's sentences are the message catalogue's, in the language of the
request or command (English for library code that does not ask); the
documents' own words (a mandate's condition, a matter's wording) are quoted
as they stand.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from cypher import query
from cypher.decision_words import alternative_condition, criteria_words, criterion_words, route_summary
from cypher.explain import NodeRef
from cypher.params import Parameter, QueryParameterError, UnknownId
from cypher.runner import run_stored
from graphmodel.engine import Graph
from graphmodel.messages import SWEDISH, current_language, text
from graphmodel.model import TERRITORY_KINDS
from graphmodel.vocabulary import (
    MANDATE_PARTS,
    MANDATE_QUALIFIERS,
    MEASURE_CRITERIA,
    MEASURE_CRITERION_BY_KEY,
    MEASURE_CRITERION_BY_OPTION,
    MEASURE_SCOPES,
    Term,
)

QUERY = "decision_route"
RULES_QUERY = "decision_rules_of_territory"
DECISION_MATTER = "decision_matter"
KNOWLEDGE_AREA = "knowledge_area"
MUNICIPALITY = "municipality"
DECIDES = "decides"
NO_MANDATE = "no_mandate"
INFORMED_PARTS = ("endorses", "anchors", "informed")
PREPARING_PARTS = ("prepares", "recommends")
CONSULTED_PARTS = ("consults",)
IMPLEMENTING_PARTS = ("implements",)
PART_ORDER = {key: index for index, key in enumerate(MANDATE_PARTS.keys())}
QUALIFIER_ORDER = {key: index for index, key in enumerate(MANDATE_QUALIFIERS.keys())}
CRITERION_KEYS = tuple(criterion.key for criterion in MEASURE_CRITERIA)

_NODE = "MATCH (t:Entity {uid: $uid}) RETURN t.uid AS uid, t.name AS name, t.kind AS kind"


class UnknownTerritory(QueryParameterError):
    """`region` names no node, or a node that is not a territory."""


class NotAKnowledgeArea(QueryParameterError):
    """`area` names a node that is not a knowledge area."""


@dataclass(frozen=True)
class Measure:
    """The measure asked about: its scope, and yes / no / not given (None) for each criterion, by option name."""

    scope: str
    cost: bool | None = None
    organisational: bool | None = None
    within_mandate: bool | None = None
    political: bool | None = None
    several_divisions: bool | None = None
    region: str | None = None
    area: str | None = None
    at: str | None = None

    def criteria(self) -> dict[str, bool | None]:
        """Each criterion by the property a decision matter sets: {'political_decision': True, ...}."""
        return {criterion.key: getattr(self, criterion.option) for criterion in MEASURE_CRITERIA}

    def given(self) -> dict[str, bool]:
        return {key: value for key, value in self.criteria().items() if value is not None}

    def parameters(self) -> dict[str, Any]:
        values: dict[str, Any] = {criterion.option: getattr(self, criterion.option) for criterion in MEASURE_CRITERIA}
        values = {"scope": self.scope, **values, "region": self.region, "area": self.area}
        if self.at is not None:
            values["at"] = self.at
        return values

    def describe(self) -> str:
        """'a municipal measure that adds cost and needs no political decision'."""
        given = self.given()
        scope = text(f"decision.scope.{self.scope}")
        return text("decision.measure", scope=scope, criteria=criteria_words(given)) if given else scope


def measure_from_text(scope: str, *, region: str | None = None, area: str | None = None, at: str | None = None,
                      **criteria: str | None) -> Measure:
    """A measure as typed on a command line: scope in English or Swedish, yes/no (ja/nej) for the criteria.

    `criteria` are given by option name (cost, organisational, within_mandate, political, several_divisions)."""
    term = MEASURE_SCOPES.lookup(scope)
    if term is None:
        raise QueryParameterError("scope", f"'{scope}' is not a measure scope (known: "
                                           f"{', '.join(MEASURE_SCOPES.keys())}; Swedish: "
                                           f"{', '.join(t.sv for t in MEASURE_SCOPES.terms)})")
    unknown = sorted(set(criteria) - set(MEASURE_CRITERION_BY_OPTION))
    if unknown:
        raise QueryParameterError(unknown[0], f"'{unknown[0]}' is not a criterion (known: "
                                              f"{', '.join(MEASURE_CRITERION_BY_OPTION)})")
    parsed = {name: _yes_no(name, answer) for name, answer in criteria.items()}
    if at is not None:
        at = _parameter("at").checked(at)
    return Measure(term.key, region=region, area=area, at=at, **parsed)


def _yes_no(name: str, answer: str | None) -> bool | None:
    return None if answer is None else Parameter(name, "boolean", "yes or no").from_text(answer)


def _parameter(name: str):
    return next(parameter for parameter in query(QUERY).params if parameter.name == name)


@dataclass(frozen=True)
class RouteEntry:
    """One mandate on the route: who does what with which matter, how, at which step, says which document."""

    matter: NodeRef
    holder: NodeRef
    part: str
    step: int | None
    condition: str | None
    decision_ref: str | None
    source: str | None
    qualifier: str | None = None
    rank: int | None = None
    decided_on: str | None = None
    holder_areas: tuple[str, ...] = ()

    @property
    def resolved_qualifier(self) -> str:
        return self.qualifier or "always"

    def part_words(self) -> str:
        """The part in the current language: 'decides', 'beslutar'."""
        return _in_language(MANDATE_PARTS[self.part]) if self.part in MANDATE_PARTS else self.part

    def qualifier_words(self) -> str:
        """' (when needed)', ' (vid behov)'; nothing for a holder who always takes part."""
        return "" if self.resolved_qualifier == "always" else f" ({_in_language(MANDATE_QUALIFIERS[self.qualifier])})"

    def explanation(self) -> str:
        """'Verksamhetschef decides: Implementering av åtgärder ... (the measures fit within ...)'."""
        said = f"{self.holder.label()} {self.part_words()}{self.qualifier_words()}: {self.matter.name}"
        return f"{said} ({self.condition})" if self.condition else said

    def shape(self) -> tuple:
        """What the mandate says, whichever matter it is on."""
        return (self.holder.uid, self.part, self.step, self.resolved_qualifier, self.condition)

    def sort_key(self) -> tuple:
        return (self.step is None, self.step or 0, PART_ORDER.get(self.part, len(PART_ORDER)),
                QUALIFIER_ORDER.get(self.resolved_qualifier, 0), self.rank is None, self.rank or 0,
                self.holder.label())

    def as_json(self) -> dict[str, Any]:
        term = MANDATE_PARTS[self.part] if self.part in MANDATE_PARTS else None
        qualifier = MANDATE_QUALIFIERS[self.resolved_qualifier]
        return {"step": self.step, "part": self.part, "part_en": term.en if term else self.part,
                "part_sv": term.sv if term else self.part, "qualifier": qualifier.key, "qualifier_en": qualifier.en,
                "qualifier_sv": qualifier.sv, "rank": self.rank, "holder": self.holder.as_json(),
                "matter": self.matter.uid, "condition": self.condition, "decision_ref": self.decision_ref,
                "decided_on": self.decided_on, "source": self.source, "explanation": self.explanation()}


@dataclass(frozen=True)
class CoveringMatter:
    """A decision matter of the measure's scope and territory, with its criteria and mandates."""

    matter: NodeRef
    source: str | None
    regions: tuple[str, ...]
    criteria: dict[str, Any]
    entries: tuple[RouteEntry, ...]
    homes: tuple[NodeRef, ...] = ()
    areas: tuple[str, ...] = ()
    route_order: int | None = None
    wording: str | None = None

    def covers(self, given: dict[str, bool]) -> bool:
        """Every criterion the question gives is either unset on the matter or the same."""
        return all(self.criteria.get(key) in (None, value) for key, value in given.items())

    def sort_key(self) -> tuple:
        return (self.route_order is None, self.route_order or 0, self.matter.uid)

    def as_json(self) -> dict[str, Any]:
        return {**self.matter.as_json(), "source": self.source, "region": list(self.regions),
                "knowledge_areas": list(self.areas), "route_order": self.route_order, "wording": self.wording,
                "criteria": self.criteria, "entries": [entry.as_json() for entry in self.entries]}


@dataclass(frozen=True)
class Alternative:
    """One route the measure may take, and the condition (criteria, and region) that leads to it."""

    when: tuple[dict[str, bool], ...]
    home: NodeRef | None
    matters: tuple[CoveringMatter, ...]

    @property
    def entries(self) -> list[RouteEntry]:
        """The matters' mandates in route order; matters merged for reading alike give each mandate once."""
        unique: dict[tuple, RouteEntry] = {}
        for matter in self.matters:
            for entry in matter.entries:
                unique.setdefault(entry.shape(), entry)
        return sorted(unique.values(), key=RouteEntry.sort_key)

    def with_parts(self, *parts: str) -> list[RouteEntry]:
        return [entry for entry in self.entries if entry.part in parts]

    @property
    def deciders(self) -> list[RouteEntry]:
        return self.with_parts(DECIDES)

    @property
    def mandated(self) -> bool:
        return bool(self.deciders)

    @property
    def route(self) -> list[RouteEntry]:
        """Every mandate with a step, in step order."""
        return [entry for entry in self.entries if entry.step is not None]

    def condition(self) -> str:
        return alternative_condition(self.when, self.home)

    def summary(self, *, one_municipality: bool) -> str:
        if not self.mandated:
            # Who carries out or is told is still worth knowing where the documents name no decider.
            rest = route_summary(self.entries, one_municipality=one_municipality) if self.entries else ""
            return text("decision.nobody_decides") + (f"; {rest}" if rest else "")
        return route_summary(self.entries, one_municipality=one_municipality)

    def as_json(self, *, one_municipality: bool) -> dict[str, Any]:
        return {
            "when": [dict(clause) for clause in self.when],
            "region": self.home.as_json() if self.home else None,
            "condition": self.condition(),
            "mandated": self.mandated,
            "message": self.summary(one_municipality=one_municipality),
            **_grouped_json(self),
            "route": [entry.as_json() for entry in self.route],
            "wording": [{"matter": matter.matter.uid, "text": matter.wording, "source": matter.source}
                        for matter in self.matters if matter.wording],
            "matters": [matter.as_json() for matter in self.matters],
        }


def _grouped_json(alternative: Alternative) -> dict[str, list]:
    groups = {"deciders": (DECIDES,), "informed": INFORMED_PARTS, "preparing": PREPARING_PARTS,
              "consulted": CONSULTED_PARTS, "implementing": IMPLEMENTING_PARTS, "no_mandate": (NO_MANDATE,)}
    return {name: [entry.as_json() for entry in alternative.with_parts(*parts)] for name, parts in groups.items()}


@dataclass(frozen=True)
class DecisionRoute:
    """The answer: the routes the measure may take, each with its condition; one when the question settles it."""

    measure: Measure
    parameters: dict[str, Any]
    region: NodeRef | None
    alternatives: tuple[Alternative, ...]
    area: NodeRef | None = None
    rules_held: bool = True
    scope_held: bool = True
    # Criteria the question gave that no rule of the territory (for the scope) depends on: said, not hidden.
    unused_criteria: tuple[str, ...] = ()

    @property
    def determined(self) -> bool:
        return len(self.alternatives) == 1

    @property
    def matters(self) -> tuple[CoveringMatter, ...]:
        seen: dict[str, CoveringMatter] = {}
        for alternative in self.alternatives:
            for matter in alternative.matters:
                seen.setdefault(matter.matter.uid, matter)
        return tuple(seen.values())

    def _settled(self) -> Alternative | None:
        return self.alternatives[0] if self.determined else None

    def _settled_parts(self, *parts: str) -> list[RouteEntry]:
        settled = self._settled()
        return settled.with_parts(*parts) if settled else []

    @property
    def deciders(self) -> list[RouteEntry]:
        """The deciders when the question settles the route; none while alternatives are open."""
        return self._settled_parts(DECIDES)

    @property
    def informed(self) -> list[RouteEntry]:
        return self._settled_parts(*INFORMED_PARTS)

    @property
    def preparing(self) -> list[RouteEntry]:
        return self._settled_parts(*PREPARING_PARTS)

    @property
    def consulted(self) -> list[RouteEntry]:
        return self._settled_parts(*CONSULTED_PARTS)

    @property
    def implementing(self) -> list[RouteEntry]:
        return self._settled_parts(*IMPLEMENTING_PARTS)

    @property
    def no_mandate(self) -> list[RouteEntry]:
        return self._settled_parts(NO_MANDATE)

    @property
    def route(self) -> list[RouteEntry]:
        settled = self._settled()
        return settled.route if settled else []

    @property
    def mandated(self) -> bool:
        """Someone decides on every route the measure may take."""
        return bool(self.alternatives) and all(alternative.mandated for alternative in self.alternatives)

    def open_criteria(self) -> list[str]:
        """The criteria the answer turns on that the question did not give, in the vocabulary's order."""
        keys = {key for alternative in self.alternatives for clause in alternative.when for key in clause}
        return [key for key in CRITERION_KEYS if key in keys]

    @property
    def one_municipality(self) -> bool:
        return self.region is not None and self.region.kind == MUNICIPALITY

    def where(self) -> str:
        place = text("decision.in", place=self.region.label()) if self.region else text("decision.any_region")
        return f"{place}, {self.area.name}" if self.area else place

    def message(self) -> str:
        if not self.rules_held:
            return (text("decision.no_rules_for", region=self.region.label()) if self.region
                    else text("decision.no_rules_anywhere"))
        if not self.scope_held:
            return text("decision.no_rules_for_scope", scope=text(f"decision.scope.{self.measure.scope}"),
                        where=self.where())
        if not self.alternatives:
            return text("decision.nobody_has_mandate", measure=self.measure.describe(), where=self.where())
        one = self.one_municipality
        if self.determined:
            return f"{self.measure.describe()} {self.where()}: {self.alternatives[0].summary(one_municipality=one)}"
        options = [f"{alternative.condition()}: {alternative.summary(one_municipality=one)}"
                   for alternative in self.alternatives]
        return text("decision.routes", measure=self.measure.describe(), where=self.where(),
                    count=len(options)) + "; ".join(options)

    def as_json(self) -> dict[str, Any]:
        one = self.one_municipality
        settled = self._settled()
        grouped = _grouped_json(settled) if settled else {name: [] for name in (
            "deciders", "informed", "preparing", "consulted", "implementing", "no_mandate")}
        return {
            "measure": {**self.measure.parameters(), "at": self.parameters.get("at")},
            "region": self.region.as_json() if self.region else None,
            "area": self.area.as_json() if self.area else None,
            "rules_held": self.rules_held,
            "mandated": self.mandated,
            "determined": self.determined,
            "open_criteria": [_criterion_json(key) for key in self.open_criteria()],
            "unused_criteria": [_criterion_json(key) for key in self.unused_criteria],
            "message": self.message(),
            "alternatives": [alternative.as_json(one_municipality=one) for alternative in self.alternatives],
            **grouped,
            "route": [entry.as_json() for entry in self.route],
            "matters": [matter.as_json() for matter in self.matters],
        }


def _criterion_json(key: str) -> dict[str, str]:
    criterion = MEASURE_CRITERION_BY_KEY[key]
    return {"criterion": key, "option": criterion.option, "flag": criterion.flag, "yes": criterion_words(key, True),
            "no": criterion_words(key, False)}


def _in_language(term: Term) -> str:
    """A term of the vocabulary in the current language."""
    return term.sv if current_language() == SWEDISH else term.en


# -- reading the graph -------------------------------------------------------------------------
def decision_route(graph: Graph, measure: Measure) -> DecisionRoute:
    """Who decides `measure`, read from the graph; `UnknownTerritory` if its region is not a territory."""
    region = territory(graph, measure.region) if measure.region is not None else None
    area = knowledge_area(graph, measure.area) if measure.area is not None else None
    rules = run_stored(graph, RULES_QUERY, {"region": measure.region}).rows[0]
    answer = run_stored(graph, QUERY, {"scope": measure.scope, "region": measure.region,
                                       **({"at": measure.at} if measure.at is not None else {})})
    matters = [_narrowed(matter, region, area) for matter in covering_matters(answer.rows)]
    matters = [matter for matter in matters if matter is not None]
    alternatives = route_alternatives(matters, measure.given())
    unused = tuple(key for key in CRITERION_KEYS if key in measure.given()
                   and all(matter.criteria.get(key) is None for matter in matters))
    return DecisionRoute(measure, {**answer.parameters, "area": measure.area}, region, alternatives, area=area,
                         rules_held=rules["matters"] > 0, scope_held=bool(matters) or measure.scope in rules["scopes"],
                         unused_criteria=unused if matters else ())


def territory(graph: Graph, uid: str) -> NodeRef:
    found = _node(graph, "region", uid)
    if found.kind not in TERRITORY_KINDS:
        raise UnknownTerritory("region", f"'{uid}' is a {found.kind}, not a territory "
                                         f"({', '.join(TERRITORY_KINDS)})")
    return found


def knowledge_area(graph: Graph, uid: str) -> NodeRef:
    found = _node(graph, "area", uid)
    if found.kind != KNOWLEDGE_AREA:
        raise NotAKnowledgeArea("area", f"'{uid}' is a {found.kind}, not a knowledge area "
                                        "(e.g. knowledge-area:psykisk-halsa)")
    return found


def _node(graph: Graph, parameter: str, uid: str) -> NodeRef:
    rows = graph.read(_NODE, uid=uid)
    if not rows:
        raise UnknownId(parameter, uid)
    return NodeRef.from_row(rows[0])


def covering_matters(rows: list[dict[str, Any]]) -> tuple[CoveringMatter, ...]:
    """The query's rows (one per mandate) grouped by matter, in the documents' route order."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["matter"], []).append(row)
    return tuple(sorted((_covering_matter(group) for group in grouped.values()), key=CoveringMatter.sort_key))


def _covering_matter(rows: list[dict[str, Any]]) -> CoveringMatter:
    first = rows[0]
    properties = first["matter_properties"] or {}
    matter = NodeRef(first["matter"], first["matter_name"], DECISION_MATTER)
    entries = sorted((_entry(matter, row) for row in rows), key=RouteEntry.sort_key)
    homes = tuple(sorted((NodeRef(home["uid"], home["name"], home["kind"]) for home in first["matter_homes"]
                          if home.get("uid") is not None), key=lambda home: home.uid))
    criteria = {"measure_scope": properties.get("measure_scope"),
                **{key: properties.get(key) for key in CRITERION_KEYS}}
    return CoveringMatter(matter, first["matter_source"], tuple(home.uid for home in homes), criteria,
                          tuple(entries), homes=homes, areas=tuple(sorted(first["matter_areas"] or ())),
                          route_order=properties.get("route_order"), wording=properties.get("wording"))


def _entry(matter: NodeRef, row: dict[str, Any]) -> RouteEntry:
    holder = NodeRef(row["holder"], row["holder_name"], row["holder_kind"])
    return RouteEntry(matter, holder, row["part"], row["step"], row["condition"], row["decision_ref"],
                      row["source"], qualifier=row["qualifier"], rank=row["rank"], decided_on=row["decided_on"],
                      holder_areas=tuple(sorted(row["holder_areas"] or ())))


def _narrowed(matter: CoveringMatter, region: NodeRef | None, area: NodeRef | None) -> CoveringMatter | None:
    """The matter as it answers for one municipality and one knowledge area; None when it is another area's."""
    if area is not None and matter.areas and area.uid not in matter.areas:
        return None
    entries = [entry for entry in matter.entries if _answers_for(entry, region, area)]
    return replace(matter, entries=tuple(entries))


def _answers_for(entry: RouteEntry, region: NodeRef | None, area: NodeRef | None) -> bool:
    if region is not None and region.kind == MUNICIPALITY and entry.holder.kind == MUNICIPALITY:
        return entry.holder.uid == region.uid
    return area is None or not entry.holder_areas or area.uid in entry.holder_areas


# -- alternatives ------------------------------------------------------------------------------
def route_alternatives(matters: Iterable[CoveringMatter], given: dict[str, bool]) -> tuple[Alternative, ...]:
    """The routes the measure may take: per home territory, per assignment of the criteria left open."""
    covering = [matter for matter in matters if matter.covers(given)]
    by_home: dict[tuple[str, ...], list[CoveringMatter]] = {}
    for matter in covering:
        by_home.setdefault(matter.regions, []).append(matter)
    several_homes = len(by_home) > 1
    alternatives: list[Alternative] = []
    for group in by_home.values():
        home = group[0].homes[0] if several_homes and group[0].homes else None
        alternatives.extend(_alternatives_of(group, given, home))
    return tuple(sorted(alternatives, key=_alternative_order))


def _alternatives_of(matters: list[CoveringMatter], given: dict[str, bool],
                     home: NodeRef | None) -> list[Alternative]:
    open_keys = [key for key in CRITERION_KEYS
                 if key not in given and len({matter.criteria.get(key) for matter in matters}) > 1]
    outcomes: dict[tuple[str, ...], list[dict[str, bool]]] = {}
    for values in itertools.product((True, False), repeat=len(open_keys)):
        assignment = dict(zip(open_keys, values))
        applying = tuple(matter.matter.uid for matter in matters if matter.covers(assignment))
        if applying:
            outcomes.setdefault(applying, []).append(assignment)
    by_uid = {matter.matter.uid: matter for matter in matters}
    found = [Alternative(tuple(assignments), home, tuple(by_uid[uid] for uid in applying))
             for applying, assignments in outcomes.items()]
    return [Alternative(_simplified(list(alternative.when), open_keys), home, alternative.matters)
            for alternative in _merged_same_routes(found)]


def _simplified(assignments: list[dict[str, bool]], keys: list[str]) -> tuple[dict[str, bool], ...]:
    """The assignments as few clauses as cover them: (¬p ∧ c) ∨ (¬p ∧ ¬c ∧ o) reads ¬p ∧ c, ¬p ∧ o.

    Prime implicants of the assignments, then a greedy cover in the criteria's order; with at most
    five criteria the search is tiny.
    """
    minterms = [tuple(assignment[key] for key in keys) for assignment in assignments]
    cover = _greedy_cover(_prime_implicants(set(minterms)), minterms)
    return tuple({key: value for key, value in zip(keys, implicant) if value is not None} for implicant in cover)


def _prime_implicants(minterms: set[tuple]) -> list[tuple]:
    """Implicants as tuples of True/False/None (None: either), merged while two differ in one place."""
    current, primes = set(minterms), set()
    while current:
        merged_into: set[tuple] = set()
        following: set[tuple] = set()
        for first, second in itertools.combinations(sorted(current, key=repr), 2):
            differing = [index for index, (a, b) in enumerate(zip(first, second)) if a != b]
            if len(differing) == 1 and None not in (first[differing[0]], second[differing[0]]):
                following.add(first[:differing[0]] + (None,) + first[differing[0] + 1:])
                merged_into.update((first, second))
        primes.update(current - merged_into)
        current = following
    return sorted(primes, key=lambda implicant: (sum(value is not None for value in implicant),
                                                 [value is None for value in implicant], repr(implicant)))


def _greedy_cover(primes: list[tuple], minterms: list[tuple]) -> list[tuple]:
    def covers(implicant: tuple, minterm: tuple) -> bool:
        return all(value is None or value == bit for value, bit in zip(implicant, minterm))

    uncovered, chosen = list(minterms), []
    while uncovered:
        best = max(primes, key=lambda implicant: sum(covers(implicant, minterm) for minterm in uncovered))
        chosen.append(best)
        uncovered = [minterm for minterm in uncovered if not covers(best, minterm)]
    order = {value: index for index, value in enumerate(minterms)}
    return sorted(chosen, key=lambda implicant: min(order[m] for m in minterms if covers(implicant, m)))


def _merged_same_routes(alternatives: list[Alternative]) -> list[Alternative]:
    """Alternatives whose mandates read alike (the documents' one rule kept as two matters) become one."""
    merged: dict[tuple, Alternative] = {}
    for alternative in sorted(alternatives, key=_alternative_order):
        shape = tuple(entry.shape() for entry in alternative.entries)
        known = merged.get(shape)
        if known is None:
            merged[shape] = alternative
        else:
            merged[shape] = Alternative(known.when + alternative.when, known.home, known.matters + alternative.matters)
    return list(merged.values())


def _alternative_order(alternative: Alternative) -> tuple:
    first = min(matter.sort_key() for matter in alternative.matters)
    return (alternative.home.uid if alternative.home else "", *first)
