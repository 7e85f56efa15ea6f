"""The contact path: by which groups and people a programme area's guidance reaches a target.

The route follows `graphmodel.routing`: first down the programme structure
(descent), then out through the people who carry information (carrier).
Among the groups the descent reaches, the one furthest down the reporting
structure is tried first (a LAG before its LPO, an LPO before its RPO), so
the route is the documents' one: NPO → RPO → LPO → LAG → municipal
representative → V&F contact person → network → key person → municipality.

Only edges and groups valid on the date count. When no carrier route
exists, the answer says what is missing (an ended membership, a group that
does not exist) and offers the fallback route through the people the
documents name for that case, marked as such. When nothing reaches the
target, it says why. The fallback ties lead into every region (an NPO's
members come from all of them), so that search goes from both ends and
forward only where a cheapest route can pass (`_Search.cheapest`): its work
follows the route, and a target nothing reaches is known as soon as the
backward search runs dry.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cypher.explain import Hop, NodeRef, role_words
from cypher.params import UnknownId
from cypher.route_index import RouteEdge, RouteIndex, Step
from graphmodel.messages import said, text
from graphmodel.model import EDGE_CLASSES, NODE_CLASSES
from graphmodel.routing import (
    CARRIER, DESCENT, FALLBACK, FALLBACK_NOTE, FALLBACK_NOTES, FLOWS, INFERRED_EXTRA_COST, KEY_PERSON_ROLE,
    NOT_ON_ROUTES, SPEAKING_ROLES, Flow, carries,
)

# A fallback tie costs more than a documented one, so a route uses as few as it can.
STAGE_COST = {DESCENT: 1.0, CARRIER: 1.0, FALLBACK: 3.0}
# Across a knowledge area costs more than the longest mirror-and-report descent (NPO → RPO → LPO → LAG),
# so it is taken only where no such tie leads.
COVERS_COST = 4.0
# Upward ties that say how far down the programme structure a group sits.
UPWARD = ("MIRRORS", "REPORTS_TO")
# Document 003 (the municipal representative's assignment and its V&F contact person) is Region Örebro län's.
ORIGIN_OF_003 = "region:18"
TERRITORIES_WITH_MUNICIPALITIES = {"county": ("LOCATED_IN",), "healthcare_region": ("LOCATED_IN",),
                                   "region": ("SERVES", "LOCATED_IN")}


class PathError(ValueError):
    """A path question that cannot be asked: unknown id, or an option that names nothing."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class PathOptions:
    at: datetime.date
    exclude_kinds: frozenset[str] = frozenset()
    exclude_edges: frozenset[str] = frozenset()


@dataclass
class Route:
    target: NodeRef
    hops: list[Hop] = field(default_factory=list)
    found: bool = False
    fallback: bool = False
    reasons: list[str] = field(default_factory=list)

    def people(self) -> list[str]:
        seen = [hop.destination for hop in self.hops if hop.destination.kind == "person"]
        return list(dict.fromkeys(node.name for node in seen))

    def as_json(self) -> dict[str, Any]:
        return {"to": self.target.as_json(), "found": self.found, "fallback": self.fallback,
                "hops": [hop.as_json() for hop in self.hops], "people": self.people(),
                "reasons": self.reasons}


@dataclass
class PathAnswer:
    source: NodeRef
    at: datetime.date
    routes: list[Route]
    excluded_kinds: tuple[str, ...] = ()
    excluded_edges: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"from": self.source.as_json(), "at": self.at.isoformat(),
                "excluded_kinds": list(self.excluded_kinds), "excluded_edges": list(self.excluded_edges),
                "routes": [route.as_json() for route in self.routes]}


# -- the search -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Arrival:
    """How the search reached a node: from where, along which edge and flow."""

    previous: str | None
    edge: RouteEdge | None = None
    flow: Flow | None = None


# Costs are sums of a few fixed figures (1, 3, 4, 0.01): summed in another order they may differ by rounding,
# never by this much.
_COST_TOLERANCE = 1e-9


@dataclass(frozen=True)
class _Bound:
    """What a search from both ends proved: the cheapest route's `cost`, the exact rest of the way to the
    target from each node the backward search settled, and a floor (`beyond`) for every other node."""

    cost: float
    rest: dict[str, float]
    beyond: float

    def admits(self, uid: str, cost_so_far: float) -> bool:
        """Whether an arrival at `uid` for `cost_so_far` can lie on a cheapest route."""
        return cost_so_far + self.rest.get(uid, self.beyond) <= self.cost + _COST_TOLERANCE


