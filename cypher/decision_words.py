"""How a decision route reads: one line per route, in the order and the words the documents use.

"prepared by RMKS; decided by Hälso- och sjukvårdsförvaltningens ledningsgrupp;
when needed also by Folktandvårdsförvaltningens ledningsgrupp and/or
Socialchefsnätverket" is 002 §10 read back from its mandates: the holders of a
step in rank order, those who always take part first, those who take part
when needed after "also", and an alternative after "or alternatively", with
its condition.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cypher.explain import NodeRef
from graphmodel.vocabulary import MEASURE_CRITERION_BY_KEY

if TYPE_CHECKING:
    from cypher.decision_route import RouteEntry

MUNICIPALITY = "municipality"
_PRIMARY = ("always", "primarily")
# How each part reads before its holders ("anchored in Nätverk för MAS/MAR").
_PART_PHRASES = {
    "prepares": "prepared by", "recommends": "recommended by", "consults": "in consultation with",
    "endorses": "endorsed by", "anchors": "anchored in", "informed": "reported to",
    "implements": "carried out by", "no_mandate": "no mandate:",
}


def joined(words: Sequence[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'."""
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def alternative_condition(when: Iterable[dict[str, bool]], home: NodeRef | None) -> str:
    """'if the measure needs a political decision', 'in Region Dalarna, if it stays within one division'."""
    clauses = [clause for clause in when if clause]
    place = f"in {home.label()}" if home else ""
    if not clauses:
        return place or "in every case"
    condition = "if the measure " + _clauses_words(clauses)
    return f"{place}, {condition}" if place else condition


def _clauses_words(clauses: list[dict[str, bool]]) -> str:
    """What all clauses share said once: 'needs no political decision and adds cost or changes the organisation'."""
    shared = {key: value for key, value in clauses[0].items()
              if all(clause.get(key) == value for clause in clauses[1:])} if len(clauses) > 1 else {}
    rests = [{key: value for key, value in clause.items() if key not in shared} for clause in clauses]
    if shared and all(len(rest) == 1 for rest in rests):
        either = joined([criteria_words(rest) for rest in rests], "or")
        return f"{criteria_words(shared)} and {either}"
    return ", or if it ".join(criteria_words(clause) for clause in clauses)


def criteria_words(clause: dict[str, bool]) -> str:
    """'adds cost and needs no political decision'."""
    words = [MEASURE_CRITERION_BY_KEY[key].yes if value else MEASURE_CRITERION_BY_KEY[key].no
             for key, value in clause.items()]
    return joined(words)


def route_summary(entries: Sequence[RouteEntry], *, one_municipality: bool) -> str:
    """The route as one line: each step's parts in order, the deciders with their qualifiers."""
    groups: dict[tuple, list[RouteEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.step is None, entry.step or 0, entry.part), []).append(entry)
    ordered = sorted(groups.items(), key=lambda item: (item[0][2] == "no_mandate", item[0]))
    return "; ".join(_phrase(part, members, one_municipality) for (_, _, part), members in ordered)


def _phrase(part: str, entries: list[RouteEntry], one_municipality: bool) -> str:
    if part == "decides":
        return _decided(entries, one_municipality)
    needed = all(entry.resolved_qualifier == "when_needed" for entry in entries)
    phrase = f"{_PART_PHRASES.get(part, part + ' by')} {_holders(entries, 'and', one_municipality)}"
    return f"when needed {phrase}" if needed else phrase


def _decided(entries: list[RouteEntry], one_municipality: bool) -> str:
    primary = [entry for entry in entries if entry.resolved_qualifier in _PRIMARY]
    needed = [entry for entry in entries if entry.resolved_qualifier == "when_needed"]
    alternatives = [entry for entry in entries if entry.resolved_qualifier == "alternatively"]
    pieces = []
    if primary:
        pieces.append(f"decided by {_holders(primary, 'and', one_municipality)}")
    if needed:
        also = "; when needed also by" if primary else "decided when needed by"
        pieces.append(f"{also} {_holders(needed, 'and/or', one_municipality)}")
    if alternatives:
        lead = ", or alternatively by" if pieces else "decided by"
        conditions = {entry.condition for entry in alternatives if entry.condition}
        tail = f" {conditions.pop()}" if len(conditions) == 1 else ""
        pieces.append(f"{lead} {_holders(alternatives, 'or', one_municipality)}{tail}")
    return "".join(pieces)


def _holders(entries: list[RouteEntry], conjunction: str, one_municipality: bool) -> str:
    """The holders in rank order; many municipalities as 'each municipality (12)', area bodies each for its own."""
    ranked = sorted(entries, key=lambda entry: (entry.rank is None, entry.rank or 0, entry.holder.label()))
    municipalities = [entry for entry in ranked if entry.holder.kind == MUNICIPALITY]
    others = [entry for entry in ranked if entry.holder.kind != MUNICIPALITY]
    labels = list(dict.fromkeys(entry.holder.label() for entry in others))
    areas = {entry.holder_areas for entry in others if entry.holder_areas}
    each_for_its_area = len(labels) > 1 and len(areas) == len(labels)
    if each_for_its_area:
        labels = [f"{joined(labels, 'or')}, each for its own knowledge area"]
    if len(municipalities) > 1 and not one_municipality:
        labels.append(f"each municipality ({len(municipalities)})")
    else:
        labels.extend(entry.holder.label() for entry in municipalities)
    return joined(labels, conjunction)
