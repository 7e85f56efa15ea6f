"""Names where ids are expected: a reference cell may name its node instead of giving the id.

People write "Psykisk hälsa", "Gällivare" or "Region Örebro län" where a chart
asks for `knowledge-area:psykisk-halsa`, `municipality:2523` or `region:18`.
In every reference column (units.region, knowledge_area, established_by;
memberships.person, unit, represents (each item), appointed_by;
relations.source, target; mandates.holder, scope) a value that is no id of the
workbook or the graph is read as a name: exact, case-insensitive, runs of
spaces counting as one, a municipality also as "<name> kommun". It resolves
when it names exactly one node of the kinds the column takes (a knowledge_area
column wants a knowledge area, not the NPO or LPO of the same name), among the
workbook's units and people and the graph's nodes. The record then holds the
id, so a re-import is stable, and a note says how the name was read. A name of
several nodes is a problem listing their ids; a name of nothing stays the
"neither in this workbook nor in the graph" problem, with close names when the
workbook or the graph has some.

`people.organisation` is free text (an employer may be outside the graph) and is
not resolved here; the contact path reads municipality names there itself.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graphmodel.messages import Phrase, Words
from graphmodel.model import BODY_KINDS, ENTITY_LABEL, TERRITORY_KINDS
from graphmodel.place_names import MUNICIPALITY_WORD, municipality_name, places_named_by
from importers.chart import LIST_SEPARATOR, Chart
from importers.read import Problem
from importers.validate_chart import Located, kinds_with_relation, target_kinds
from importers.words import comma_listed, kind_name, kind_names

if TYPE_CHECKING:
    from graphmodel.engine import Graph

MUNICIPALITY = "municipality"
MUNICIPALITY_SUFFIX = f" {MUNICIPALITY_WORD}"
CLOSE_NAMES = 3
CLOSE_CUTOFF = 0.8
SHOWN_CANDIDATES = 12
# Close names are looked for in the first this many cells that name nothing (a workbook of typos stays fast).
MAX_SUGGESTED_CELLS = 50
# ... and only while cells x names compared stays below this (a name costs some microseconds to compare).
MAX_COMPARISONS = 200_000
# One query for all the names of a workbook: the values go in as a parameter, never into the text.
NAMES_QUERY = (f"MATCH (n:{ENTITY_LABEL}) WHERE n.name IS NOT NULL AND toLower(n.name) IN $names "
               "RETURN n.uid AS uid, n.kind AS kind, n.name AS name")
# Close names for values that name nothing: names that hold one of the values' words.
CLOSE_QUERY = (f"MATCH (n:{ENTITY_LABEL}) WHERE n.name IS NOT NULL AND n.kind IN $kinds "
               "RETURN n.uid AS uid, n.kind AS kind, n.name AS name")

CellKey = tuple[str, int, str, str]  # sheet, record index, column, value


def fold(text: str) -> str:
    """A name as compared: case folded, runs of white space as one space, no space at either end."""
    return " ".join(text.split()).casefold()


def _lower(text: str) -> str:
    """A name as the engine's toLower() gives it (for the query's parameter)."""
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class Named:
    """A node a name may stand for."""

    uid: str
    kind: str | None
    name: str

    def shown(self) -> Words:
        """The node as a message lists it: its name quoted as each language quotes, and its id."""
        return Words(f"'{self.name}' {self.uid}", f"”{self.name}” {self.uid}")


class NameIndex:
    """Nodes by folded name; a municipality also under "<name> kommun" and its own name ("Falu kommun")."""

    def __init__(self, nodes: Iterable[Named] = ()) -> None:
        self._by_name: dict[str, dict[str, Named]] = {}
        for node in nodes:
            self.add(node)

    def __len__(self) -> int:
        return len(self._by_name)

    def add(self, node: Named) -> None:
        keys = {fold(node.name)}
        if node.kind == MUNICIPALITY:
            keys.update((fold(node.name + MUNICIPALITY_SUFFIX), fold(municipality_name(node.name))))
        for key in keys:
            self._by_name.setdefault(key, {}).setdefault(node.uid, node)

    def named(self, value: str, kinds: frozenset[str] | None = None) -> list[Named]:
        """The nodes `value` names, of `kinds` (None: any), sorted by id."""
        found = self._by_name.get(fold(value), {}).values()
        return sorted((node for node in found if _fits(node, kinds)), key=lambda node: node.uid)

    def close(self, value: str, kinds: frozenset[str] | None = None) -> list[Named]:
        """Nodes of `kinds` whose names are close to `value` (a misspelling, a word left out)."""
        folded = fold(value)
        names = [key for key, nodes in self._by_name.items() if any(_fits(node, kinds) for node in nodes.values())]
        close = difflib.get_close_matches(folded, names, n=CLOSE_NAMES, cutoff=CLOSE_CUTOFF)
        if not close and len(folded) >= 4:
            close = sorted(name for name in names if folded in name.split() or name.startswith(folded + " ")
                           or name.endswith(" " + folded))[:CLOSE_NAMES]
        found: dict[str, Named] = {}
        for name in close:
            for node in self._by_name[name].values():
                if _fits(node, kinds):
                    found.setdefault(node.uid, node)
        return list(found.values())[:CLOSE_NAMES]


def _fits(node: Named, kinds: frozenset[str] | None) -> bool:
    return kinds is None or node.kind is None or node.kind in kinds


def names_to_look_up(values: Iterable[str]) -> list[str]:
    """The lower-cased names to ask the graph for: each value, and the places a municipality's name may
    stand for ("lindesbergs kommun": lindesbergs, lindesberg; "falu kommun": falu, falun)."""
    asked = set()
    for value in values:
        lowered = _lower(value)
        if not lowered:
            continue
        asked.add(lowered)
        asked.update(_lower(place) for place in places_named_by(" ".join(value.split())))
    return sorted(asked)


def graph_names(graph: Graph, values: Iterable[str]) -> list[Named]:
    """The graph's nodes named by any of `values`: one query, the names as its parameter."""
    names = names_to_look_up(values)
    if not names:
        return []
    return [Named(row["uid"], row["kind"], row["name"]) for row in graph.read(NAMES_QUERY, names=names)]