class _Frontier:
    """One end of a search from both ends: tentative costs, the queue, and the nodes settled."""

    def __init__(self, starts: dict[str, float]) -> None:
        self.cost = dict(starts)
        self.queue = [(start_cost, uid) for uid, start_cost in starts.items()]
        heapq.heapify(self.queue)
        self.settled: dict[str, float] = {}

    def exhausted(self) -> bool:
        self._drop_settled()
        return not self.queue

    def top(self) -> float:
        self._drop_settled()
        return self.queue[0][0]

    def pop(self) -> tuple[str, float]:
        self._drop_settled()
        here_cost, here = heapq.heappop(self.queue)
        self.settled[here] = here_cost
        return here, here_cost

    def offer(self, uid: str, uid_cost: float) -> bool:
        """Queue `uid` at `uid_cost` if that is cheaper than known; whether it was."""
        if uid in self.settled or uid_cost >= self.cost.get(uid, float("inf")):
            return False
        self.cost[uid] = uid_cost
        heapq.heappush(self.queue, (uid_cost, uid))
        return True

    def _drop_settled(self) -> None:
        while self.queue and self.queue[0][1] in self.settled:
            heapq.heappop(self.queue)


class _Search:
    def __init__(self, index: RouteIndex, options: PathOptions, territories: frozenset[str] | None = None) -> None:
        self.index = index
        self.options = options
        # Where the descent may go: groups of these organisations and those of none (None: anywhere).
        self.territories = territories
        # Edges the date ruled out, in the order met (a dict as an ordered set), to explain a missing route.
        self.blocked: dict[RouteEdge, None] = {}

    def passable(self, uid: str, target: str) -> bool:
        node = self.index.nodes.get(uid)
        if node is None or node.kind in NOT_ON_ROUTES:
            return False
        if uid != target and node.kind in self.options.exclude_kinds:
            return False
        return node.exists_on(self.options.at)

    def usable(self, step_edge: RouteEdge) -> bool:
        if step_edge.type in self.options.exclude_edges:
            return False
        if not step_edge.holds_on(self.options.at):
            self.blocked[step_edge] = None
            return False
        return True

    def run(self, starts: dict[str, float], stages: Iterable[str], target: str | None,
            arrived: dict[str, _Arrival] | None = None, within: set[str] | None = None,
            bound: _Bound | None = None) -> tuple[dict[str, float], dict[str, _Arrival]]:
        """Cheapest arrivals from `starts` over the flows of `stages` (Dijkstra), stopping at `target`.

        `arrived` tells how some starts were themselves reached, so their hops are part of the answer.
        `within`, when given, is every node the search may enter (those known to lead to the target).
        `bound`, when given, rules out every arrival too dear to be on a cheapest route to the target.

        Ties are settled by the queue's order: at equal cost the node queued first is taken first (starts
        in the order of their ids), and a node keeps the first arrival that reached it at its cost."""
        positions = [position for position, flow in enumerate(FLOWS) if flow.stage in stages]
        if bound is not None:
            starts = {uid: start_cost for uid, start_cost in starts.items() if bound.admits(uid, start_cost)}
        cost = dict(starts)
        arrivals = {uid: _Arrival(None) for uid in starts} | (arrived or {})
        queue = [(start_cost, order, uid) for order, (uid, start_cost) in enumerate(sorted(starts.items()))]
        heapq.heapify(queue)
        order = len(queue)
        done: set[str] = set()
        while queue:
            here_cost, _, here = heapq.heappop(queue)
            if here in done:
                continue
            done.add(here)
            if here == target:
                break
            for position in positions:
                for step in self.steps(position, here):
                    if step.to in done or (within is not None and step.to not in within) \
                            or not self._may_take(step, target or ""):
                        continue
                    next_cost = here_cost + self._cost(step)
                    if bound is not None and not bound.admits(step.to, next_cost):
                        continue
                    if next_cost < cost.get(step.to, float("inf")):
                        cost[step.to] = next_cost
                        arrivals[step.to] = _Arrival(here, step.edge, step.flow)
                        order += 1
                        heapq.heappush(queue, (next_cost, order, step.to))
        return cost, arrivals

    def cheapest(self, starts: dict[str, float], stages: Iterable[str],
                 target: str) -> tuple[dict[str, float], dict[str, _Arrival]]:
        """What `run(starts, stages, target)` finds, searched only where a cheapest route to `target` can pass.

        A search from the target backwards meets one from the starts (`_bound`); the forward search is then
        run again, ruling out each arrival that costs more than the cheapest route with the rest of its way
        to the target. The arrivals it keeps are met in the same order as an unbounded search meets them,
        so ties fall the same way and the answer is the same, while the work follows the route: the
        target's surroundings and the groups near it, not every group the fallback ties lead to."""
        stages = tuple(stages)
        bound = self._bound(starts, stages, target)
        if bound is None:
            return {}, {}
        return self.run(starts, stages, target, bound=bound)

    def _bound(self, starts: dict[str, float], stages: tuple[str, ...], target: str) -> _Bound | None:
        """The cheapest route's cost and what the backward search learnt, by a search from both ends
        (None: no route). It stops when the two frontiers together cost at least the best meeting."""
        if not self.passable(target, target):
            return None
        positions = [position for position, flow in enumerate(FLOWS) if flow.stage in stages]
        ahead, behind = _Frontier(starts), _Frontier({target: 0.0})
        best = starts.get(target, float("inf"))
        while not ahead.exhausted() and not behind.exhausted():
            if ahead.top() + behind.top() >= best:
                break
            # The side with the shorter queue goes on: where one end is a dead end (no route), it is
            # exhausted before the other has grown, and the search stops there.
            forward = len(ahead.queue) < len(behind.queue)
            side, other = (ahead, behind) if forward else (behind, ahead)
            here, here_cost = side.pop()
            leads = self._steps_ahead(positions, here, target) if forward \
                else self._steps_behind(positions, here, target, starts)
            for to, step_cost in leads:
                to_cost = here_cost + step_cost
                if side.offer(to, to_cost) and to in other.cost:
                    best = min(best, to_cost + other.cost[to])
        if best == float("inf"):
            return None
        return _Bound(best, behind.settled, float("inf") if behind.exhausted() else behind.top())

    def _steps_ahead(self, positions: list[int], here: str, target: str) -> Iterable[tuple[str, float]]:
        """Where `run` may step from `here`, and at what cost."""
        if here == target:
            return
        for position in positions:
            for step in self.steps(position, here):
                if self._may_take(step, target):
                    yield step.to, self._cost(step)

    def _steps_behind(self, positions: list[int], here: str, target: str,
                      starts: dict[str, float]) -> Iterable[tuple[str, float]]:
        """Whence `run` may step to `here`, and at what cost: the same steps as `_steps_ahead`, seen from
        their far end. A node the search may not enter is still a way in when it is a start."""
        if here != target and not self.passable(here, target):
            return  # a start the search may leave but not pass through
        for position in positions:
            flow = FLOWS[position]
            if flow.into_target and here != target:
                continue
            if flow.stage == DESCENT and self.territories is not None \
                    and not self.index.belongs_within(here, self.territories):
                continue
            for step in self.index.steps_into(position, here):
                came_from = step.to
                if came_from == target or not self.usable(step.edge):
                    continue
                if came_from in starts or self.passable(came_from, target):
                    yield came_from, self._cost(step)

    def reaching(self, target: str, stages: Iterable[str]) -> set[str]:
        """Every node from which the flows of `stages` lead to `target` on the date (searched backwards).

        The carriers around a target are few, so the forward search need only start from the groups
        found here, not from every group the descent reached."""
        positions = [position for position, flow in enumerate(FLOWS) if flow.stage in stages]
        found, frontier = {target}, [target]
        while frontier:
            here = frontier.pop()
            for position in positions:
                for step in self.index.steps_into(position, here):
                    if step.to in found or (step.flow.into_target and here != target):
                        continue
                    if self.passable(step.to, target) and self.usable(step.edge):
                        found.add(step.to)
                        frontier.append(step.to)
        return found

    def steps(self, position: int, here: str) -> list[Step]:
        if self.territories is None or FLOWS[position].stage != DESCENT:
            return self.index.steps(position, here)
        return self.index.steps_within(position, here, self.territories)

    def _may_take(self, step: Step, target: str) -> bool:
        if step.flow.into_target and step.to != target:
            return False
        return self.passable(step.to, target) and self.usable(step.edge)

    def _cost(self, step: Step) -> float:
        flow = step.flow
        cost = COVERS_COST if flow.rel_type == "COVERS" else STAGE_COST[flow.stage]
        return cost + (INFERRED_EXTRA_COST if step.edge.inference else 0.0)



