"""What an import would do, worked out without touching the graph.

`planned_records(chart)` turns chart records into the nodes and edges they
mean, with their stored property values; `make_plan()` compares those with
what the graph holds (read in bulk by `load.py`) and decides, record by
record: create, change, leave alone, remove, or stop with a conflict. Both
are pure functions, so the rules about ownership and edits by hand are
tested without a database.

Rules, for a workbook that owns `owner`:
* a record not in the graph is created, owned by `owner`;
* a record owned by `owner` whose `import_hash` is the workbook's
  fingerprint for it is unchanged, without its values being compared
  (unless `force`): the workbook did not change it since it was imported;
* a record owned by `owner` whose stored values still match its
  `import_hash` is updated when the workbook changed it;
* a record whose stored values no longer match its `import_hash` was edited
  by hand: overwriting or removing it is a conflict unless `force`; a
  record the workbook did not change keeps the edit (`force` restores it);
* a record owned by another workbook, or by nobody, that differs from the
  workbook is a conflict unless `force` (which takes it over);
* a record owned by `owner` that the workbook no longer has is removed only
  with `prune`; an edge made from a unit's `region`, `knowledge_area` or
  `established_by` cell is part of that unit's row and is replaced with it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from graphmodel.messages import SWEDISH, Phrase, Words, said, text
from graphmodel.model import edge_properties, kind_info
from importers.chart import MATTER_COLUMNS, Chart
from importers.read import Problem
from importers.validate_chart import UNIT_EDGE_COLUMNS, Located

BOOKKEEPING = ("imported_from", "import_hash")
Values = dict[str, Any]
EdgeKey = tuple


# -- planned records ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlannedNode:
    uid: str
    kind: str
    values: Values
    sheet: str
    index: int
    fingerprint: str


@dataclass(frozen=True)
class PlannedEdge:
    rel_type: str
    source: str
    target: str
    values: Values
    sheet: str
    index: int
    fingerprint: str

    @property
    def key(self) -> EdgeKey:
        return edge_key(self.rel_type, self.source, self.target, self.values)


def edge_key(rel_type: str, source: str, target: str, values: Mapping[str, Any]) -> EdgeKey:
    """What identifies an edge: its ends and type, plus the role and start where several may exist."""
    if rel_type == "MANDATE":
        return (source, rel_type, target)
    if rel_type == "MEMBER_OF":
        return (source, rel_type, target, values.get("role"), values.get("start"))
    return (source, rel_type, target, values.get("start"))


PLAIN_TYPES = frozenset({str, bool, int, float, list, datetime.date})


def clean(values: Mapping[str, Any]) -> Values:
    """Values as stored: no empty ones (the engine drops nulls), lists not tuples, native dates."""
    cleaned = {}
    for key, value in values.items():
        if value is None or value == () or value == []:
            continue
        kind = type(value)
        if kind is tuple:
            value = list(value)
        elif kind not in PLAIN_TYPES and hasattr(value, "to_native"):
            value = value.to_native()
        cleaned[key] = value
    return cleaned


@cache
def node_keys(kind: str) -> tuple[str, ...]:
    """The properties an import sets on a node of this kind (all the model's, but the bookkeeping)."""
    return tuple(key for key in kind_info(kind).properties if key not in BOOKKEEPING)


@cache
def default_level(kind: str) -> str | None:
    return kind_info(kind).default_level


@cache
def edge_keys(rel_type: str) -> tuple[str, ...]:
    return tuple(key for key in edge_properties(rel_type) if key not in BOOKKEEPING)


def fingerprint(sheet: str, values: Mapping[str, Any]) -> str:
    """The `import_hash` of values imported from a sheet: it tells later imports whether someone edited them.

    Built from `repr`, which is stable for the value types a chart holds (text,
    booleans, dates, lists of text) and several times faster than JSON on a
    national-scale import.
    """
    text = repr((sheet, sorted(values.items())))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def planned_records(chart: Chart) -> tuple[list[PlannedNode], list[PlannedEdge]]:
    """The nodes and edges a chart means, in the order of its sheets."""
    return list(planned_nodes(chart)), list(planned_edges(chart))


def planned_nodes(chart: Chart) -> Iterator[PlannedNode]:
    """The chart's units and people as nodes, one at a time, so writing can start before all are planned."""
    yield from planned_unit_nodes(chart)
    yield from planned_person_nodes(chart)


def planned_unit_nodes(chart: Chart) -> Iterator[PlannedNode]:
    for index, unit in enumerate(chart.units):
        level = unit.level or default_level(unit.kind)
        values = dict(uid=unit.id, name=unit.name, kind=unit.kind, level=level, start=unit.start,
                      end=unit.end, code=unit.code, former_names=unit.former_names, name_since=unit.name_since,
                      source=unit.source, note=unit.note, fictional=unit.fictional,
                      **{column: getattr(unit, column) for column in MATTER_COLUMNS})
        yield _node(unit.id, unit.kind, values, "units", index)


def planned_person_nodes(chart: Chart) -> Iterator[PlannedNode]:
    for index, person in enumerate(chart.people):
        values = dict(uid=person.id, name=person.name, kind="person", title=person.title,
                      organisation=person.organisation, email=person.email, phone=person.phone,
                      fictional=person.fictional, source=person.source, note=person.note)
        yield _node(person.id, "person", values, "people", index)


def planned_edges(chart: Chart) -> Iterator[PlannedEdge]:
    """The edges the chart means: from the units' cells, then memberships, relations and mandates."""
    yield from planned_unit_edges(chart)
    yield from planned_sheet_edges(chart)


def planned_unit_edges(chart: Chart) -> Iterator[PlannedEdge]:
    """The edges the units' region, knowledge area and establishing body cells make."""
    for index, unit in enumerate(chart.units):
        for column, rel_type in UNIT_EDGE_COLUMNS.items():
            target = getattr(unit, column)
            if target is not None:
                decision = unit.decision_ref if rel_type == "ESTABLISHED_BY" else None
                edge_values = dict(source=unit.source, decision_ref=decision)
                yield _edge(rel_type, unit.id, target, edge_values, "units", index)


def planned_sheet_edges(chart: Chart) -> Iterator[PlannedEdge]:
    """The edges of the memberships, relations and mandates sheets."""
    for index, member in enumerate(chart.memberships):
        values = dict(role=member.role, represents=member.represents, start=member.start, end=member.end,
                      appointed_by=member.appointed_by, source=member.source, note=member.note)
        yield _edge("MEMBER_OF", member.person, member.unit, values, "memberships", index)
    for index, relation in enumerate(chart.relations):
        values = dict(start=relation.start, end=relation.end, note=relation.note, source=relation.source_document)
        yield _edge(relation.type, relation.source, relation.target, values, "relations", index)
    for index, mandate in enumerate(chart.mandates):
        values = dict(decides=mandate.decides, part=mandate.resolved_part, step=mandate.step,
                      qualifier=mandate.qualifier, rank=mandate.rank, condition=mandate.condition,
                      decision_ref=mandate.decision_ref, decided_on=mandate.decided_on, source=mandate.source)
        yield _edge("MANDATE", mandate.holder, mandate.scope, values, "mandates", index)


def planned_count(chart: Chart) -> int:
    """How many nodes and edges `planned_records` makes of the chart, without making them."""
    unit_edges = sum(1 for unit in chart.units for column in UNIT_EDGE_COLUMNS if getattr(unit, column) is not None)
    return (len(chart.units) + len(chart.people) + unit_edges + len(chart.memberships) + len(chart.relations)
            + len(chart.mandates))


def edge_sources(chart: Chart) -> set[str]:
    """The ids the chart's edges start from, known without planning the edges."""
    sources = {unit.id for unit in chart.units if any(getattr(unit, column) for column in UNIT_EDGE_COLUMNS)}
    sources.update(member.person for member in chart.memberships)
    sources.update(relation.source for relation in chart.relations)
    sources.update(mandate.holder for mandate in chart.mandates)
    return sources


def _node(uid: str, kind: str, values: Values, sheet: str, index: int) -> PlannedNode:
    keys = node_keys(kind)
    stored = clean({key: value for key, value in values.items() if key in keys})
    return PlannedNode(uid, kind, stored, sheet, index, fingerprint(sheet, stored))


def _edge(rel_type: str, source: str, target: str, values: Values, sheet: str, index: int) -> PlannedEdge:
    keys = edge_keys(rel_type)
    stored = clean({key: value for key, value in values.items() if key in keys})
    return PlannedEdge(rel_type, source, target, stored, sheet, index, fingerprint(sheet, stored))


# -- what the graph holds ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredEdge:
    rel_type: str
    source: str
    target: str
    props: Values

    @property
    def key(self) -> EdgeKey:
        return edge_key(self.rel_type, self.source, self.target, clean(self.props))


@dataclass
class StoredState:
    """The graph's records that an import can touch, as read in bulk."""

    nodes: dict[str, Values] = field(default_factory=dict)
    edges: dict[EdgeKey, StoredEdge] = field(default_factory=dict)
    # Per node the plan may remove: how many edges of other owners (or made by hand) touch it.
    foreign_edges: dict[str, int] = field(default_factory=dict)
    # Records the owner holds with the very fingerprint the chart gives them, known unchanged without
    # reading them in full (see `load.read_changed_state`); not in `nodes` or `edges` then.
    unchanged_nodes: set[str] = field(default_factory=set)
    unchanged_edges: set[EdgeKey] = field(default_factory=set)

    def add_edges(self, edges: Iterable[StoredEdge]) -> None:
        for edge in edges:
            self.edges.setdefault(edge.key, edge)

    def kinds(self) -> dict[str, str | None]:
        return {uid: props.get("kind") for uid, props in self.nodes.items()}


def stored_values(props: Mapping[str, Any], keys: Iterable[str]) -> Values:
    return clean({key: props.get(key) for key in keys})


# -- the plan ---------------------------------------------------------------------------------------------
@dataclass
class SheetCounts:
    read: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0


REPLACED_BY_CELL = "replaced by the unit's new cell"


@dataclass(frozen=True)
class Change:
    """One line of the diff: `+` created, `~` changed (with how), `-` removed.

    As a string it is English (the API's diff); `said` says it in the reader's language, from the sheet,
    row and compared values kept beside, and is asked only of the lines a command prints."""

    mark: str
    where: str
    subject: str
    details: str = ""
    needs_prune: bool = False
    sheet_where: str = ""  # the sheet as named to the user; `where` is it with the row
    row: int | None = None
    compared: tuple[Values, Values] | None = None  # a change's values in the graph and in the workbook

    def __str__(self) -> str:
        return f"{self.mark} {self.where}: {self.subject}" + (f" ({self.details})" if self.details else "")

    def said(self, lang: str | None = None) -> str:
        if not self.sheet_where:
            return str(self)
        location = said(self.sheet_where, lang)
        if self.row is not None:
            location = text("import.at_row", lang, where=location, row=self.row)
        details = self._details_said(lang)
        return f"{self.mark} {location}: {self.subject}" + (f" ({details})" if details else "")

    def _details_said(self, lang: str | None) -> str:
        if self.compared is not None:
            return said(differences_said(*self.compared), lang)
        if self.details == REPLACED_BY_CELL:
            return text("import.replaced_by_cell", lang)
        return self.details


@dataclass
class OwnedCounts:
    """How many of the records the plan decided on the owner held before, and will hold after it is written."""

    nodes_before: int = 0
    nodes_after: int = 0
    edges_before: int = 0
    edges_after: int = 0

    def count(self, what: str, *, before: bool, after: bool) -> None:
        if what == "nodes":
            self.nodes_before += before
            self.nodes_after += after
        else:
            self.edges_before += before
            self.edges_after += after


@dataclass
class Plan:
    """Everything the import will write, grouped for batched queries, and why it may not."""

    owner: str
    node_creates: list[tuple[PlannedNode, Values]] = field(default_factory=list)
    node_updates: list[tuple[PlannedNode, Values]] = field(default_factory=list)
    node_removals: list[str] = field(default_factory=list)
    edge_creates: list[tuple[PlannedEdge, Values]] = field(default_factory=list)
    edge_updates: list[tuple[PlannedEdge, Values]] = field(default_factory=list)
    edge_removals: list[StoredEdge] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    kinds: dict[str, SheetCounts] = field(default_factory=dict)
    owned: OwnedCounts = field(default_factory=OwnedCounts)

    @property
    def writes(self) -> int:
        return (len(self.node_creates) + len(self.node_updates) + len(self.node_removals)
                + len(self.edge_creates) + len(self.edge_updates) + len(self.edge_removals))

    def touched_uids(self) -> set[str]:
        """The nodes whose own record or edges this plan writes: what a route index must read again."""
        edges = [(edge.source, edge.target) for edge, _ in self.edge_creates + self.edge_updates]
        edges += [(edge.source, edge.target) for edge in self.edge_removals]
        return ({node.uid for node, _ in self.node_creates + self.node_updates} | set(self.node_removals)
                | {end for ends in edges for end in ends})


CREATED, CHANGED, UNCHANGED, TOUCHED = "created", "changed", "unchanged", "touched"
# A row's outcome is the strongest of its records' (a unit row is its node and the edges its cells make).
OUTCOME_RANK = {UNCHANGED: 0, TOUCHED: 1, CHANGED: 2, CREATED: 3}


class Planner:
    """Decides records' fates as they come, so an import can write while it still plans."""

    def __init__(self, state: StoredState, owner: str, located: Located, *, prune: bool, force: bool) -> None:
        self.state = state
        self.owner = owner
        self.located = located
        self.prune = prune
        self.force = force
        self.plan = Plan(owner)
        self.row_outcomes: dict[tuple[str, int], str] = {}

    # outcomes per spreadsheet row: a unit row is its node and the edges its cells make ------------------
    def outcome(self, sheet: str, index: int, outcome: str) -> None:
        row = (sheet, index)
        current = self.row_outcomes.get(row)
        if current is None or OUTCOME_RANK[outcome] > OUTCOME_RANK[current]:
            self.row_outcomes[row] = outcome

    @contextmanager
    def said_apart(self) -> Iterator[tuple[list[Change], list[Problem]]]:
        """Within the block, the changes and conflicts decided go to lists of their own (yielded), for the
        caller to put into the plan where a plan made in order would have them."""
        changes, conflicts = self.plan.changes, self.plan.conflicts
        self.plan.changes, self.plan.conflicts = [], []
        try:
            yield self.plan.changes, self.plan.conflicts
        finally:
            self.plan.changes, self.plan.conflicts = changes, conflicts

    def conflict(self, sheet: str, index: int | None, subject: str, message: Phrase, *, forceable: bool = True) -> None:
        if forceable:
            message = Phrase("import.forceable", conflict=message)
        if index is None:
            where = self.located.where.get(sheet, sheet)
            self.plan.conflicts.append(Problem(sheet, None, None, subject, message, where))
        else:
            self.plan.conflicts.append(self.located.problem(sheet, index, None, subject, message))

    # one record ------------------------------------------------------------------------------------------
    def decide(self, record: PlannedNode | PlannedEdge, subject: str, stored: Mapping[str, Any] | None,
               keys: tuple[str, ...]) -> str | None:
        """created / changed / touched (bookkeeping only) / unchanged, or None after a conflict."""
        sheet, index, wanted, new_hash = record.sheet, record.index, record.values, record.fingerprint
        if stored is None:
            self.change("+", sheet, index, subject)
            return CREATED
        current = stored_values(stored, keys)
        owned = stored.get("imported_from") == self.owner
        if current == wanted:
            return TOUCHED if owned and stored.get("import_hash") != new_hash else UNCHANGED
        if owned and stored.get("import_hash") != fingerprint(sheet, current):
            if not self.force:
                self.conflict(sheet, index, subject, Phrase("import.edited_in_graph", subject=subject,
                                                            differences=differences_said(current, wanted)))
                return None
        elif not owned and not self.force:
            self.conflict(sheet, index, subject, Phrase("import.exists_and_differs", subject=subject,
                                                        owned_by=_owned_by(stored),
                                                        differences=differences_said(current, wanted)))
            return None
        self.change("~", sheet, index, subject, describe_differences(current, wanted), compared=(current, wanted))
        return CHANGED

    def change(self, mark: str, sheet: str, index: int | None, subject: str, details: str = "", *,
               needs_prune: bool = False, compared: tuple[Values, Values] | None = None) -> None:
        sheet_where = where = self.located.where.get(sheet, sheet)
        row = None if index is None else self.located.row(sheet, index)
        if row is not None:
            where += f" row {row}"
        self.plan.changes.append(Change(mark, where, subject, details, needs_prune, sheet_where, row, compared))

    def nodes(self, planned: list[PlannedNode]) -> None:
        for node in planned:
            if node.uid in self.state.unchanged_nodes:
                self._record_node(node, UNCHANGED, owned=True)
                continue
            stored = self.state.nodes.get(node.uid)
            if stored is not None and stored.get("kind") != node.kind:
                self.conflict(node.sheet, node.index, node.uid,
                              Phrase("import.kind_in_graph", uid=node.uid, stored=stored.get("kind"), kind=node.kind),
                              forceable=False)
                continue
            outcome = self.decide(node, node.uid, stored, node_keys(node.kind))
            self._record_node(node, outcome, owned=self._owns(stored))

    def _owns(self, stored: Mapping[str, Any] | None) -> bool:
        return stored is not None and stored.get("imported_from") == self.owner

    def _count_owned(self, what: str, outcome: str, *, owned: bool) -> None:
        """A record the plan writes is the owner's afterwards; one it leaves alone stays whose it was."""
        self.plan.owned.count(what, before=owned, after=owned or outcome != UNCHANGED)

    def _record_node(self, node: PlannedNode, outcome: str | None, *, owned: bool) -> None:
        if outcome is None:
            return
        self._count_owned("nodes", outcome, owned=owned)
        self.outcome(node.sheet, node.index, outcome)
        self._count_kind(node.kind, outcome)
        row = (node, self._bookkeeping(node))
        if outcome == CREATED:
            self.plan.node_creates.append(row)
        elif outcome in (CHANGED, TOUCHED):
            self.plan.node_updates.append(row)

    def _count_kind(self, kind: str, outcome: str) -> None:
        counts = self.plan.kinds.setdefault(kind, SheetCounts())
        counts.read += 1
        name = UNCHANGED if outcome == TOUCHED else outcome
        setattr(counts, name, getattr(counts, name) + 1)

    def _bookkeeping(self, record: PlannedNode | PlannedEdge) -> Values:
        return {"imported_from": self.owner, "import_hash": record.fingerprint}

    def edges(self, planned: list[PlannedEdge]) -> None:
        unchanged, stored_edges = self.state.unchanged_edges, self.state.edges
        for edge in planned:
            # An edge's key is made on each asking: not at all when there is nothing to look it up in.
            key = edge.key if unchanged or stored_edges else None
            if unchanged and key in unchanged:
                self.outcome(edge.sheet, edge.index, UNCHANGED)
                self._count_owned("edges", UNCHANGED, owned=True)
                continue
            stored = stored_edges.get(key) if stored_edges else None
            props = stored.props if stored is not None else None
            subject = describe_edge(edge.rel_type, edge.source, edge.target)
            outcome = self.decide(edge, subject, props, edge_keys(edge.rel_type))
            if outcome is None:
                continue
            self._count_owned("edges", outcome, owned=self._owns(props))
            # A unit row whose node existed but gains an edge (a new region cell) is changed, not created.
            row_outcome = CHANGED if edge.sheet == "units" and outcome == CREATED else outcome
            self.outcome(edge.sheet, edge.index, row_outcome)
            row = (edge, self._bookkeeping(edge))
            if outcome == CREATED:
                self.plan.edge_creates.append(row)
            elif outcome in (CHANGED, TOUCHED):
                self.plan.edge_updates.append(row)

    # what the workbook no longer has ----------------------------------------------------------------------
    def stale_edges(self, planned: list[PlannedEdge], units: Mapping[str, int]) -> Counter:
        removed: Counter = Counter()
        if not self.state.edges:
            return removed
        wanted = {edge.key for edge in planned}
        for key, edge in self.state.edges.items():
            if key in wanted or edge.props.get("imported_from") != self.owner:
                continue
            sheet = stale_edge_sheet(edge)
            subject = describe_edge(edge.rel_type, edge.source, edge.target)
            if sheet == "units" and edge.source in units:
                self.outcome("units", units[edge.source], CHANGED)
                self.change("-", "units", units[edge.source], subject, REPLACED_BY_CELL)
                self.plan.edge_removals.append(edge)
                self.plan.owned.count("edges", before=True, after=False)
                continue
            if not self._may_remove(sheet, subject, edge.props, edge_keys(edge.rel_type)):
                continue
            self.change("-", sheet, None, subject, needs_prune=True)
            removed[sheet] += 1
            self.plan.owned.count("edges", before=True, after=not self.prune)
            if self.prune:
                self.plan.edge_removals.append(edge)
        return removed

    def stale_nodes(self, planned: list[PlannedNode], edges: list[PlannedEdge]) -> Counter:
        wanted = {node.uid for node in planned}
        removed: Counter = Counter()
        referenced: dict[str, tuple[str, int]] | None = None  # the row of an edge at each end, once asked
        for uid, props in self.state.nodes.items():
            if uid in wanted or props.get("imported_from") != self.owner:
                continue
            sheet = "people" if props.get("kind") == "person" else "units"
            if self.prune and referenced is None:
                referenced = {end: (edge.sheet, edge.index) for edge in edges for end in (edge.source, edge.target)}
            if self.prune and uid in referenced:
                ref_sheet, index = referenced[uid]
                self.conflict(ref_sheet, index, uid, Phrase("import.gone_but_referred", uid=uid), forceable=False)
                continue
            if not self._may_remove(sheet, uid, props, node_keys(props["kind"])):
                continue
            if self.prune and self.state.foreign_edges.get(uid) and not self.force:
                count = self.state.foreign_edges[uid]
                self.conflict(sheet, None, uid, Phrase("import.foreign_relations", uid=uid, count=count,
                                                       owner=self.owner))
                continue
            self.change("-", sheet, None, uid, needs_prune=True)
            removed[sheet] += 1
            self.plan.owned.count("nodes", before=True, after=not self.prune)
            if self.prune:
                self.plan.node_removals.append(uid)
        return removed

    def finish(self, nodes: list[PlannedNode], edges: list[PlannedEdge]) -> Plan:
        """After every node and edge was decided: what the workbook no longer has, and the counts."""
        units = {node.uid: node.index for node in nodes if node.sheet == "units"}
        removed = self.stale_edges(edges, units) + self.stale_nodes(nodes, edges)
        self.plan.counts = _sheet_counts(nodes, edges, self.row_outcomes, removed)
        return self.plan

    def _may_remove(self, sheet: str, subject: str, props: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
        edited = props.get("import_hash") != fingerprint(sheet, stored_values(props, keys))
        if self.prune and edited and not self.force:
            self.conflict(sheet, None, subject, Phrase("import.gone_but_edited", subject=subject))
            return False
        return True


def stale_edge_sheet(edge: StoredEdge) -> str:
    """The sheet an edge the workbook no longer has came from, judged by its type and fingerprint."""
    if edge.rel_type == "MEMBER_OF":
        return "memberships"
    if edge.rel_type == "MANDATE":
        return "mandates"
    values = stored_values(edge.props, edge_keys(edge.rel_type))
    if edge.rel_type in UNIT_EDGE_COLUMNS.values() and edge.props.get("import_hash") == fingerprint("units", values):
        return "units"
    return "relations"


def describe_edge(rel_type: str, source: str, target: str) -> str:
    return f"{source} -{rel_type}-> {target}"


def describe_differences(current: Values, wanted: Values, limit: int = 3) -> str:
    """How a record changes, for the diff: title: graph 'Läkare', workbook 'Överläkare'."""
    keys = _differing(current, wanted)
    shown = [f"{key}: graph {_shown(current.get(key))}, workbook {_shown(wanted.get(key))}" for key in keys[:limit]]
    more = f"; and {len(keys) - limit} more" if len(keys) > limit else ""
    return "; ".join(shown) + more


def differences_said(current: Values, wanted: Values, limit: int = 3) -> Words:
    """`describe_differences` for a conflict, which is said in the reader's language: made only for a conflict,
    while the diff's lines (one per changed record) stay plain text."""
    keys = _differing(current, wanted)
    shown = [Phrase("import.difference", property=key, graph=_shown_said(current.get(key)),
                    workbook=_shown_said(wanted.get(key))) for key in keys[:limit]]
    more = Phrase("import.more_differences", count=len(keys) - limit) if len(keys) > limit else Words("", "")
    return Words("; ".join(map(str, shown)) + str(more),
                 "; ".join(phrase.said(SWEDISH) for phrase in shown) + more.said(SWEDISH))


def _differing(current: Values, wanted: Values) -> list[str]:
    return [key for key in sorted(set(current) | set(wanted)) if current.get(key) != wanted.get(key)]


def _shown(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value)


def _shown_said(value: object) -> object:
    return Phrase("import.empty_value") if value is None else _shown(value)


def _owned_by(props: Mapping[str, Any]) -> Phrase:
    owner = props.get("imported_from")
    return Phrase("import.owned_by", owner=owner) if owner else Phrase("import.made_by_hand")


def make_plan(nodes: list[PlannedNode], edges: list[PlannedEdge], state: StoredState, *, owner: str,
              prune: bool = False, force: bool = False, located: Located = Located()) -> Plan:
    """Decide every record's fate; conflicts are listed in the plan, which must then not be written."""
    planner = Planner(state, owner, located, prune=prune, force=force)
    planner.nodes(nodes)
    planner.edges(edges)
    return planner.finish(nodes, edges)


def _sheet_counts(nodes: list[PlannedNode], edges: list[PlannedEdge], outcomes: Mapping[tuple[str, int], str],
                  removed: Counter) -> dict[str, SheetCounts]:
    counts = {sheet: SheetCounts() for sheet in ("units", "people", "memberships", "relations", "mandates")}
    rows = {(record.sheet, record.index) for record in [*nodes, *edges]}
    for sheet, index in rows:
        sheet_counts = counts[sheet]
        sheet_counts.read += 1
        outcome = outcomes.get((sheet, index))
        if outcome is None:
            continue
        name = UNCHANGED if outcome == TOUCHED else outcome
        setattr(sheet_counts, name, getattr(sheet_counts, name) + 1)
    for sheet, number in removed.items():
        counts[sheet].removed += number
    return counts
