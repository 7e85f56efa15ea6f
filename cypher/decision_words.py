"""How a decision route reads: one line per route, in the order and the words the documents use.

"prepared by RMKS; decided by Hälso- och sjukvårdsförvaltningens ledningsgrupp;
when needed also by Folktandvårdsförvaltningens ledningsgrupp and/or
Socialchefsnätverket" is 002 §10 read back from its mandates: the holders of a
step in rank order, those who always take part first, those who take part
when needed after "also", and an alternative after "or alternatively", with
its condition. The words are the message catalogue's (`decision.*`), in the
language of the request or command ("bereds av RMKS; beslutas av ...").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cypher.explain import NodeRef
from graphmodel.messages import SWEDISH, current_language, joined, text
from graphmodel.vocabulary import MEASURE_CRITERION_BY_KEY

if TYPE_CHECKING:
    from cypher.decision_route import RouteEntry

MUNICIPALITY = "municipality"
_PRIMARY = ("always", "primarily")
# How each part reads before its holders ("anchored in Nätverk för MAS/MAR"): `decision.part.<part>`.
_PART_PHRASES = ("prepares", "recommends", "consults", "endorses", "anchors", "informed", "implements", "no_mandate")
# The conjunctions a list of holders or criteria takes, by the catalogue's key.
AND, OR, AND_OR = "words.and", "words.or", "words.and_or"


def alternative_condition(when: Iterable[dict[str, bool]], home: NodeRef | None) -> str:
    """'if the measure needs a political decision', 'in Region Dalarna, if it stays within one division'."""
    clauses = [clause for clause in when if clause]
    place = text("decision.in", place=home.label()) if home else ""
    if not clauses:
        return place or text("decision.every_case")
    condition = text("decision.if", clauses=_clauses_words(clauses))
    return f"{place}, {condition}" if place else condition


def _clauses_words(clauses: list[dict[str, bool]]) -> str:
    """What all clauses share said once: 'needs no political decision and adds cost or changes the organisation'."""
    shared = {key: value for key, value in clauses[0].items()
              if all(clause.get(key) == value for clause in clauses[1:])} if len(clauses) > 1 else {}
    rests = [{key: value for key, value in clause.items() if key not in shared} for clause in clauses]
    if shared and all(len(rest) == 1 for rest in rests):
        either = joined([criteria_words(rest) for rest in rests], OR)
        return f"{criteria_words(shared)} {text(AND)} {either}"
    return text("decision.or_if").join(criteria_words(clause) for clause in clauses)


def criteria_words(clause: dict[str, bool]) -> str:
    """'adds cost and needs no political decision'."""
    return joined([criterion_words(key, value) for key, value in clause.items()])


def criterion_words(key: str, value: bool) -> str:
    """'adds cost', 'inte medför ökade kostnader': a criterion answered yes or no, in the current language."""
    criterion = MEASURE_CRITERION_BY_KEY[key]
    if current_language() == SWEDISH:
        return criterion.sv_yes if value else criterion.sv_no
    return criterion.yes if value else criterion.no


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
    lead = text(f"decision.part.{part}") if part in _PART_PHRASES else text("decision.part.other", part=part)
    phrase = f"{lead} {_holders(entries, AND, one_municipality)}"
    return text("decision.when_needed", phrase=phrase) if needed else phrase


def _decided(entries: list[RouteEntry], one_municipality: bool) -> str:
    primary = [entry for entry in entries if entry.resolved_qualifier in _PRIMARY]
    needed = [entry for entry in entries if entry.resolved_qualifier == "when_needed"]
    alternatives = [entry for entry in entries if entry.resolved_qualifier == "alternatively"]
    pieces = []
    if primary:
        pieces.append(text("decision.decided", holders=_holders(primary, AND, one_municipality)))
    if needed:
        also = "decision.also_when_needed" if primary else "decision.decided_when_needed"
        pieces.append(text(also, holders=_holders(needed, AND_OR, one_municipality)))
    if alternatives:
        lead = "decision.or_alternatively" if pieces else "decision.decided"
        conditions = {entry.condition for entry in alternatives if entry.condition}
        # The condition is the document's own words, quoted as they stand.
        tail = f" {conditions.pop()}" if len(conditions) == 1 else ""
        pieces.append(text(lead, holders=_holders(alternatives, OR, one_municipality)) + tail)
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
        labels = [text("decision.each_for_its_area", holders=joined(labels, OR))]
    if len(municipalities) > 1 and not one_municipality:
        labels.append(text("decision.each_municipality", count=len(municipalities)))
    else:
        labels.extend(entry.holder.label() for entry in municipalities)
    return joined(labels, conjunction)