def _hops(index: RouteIndex, arrivals: dict[str, _Arrival], end: str, at: datetime.date) -> list[Hop]:
    hops = []
    here = end
    while arrivals[here].previous is not None:
        arrival = arrivals[here]
        hops.append(_hop(index, arrival, at))
        here = arrival.previous
    return list(reversed(hops))


def _ref(index: RouteIndex, uid: str, at: datetime.date) -> NodeRef:
    node = index.nodes[uid]
    return NodeRef(uid, node.name_on(at), node.kind)


def _hop(index: RouteIndex, arrival: _Arrival, at: datetime.date) -> Hop:
    edge, flow = arrival.edge, arrival.flow
    remarks = (text(FALLBACK_NOTES.get(edge.role or "", FALLBACK_NOTE)),) if flow.stage == FALLBACK else ()
    if edge.inference:
        remarks += (said(edge.inference),)
    if edge.type == "MIRRORS":
        remarks += _mirror_carriers(index, edge, at)
    return Hop(_ref(index, edge.source, at), _ref(index, edge.target, at), edge.type, flow.forward, edge.role,
               _iso(edge.start), _iso(edge.end), edge.document, remarks, fallback=flow.stage == FALLBACK)


def _mirror_carriers(index: RouteIndex, edge: RouteEdge, at: datetime.date) -> tuple[str, ...]:
    """The people who carry a mirror tie: members of the upper group who speak for the lower group's region, or
    who also sit in the lower group (004: representatives must have good local communication paths)."""
    lower, upper = edge.source, edge.target
    territories = {tie.target for tie in index.neighbours(lower, "BELONGS_TO", outgoing=True)}
    in_lower = {seat.source for seat in index.neighbours(lower, "MEMBER_OF", outgoing=False) if seat.holds_on(at)}
    carriers = []
    for seat in index.neighbours(upper, "MEMBER_OF", outgoing=False):
        if not seat.holds_on(at) or seat.source not in index.nodes:
            continue
        speaks_for = sorted(set(seat.represents) & territories)
        if seat.source in in_lower or speaks_for:
            said_of = {"person": _ref(index, seat.source, at).label(), "upper": _ref(index, upper, at).label(),
                       "role": text("carrier.role", role=role_words(seat.role)) if seat.role else "",
                       "document": seat.document or text("carrier.no_source")}
            if speaks_for:
                listed = ", ".join(_ref(index, uid, at).label() for uid in speaks_for)
                carriers.append(text("carrier.speaks_for", territories=listed, **said_of))
            else:
                carriers.append(text("carrier.sits_in_both", lower=_ref(index, lower, at).label(), **said_of))
    return tuple(carriers)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