def graph_close_names(graph: Graph, kinds: Iterable[str]) -> list[Named]:
    """The names of the graph's nodes of `kinds` (bounded kinds only: no people), for suggestions."""
    wanted = sorted(set(kinds))
    if not wanted:
        return []
    return [Named(row["uid"], row["kind"], row["name"]) for row in graph.read(CLOSE_QUERY, kinds=wanted)]


# -- which cells are references, and of which kinds ------------------------------------------------------------
@dataclass(frozen=True)
class Reference:
    """One reference cell of a record (one item of a list cell)."""

    sheet: str
    index: int
    column: str
    value: str
    kinds: frozenset[str] | None
    item: int | None = None  # the position in a list cell


def references(chart: Chart) -> Iterator[Reference]:
    territories, bodies = frozenset(TERRITORY_KINDS), frozenset(BODY_KINDS)
    for index, unit in enumerate(chart.units):
        yield from _cell("units", index, "region", unit.region, territories)
        yield from _cell("units", index, "knowledge_area", unit.knowledge_area, target_kinds("COVERS"))
        yield from _cell("units", index, "established_by", unit.established_by, None)
    for index, member in enumerate(chart.memberships):
        yield from _cell("memberships", index, "person", member.person, kinds_with_relation("MEMBER_OF"))
        yield from _cell("memberships", index, "unit", member.unit, bodies)
        for item, represented in enumerate(member.represents):
            yield Reference("memberships", index, "represents", represented, None, item)
        yield from _cell("memberships", index, "appointed_by", member.appointed_by, None)
    for index, relation in enumerate(chart.relations):
        yield from _cell("relations", index, "source", relation.source, kinds_with_relation(relation.type))
        yield from _cell("relations", index, "target", relation.target, target_kinds(relation.type))
    for index, mandate in enumerate(chart.mandates):
        yield from _cell("mandates", index, "holder", mandate.holder, kinds_with_relation("MANDATE"))
        yield from _cell("mandates", index, "scope", mandate.scope, target_kinds("MANDATE"))


def reference_values(chart: Chart) -> Iterator[str]:
    """The values of `references(chart)`, without making a `Reference` of each (a national chart has 100,000)."""
    for unit in chart.units:
        yield from _present(unit.region, unit.knowledge_area, unit.established_by)
    for member in chart.memberships:
        yield from _present(member.person, member.unit, *member.represents, member.appointed_by)
    for relation in chart.relations:
        yield from _present(relation.source, relation.target)
    for mandate in chart.mandates:
        yield from _present(mandate.holder, mandate.scope)


def _present(*values: str | None) -> Iterator[str]:
    return (value for value in values if value is not None)


def _cell(sheet: str, index: int, column: str, value: str | None,
          kinds: frozenset[str] | None) -> Iterator[Reference]:
    if value is not None:
        yield Reference(sheet, index, column, value, kinds or None)


def workbook_nodes(chart: Chart) -> list[Named]:
    return [*(Named(unit.id, unit.kind, unit.name) for unit in chart.units),
            *(Named(person.id, "person", person.name) for person in chart.people)]