# -- the route -----------------------------------------------------------------------------
def find_route(index: RouteIndex, source: str, target: str, options: PathOptions) -> Route:
    """The route from `source` to `target` on `options.at`: documented if one exists, else fallback or why not."""
    route = Route(_ref(index, target, options.at))
    absent = [_not_there(index, uid, options.at) for uid in (source, target) if not index.nodes[uid].exists_on(options.at)]
    if absent:
        route.reasons = absent
        return route
    # The carriers around the target are found first, backwards; they say which organisations' groups the
    # descent need enter: the target's region and those whose groups can reach it, not every region's.
    around = _Search(index, options)
    can_reach = around.reaching(target, [CARRIER])
    search = _Search(index, options, _territories_around(index, target, can_reach))
    starts, arrived = _descent_start(search, source)
    descent_cost, descent = search.run(starts, [DESCENT], target=None, arrived=arrived)
    if target in descent:
        return _found(route, _hops(index, descent, target, options.at))
    search.blocked.update(around.blocked)
    for starts in _groups_deepest_first(index, descent_cost, options.at):
        starts = {uid: cost for uid, cost in starts.items() if uid in can_reach}
        if not starts:
            continue
        cost, carried = search.run(starts, [CARRIER], target, within=can_reach)
        if target in cost:
            return _found(route, _joined(index, descent, carried, target, options.at))
    route.reasons = _why_no_documented_route(index, search, descent_cost, source, target, options, can_reach)
    cost, any_way = search.cheapest(descent_cost, [DESCENT, CARRIER, FALLBACK], target)
    if target in cost:
        _found(route, _joined(index, descent, any_way, target, options.at))
        route.fallback = True
    elif not route.reasons:
        route.reasons.append(text("reason.nothing_connects", source=_ref(index, source, options.at).label(),
                                  target=route.target.label(), at=options.at.isoformat()))
    return route


def _not_there(index: RouteIndex, uid: str, at: datetime.date) -> str:
    node = index.nodes[uid]
    label = _ref(index, uid, at).label()
    if node.start is not None and node.start > at:
        return text("reason.not_yet", node=label, at=at.isoformat(), start=node.start.isoformat())
    return text("reason.gone", node=label, at=at.isoformat(), end=node.end.isoformat() if node.end else "?")


def _territories_around(index: RouteIndex, target: str, can_reach: set[str]) -> frozenset[str]:
    """The organisations whose groups a route to `target` may pass: the target's own region, county and
    healthcare region, and those the groups that can reach it (and the groups above them) belong to."""
    places = {target, *_regions_of(index, target)}
    places |= {edge.target for place in list(places) for edge in index.neighbours(place, "LOCATED_IN", True)}
    places |= {edge.target for place in list(places) for edge in index.neighbours(place, "SERVES", True)}
    groups, frontier = set(can_reach), list(can_reach)
    while frontier:
        here = frontier.pop()
        for rel_type in UPWARD:
            for edge in index.neighbours(here, rel_type, outgoing=True):
                if edge.target not in groups:
                    groups.add(edge.target)
                    frontier.append(edge.target)
    return frozenset(places | {owner for uid in groups for owner in index.owners.get(uid, ())})


def _descent_start(search: _Search, source: str) -> tuple[dict[str, float], dict[str, _Arrival]]:
    """Where the descent begins: a knowledge area's guidance comes from the national groups covering it."""
    index, at = search.index, search.options.at
    if index.nodes[source].kind != "knowledge_area":
        return {source: 0.0}, {}
    covering = [position for position, flow in enumerate(FLOWS) if flow.rel_type == "COVERS" and not flow.forward]
    national = {step.to: _Arrival(source, step.edge, step.flow)
                for position in covering for step in search.steps(position, source)
                if step.edge.holds_on(at) and index.nodes[step.to].exists_on(at)
                and _depth(index, step.to, at, {}, set()) == 0 and index.nodes[step.to].kind != "knowledge_area"}
    return {source: 0.0, **{uid: 0.0 for uid in national}}, national


def _found(route: Route, hops: list[Hop]) -> Route:
    route.hops = hops
    route.found = True
    return route


def _joined(index: RouteIndex, descent: dict[str, _Arrival], onward: dict[str, _Arrival], target: str,
            at: datetime.date) -> list[Hop]:
    onward_hops = _hops(index, onward, target, at)
    start = onward_hops[0].origin.uid if onward_hops else target
    return _hops(index, descent, start, at) + onward_hops


def _groups_deepest_first(index: RouteIndex, descent_cost: dict[str, float],
                          at: datetime.date) -> list[dict[str, float]]:
    """The groups the descent reached, in levels: furthest down the reporting structure first."""
    depth: dict[str, int] = {}
    levels: dict[int, dict[str, float]] = {}
    for uid, cost in descent_cost.items():
        levels.setdefault(_depth(index, uid, at, depth, set()), {})[uid] = cost
    return [levels[level] for level in sorted(levels, reverse=True)]


def _depth(index: RouteIndex, uid: str, at: datetime.date, memo: dict[str, int], path: set[str]) -> int:
    """How many mirror or report ties lead up from `uid` to the top, by the longest way (cycles cut)."""
    if uid in memo:
        return memo[uid]
    path.add(uid)
    above = [edge.target for rel_type in UPWARD for edge in index.neighbours(uid, rel_type, outgoing=True)
             if edge.holds_on(at) and edge.target not in path]
    memo[uid] = 1 + max((_depth(index, up, at, memo, path) for up in above), default=-1)
    path.discard(uid)
    return memo[uid]