# -- resolving --------------------------------------------------------------------------------------------------
@dataclass
class Resolution:
    """The chart with names replaced by ids, how each was read, and what to say where a name did not resolve."""

    chart: Chart
    notes: list[Problem] = field(default_factory=list)
    messages: dict[CellKey, Phrase] = field(default_factory=dict)
    kinds: dict[str, str | None] = field(default_factory=dict)  # graph nodes found by name


def unresolved_values(chart: Chart, ids: Mapping[str, object] | set[str]) -> list[str]:
    """Reference values that are no id of the workbook or the graph: the names to look up."""
    return sorted({value for value in reference_values(chart) if value not in ids})


def resolve_names(chart: Chart, located: Located, ids: Mapping[str, object] | set[str], index: NameIndex,
                  graph_kinds: Mapping[str, str | None] = {}) -> Resolution:
    """Replace each reference that is a name of exactly one fitting node by its id.

    `ids` are the ids the workbook declares and those the graph has; a value among them stays as it is.
    `index` holds the workbook's and the graph's named nodes; `graph_kinds` the kinds of the graph's.
    """
    resolution = Resolution(chart)
    replaced: dict[tuple[str, int], dict[str, object]] = {}
    suggestions_left = min(MAX_SUGGESTED_CELLS, MAX_COMPARISONS // max(1, len(index)))
    for reference in references(chart):
        if reference.value in ids:
            continue
        found = index.named(reference.value, reference.kinds)
        key = (reference.sheet, reference.index, reference.column, reference.value)
        if len(found) == 1:
            uid = found[0].uid
            _replace(replaced, chart, reference, uid)
            resolution.notes.append(located.problem(reference.sheet, reference.index, reference.column,
                                                    reference.value,
                                                    Phrase("import.name_read_as", column=reference.column,
                                                           value=reference.value, uid=uid)))
            if uid in graph_kinds:
                resolution.kinds[uid] = graph_kinds[uid]
        elif found:
            resolution.messages[key] = _ambiguous(reference.value, found)
        elif other := index.named(reference.value):
            resolution.messages[key] = _wrong_kind(reference, other)
        elif LIST_SEPARATOR in reference.value:
            resolution.messages[key] = Phrase("import.separator_and_no_name", value=reference.value,
                                              separator=LIST_SEPARATOR)
        elif suggestions_left > 0:
            suggestions_left -= 1
            if close := index.close(reference.value, reference.kinds):
                resolution.messages[key] = Phrase("import.dangling_close", value=reference.value,
                                                  close=comma_listed(node.shown() for node in close))
    resolution.chart = _rebuilt(chart, replaced)
    return resolution


def _replace(replaced: dict, chart: Chart, reference: Reference, uid: str) -> None:
    changes = replaced.setdefault((reference.sheet, reference.index), {})
    if reference.item is None:
        changes[reference.column] = uid
    else:
        record = getattr(chart, reference.sheet)[reference.index]
        items = list(changes.get(reference.column, getattr(record, reference.column)))
        items[reference.item] = uid
        changes[reference.column] = tuple(items)


def _rebuilt(chart: Chart, replaced: dict[tuple[str, int], dict[str, object]]) -> Chart:
    if not replaced:
        return chart
    rebuilt = Chart(**{sheet: list(getattr(chart, sheet)) for sheet in
                       ("units", "people", "memberships", "relations", "mandates")})
    for (sheet, index), changes in replaced.items():
        records = getattr(rebuilt, sheet)
        records[index] = dataclasses.replace(records[index], **changes)
    return rebuilt


def _ambiguous(value: str, found: list[Named]) -> Phrase:
    shown = ", ".join(node.uid for node in found[:SHOWN_CANDIDATES])
    more = Phrase("import.and_more", count=len(found) - SHOWN_CANDIDATES) if len(found) > SHOWN_CANDIDATES else ""
    return Phrase("import.name_of_several", value=value, count=len(found), shown=shown, more=more)


def _wrong_kind(reference: Reference, other: list[Named]) -> Phrase:
    wanted = kind_names(reference.kinds or frozenset())
    shown = comma_listed(_kind_and_id(node) for node in other[:SHOWN_CANDIDATES])
    return Phrase("import.name_of_other_kind", value=reference.value, wanted=wanted, shown=shown)


def _kind_and_id(node: Named) -> Words:
    """'a municipality (municipality:1880)' / 'kommun (municipality:1880)'."""
    name = kind_name(node.kind, article=True)
    return Words(f"{name.english} ({node.uid})", f"{name.swedish} ({node.uid})")