# -- why there is no documented route ---------------------------------------------------------
def _why_no_documented_route(index: RouteIndex, search: _Search, descended: dict[str, float], source: str,
                             target: str, options: PathOptions, can_reach: set[str]) -> list[str]:
    reasons = _region_without_group(index, search, descended, source, target)
    for edge in list(search.blocked)[:_MAX_BLOCKED_EXAMINED]:
        if _leads_to(index, edge, target, options, can_reach):
            reasons.append(_lapsed(index, edge, options.at))
    return list(dict.fromkeys(reasons))


_MAX_BLOCKED_EXAMINED = 50


def _leads_to(index: RouteIndex, edge: RouteEdge, target: str, options: PathOptions, can_reach: set[str]) -> bool:
    """Would the documented route reach `target` if `edge` held on the date?

    `can_reach` holds every node the carriers lead from to the target on the date (`_Search.reaching`), so
    an end of the edge leads there if it is one of them, or (a node the date rules out itself) steps into
    one: a look at its own steps, not a search from it through the whole graph."""
    probe = _Search(index, options)
    carrier = [position for position, flow in enumerate(FLOWS) if flow.stage == CARRIER]
    return any(far in can_reach or any(step.to in can_reach and probe._may_take(step, target)
                                       for position in carrier for step in index.steps(position, far))
               for far in (edge.source, edge.target))


def _lapsed(index: RouteIndex, edge: RouteEdge, at: datetime.date) -> str:
    hop = Hop(_ref(index, edge.source, at), _ref(index, edge.target, at), edge.type, True, edge.role)
    if edge.end is not None and edge.end < at:
        return text("reason.ended", hop=hop.explanation(), end=edge.end.isoformat())
    return text("reason.not_begun", hop=hop.explanation(), start=edge.start.isoformat(), at=at.isoformat())


def _region_without_group(index: RouteIndex, search: _Search, descended: dict[str, float], source: str,
                          target: str) -> list[str]:
    """For a municipality: does its region have any group of the source's area at all?"""
    at = search.options.at
    regions = _regions_of(index, target)
    if not regions:
        return []
    reasons = []
    for region in regions:
        groups = [uid for uid in descended
                  if any(edge.target == region and edge.holds_on(at)
                         for edge in index.neighbours(uid, "BELONGS_TO", outgoing=True))]
        if groups:
            reasons.append(_how_far(index, search.options, groups, target))
        else:
            region_label = _ref(index, region, at).label()
            area_text = _area_text(index, source, at)
            contacts = _area_contacts(index, source, at)
            said_of = {"region": region_label, "area": area_text, "at": at.isoformat()}
            reasons.append(text("reason.no_group_named_contact", contacts=", ".join(contacts), **said_of) if contacts
                           else text("reason.no_group_no_contact", **said_of))
    return reasons


def _how_far(index: RouteIndex, options: PathOptions, groups: list[str], target: str) -> str:
    """Where the documented route stops among the region's groups: the first stage nobody fills."""
    at = options.at
    _, arrivals = _Search(index, options).run({uid: 0.0 for uid in groups}, [CARRIER], target=None)

    def after(previous: list[str], person: bool) -> list[str]:
        return sorted(uid for uid, arrival in arrivals.items()
                      if arrival.previous in previous and (index.nodes[uid].kind == "person") == person)

    def names(uids: list[str]) -> str:
        return ", ".join(_ref(index, uid, at).label() for uid in uids)

    representatives = sorted(uid for uid, arrival in arrivals.items()
                             if arrival.edge is not None and arrival.edge.type == "MEMBER_OF"
                             and arrival.edge.role in SPEAKING_ROLES
                             and carries(arrival.edge.role, arrival.edge.represents))
    if not representatives:
        return text("reason.no_representative", groups=names(sorted(groups)), at=at.isoformat())
    if not any(edge.target in index.networked for uid in groups for edge in index.neighbours(uid, "BELONGS_TO", True)):
        spoken_for = sorted({uid for rep in representatives for edge in index.neighbours(rep, "DISSEMINATES_TO", True)
                             if edge.inference and edge.holds_on(at) for uid in [edge.target]})
        return text("reason.speaks_for_others", representatives=names(representatives),
                    spoken_for=names(spoken_for) or text("reason.nobody"), at=at.isoformat(),
                    target=_ref(index, target, at).label())
    contacts = after(representatives, person=True)
    if not contacts:
        owners = {edge.target for uid in groups for edge in index.neighbours(uid, "BELONGS_TO", True)}
        asks = text("reason.asks_003" if ORIGIN_OF_003 in owners else "reason.asks_network")
        return text("reason.no_contact_person", representatives=names(representatives), at=at.isoformat(), asks=asks)
    networks = after(contacts, person=False)
    if not networks:
        return text("reason.no_network", contacts=names(contacts))
    keys = sorted(uid for uid, arrival in arrivals.items()
                  if arrival.previous in networks and arrival.edge.role == KEY_PERSON_ROLE)
    return (text("reason.no_key_person", networks=names(networks), target=_ref(index, target, at).label(),
                 at=at.isoformat()) + (text("reason.key_persons_there", people=names(keys)) if keys else ""))


def _regions_of(index: RouteIndex, uid: str) -> list[str]:
    counties = [edge.target for edge in index.neighbours(uid, "LOCATED_IN", outgoing=True)
                if index.nodes.get(edge.target) and index.nodes[edge.target].kind == "county"]
    return sorted({edge.source for county in counties for edge in index.neighbours(county, "SERVES", False)})


def _areas(index: RouteIndex, source: str) -> list[str]:
    if index.nodes[source].kind == "knowledge_area":
        return [source]
    return [edge.target for edge in index.neighbours(source, "COVERS", outgoing=True)]


def _area_text(index: RouteIndex, source: str, at: datetime.date) -> str:
    names = [index.nodes[area].name_on(at) for area in _areas(index, source) if area in index.nodes]
    return ", ".join(names) if names else _ref(index, source, at).label()


def _area_contacts(index: RouteIndex, source: str, at: datetime.date) -> list[str]:
    return sorted({index.nodes[edge.source].name for area in _areas(index, source)
                   for edge in index.neighbours(area, "CONTACT_PERSON_FOR", outgoing=False)
                   if edge.holds_on(at) and edge.source in index.nodes})


# -- the question ----------------------------------------------------------------------------
def contact_paths(index: RouteIndex, source: str, targets: list[str], options: PathOptions,
                  max_targets: int | None = None) -> PathAnswer:
    """One route from `source` to each target; a county, region or healthcare region means its municipalities.

    With `max_targets`, a question naming more (once counties and regions are expanded) is refused before
    any route is searched.
    """
    _check_known(index, source, "from")
    _check_options(options)
    expanded = expand_targets(index, targets)
    if max_targets is not None and len(expanded) > max_targets:
        raise PathError("to", f"the targets name {len(expanded)} municipalities, people or units; at most "
                              f"{max_targets} in one request")
    if source in expanded:
        raise PathError("to", f"'{source}' is the starting point itself")
    routes = [find_route(index, source, target, options) for target in expanded]
    return PathAnswer(_ref(index, source, options.at), options.at, routes,
                      tuple(sorted(options.exclude_kinds)), tuple(sorted(options.exclude_edges)))


def expand_targets(index: RouteIndex, targets: list[str]) -> list[str]:
    if not targets:
        raise PathError("to", "name at least one target")
    expanded: list[str] = []
    for uid in targets:
        _check_known(index, uid, "to")
        expanded.extend(_municipalities_of(index, uid) or [uid])
    return list(dict.fromkeys(expanded))


def _municipalities_of(index: RouteIndex, uid: str) -> list[str]:
    kind = index.nodes[uid].kind
    if kind not in TERRITORIES_WITH_MUNICIPALITIES:
        return []
    territories = {uid}
    if kind == "region":
        territories |= {edge.target for edge in index.neighbours(uid, "SERVES", outgoing=True)}
    found = {edge.source for territory in territories
             for edge in index.neighbours(territory, "LOCATED_IN", outgoing=False)
             if index.nodes.get(edge.source) and index.nodes[edge.source].kind == "municipality"}
    return sorted(found)


def _check_known(index: RouteIndex, uid: str, parameter: str) -> None:
    if uid not in index.nodes:
        raise UnknownId(parameter, uid)


def _check_options(options: PathOptions) -> None:
    unknown_kinds = sorted(options.exclude_kinds - set(NODE_CLASSES))
    if unknown_kinds:
        raise PathError("exclude_kinds", f"unknown node kind '{unknown_kinds[0]}'; known: {', '.join(NODE_CLASSES)}")
    unknown_edges = sorted(options.exclude_edges - set(EDGE_CLASSES))
    if unknown_edges:
        raise PathError("exclude_edges",
                        f"unknown relation type '{unknown_edges[0]}'; known: {', '.join(EDGE_CLASSES)}")
