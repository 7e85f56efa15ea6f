"""Reporting chains: from a group up through its region's governance, and on through the mirrors.

A chain follows, upward and only as valid on the day asked, the reporting
edges REPORTS_TO, PART_OF, PREPARES_FOR and ESCALATES_TO (the region's
governance: LAG -> LPO -> RMKS -> the management groups, or a LAG without an
LPO -> Kunskapsstödsgruppen -> Utvecklingsenheten -> VLS -> the administration)
and MIRRORS (LPO -> RPO -> NPO). A body reached by several routes is shown
once, at its shortest distance; a step is on the `mirrors` branch when its
route passes a MIRRORS edge, else on the `governance` branch.

A person or post is not in any chain itself: their answer is the chains of
the bodies they sit in that day (directly, or ex officio through a post they
hold), each opened by the membership.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cypher.explain import Hop, NodeRef
from cypher.params import UnknownId
from cypher.runner import run_stored
from graphmodel.engine import Graph
from graphmodel.messages import text
from graphmodel.model import BODY_KINDS

GOVERNANCE = "governance"
MIRRORS = "mirrors"
MEMBER_KINDS = ("person", "post")


class UnknownNode(UnknownId):
    """No node has the id a chain or representation was asked of."""

    def __init__(self, uid: str) -> None:
        super().__init__("id", uid)

    def __str__(self) -> str:
        return self.reason


class NotAChainStart(ValueError):
    """The node is neither a body nor someone who sits in bodies."""


@dataclass(frozen=True)
class DatedNode:
    """A node as it was on a day: named as then, and whether it existed."""

    ref: NodeRef
    start: str | None
    end: str | None
    exists: bool

    def absence(self, at: str) -> str:
        """Why the node has no chain on `at`: when it did exist."""
        span = text("chain.ran_from", start=self.start) if self.start else ""
        if self.end:
            span = f"{span} {text('chain.ran_until', end=self.end)}".strip()
        return text("chain.absent", node=self.ref.label(), at=at, span=span)


def find_node(graph: Graph, uid: str, at: str) -> DatedNode:
    """The node `uid` on `at`; `UnknownNode` if there is none."""
    rows = run_stored(graph, "node_on_date", {"uid": uid, "at": at}).rows
    if not rows:
        raise UnknownNode(uid)
    row = rows[0]
    return DatedNode(NodeRef.from_row(row), row["start"], row["end"], bool(row["exists_on_date"]))


@dataclass(frozen=True)
class ChainStep:
    body: NodeRef
    distance: int
    branch: str
    hop: Hop
    route: tuple[NodeRef, ...]
    led_by: tuple[NodeRef, ...] = ()

    def explanation(self) -> str:
        leaders = ", ".join(leader.label() for leader in self.led_by)
        led = f" {text('hop.led_by', leaders=leaders)}" if leaders else ""
        return f"{self.hop.explanation()}{led}"

    def as_json(self) -> dict[str, Any]:
        return {"body": self.body.as_json(), "distance": self.distance, "branch": self.branch,
                "via": self.hop.origin.uid, "hop": self.hop.as_json(),
                "route": [node.uid for node in self.route], "led_by": [leader.as_json() for leader in self.led_by],
                "explanation": self.explanation()}


@dataclass(frozen=True)
class Chain:
    start: NodeRef
    steps: tuple[ChainStep, ...]
    message: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start.as_json(), "message": self.message,
                "steps": [step.as_json() for step in self.steps]}


@dataclass(frozen=True)
class ChainAnswer:
    """The chain of a body, or for a person/post the chains of the bodies they sit in."""

    subject: NodeRef
    at: str
    chains: tuple[Chain, ...]
    memberships: tuple[Hop, ...] = field(default=())
    message: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"subject": self.subject.as_json(), "at": self.at, "message": self.message,
                "memberships": [hop.as_json() for hop in self.memberships],
                "chains": [chain.as_json() for chain in self.chains]}


def reporting_chain(graph: Graph, uid: str, at: str) -> ChainAnswer:
    """The chain from `uid` on `at` (ISO date); see the module text for persons and posts."""
    node = find_node(graph, uid, at)
    if node.ref.kind in BODY_KINDS:
        chain = body_chain(graph, node, at)
        return ChainAnswer(node.ref, at, (chain,), message=chain.message)
    if node.ref.kind in MEMBER_KINDS:
        return member_chains(graph, node.ref, at)
    raise NotAChainStart(
        f"'{uid}' is a {node.ref.kind} ({node.ref.label()}), not a body, person or post: a reporting chain "
        "starts from a body, or from someone who sits in bodies; see `govgraph represented` for where "
        "a territory is represented")


def body_chain(graph: Graph, node: DatedNode, at: str) -> Chain:
    if not node.exists:
        return Chain(node.ref, (), node.absence(at))
    rows = run_stored(graph, "reporting_chain", {"uid": node.ref.uid, "at": at}).rows
    steps = chain_steps(rows)
    message = None if steps else text("chain.reports_to_none", node=node.ref.label(), at=at)
    return Chain(node.ref, steps, message)


def chain_steps(rows: list[dict[str, Any]]) -> tuple[ChainStep, ...]:
    """One step per body reached, by its shortest route (pure: rows as `reporting_chain` returns them)."""
    best: dict[str, ChainStep] = {}
    for row in rows:
        step = _step(row)
        kept = best.get(step.body.uid)
        if kept is None or _preference(step) < _preference(kept):
            best[step.body.uid] = step
    return tuple(sorted(best.values(), key=lambda step: (step.branch != GOVERNANCE, step.distance,
                                                         step.body.label())))


def _step(row: dict[str, Any]) -> ChainStep:
    route = tuple(NodeRef(body["uid"], body["name"], body["kind"]) for body in row["bodies"])
    edges = row["hops"]
    last = edges[-1]
    hop = Hop(route[-2], route[-1], last["type"], start=last["start"], end=last["end"],
              document=last["source"], remarks=tuple(note for note in [last["note"]] if note))
    branch = MIRRORS if any(edge["type"] == "MIRRORS" for edge in edges) else GOVERNANCE
    leaders = tuple(NodeRef(leader["uid"], leader["name"], leader["kind"]) for leader in row["led_by"])
    return ChainStep(route[-1], row["distance"], branch, hop, route, leaders)


def _preference(step: ChainStep) -> tuple:
    return (step.distance, step.branch != GOVERNANCE, [node.uid for node in step.route])


def member_chains(graph: Graph, member: NodeRef, at: str) -> ChainAnswer:
    rows = run_stored(graph, "memberships_of_member", {"uid": member.uid, "at": at}).rows
    memberships = tuple(membership_hop(row) for row in rows)
    chains: dict[str, Chain] = {}
    for hop in memberships:
        if hop.target.uid not in chains:
            chains[hop.target.uid] = body_chain(graph, find_node(graph, hop.target.uid, at), at)
    message = None if memberships else text("chain.sits_in_none", node=member.label(), at=at)
    return ChainAnswer(member, at, tuple(chains.values()), memberships, message)


def membership_hop(row: dict[str, Any]) -> Hop:
    """A row of `memberships_of_member` as the MEMBER_OF hop from the seat (person or post) to the body."""
    seat = NodeRef(row["seat_uid"], row["seat_name"], row["seat_kind"])
    body = NodeRef(row["body_uid"], row["body_name"], row["body_kind"])
    return Hop(seat, body, "MEMBER_OF", role=row["role"], start=row["start"], end=row["end"],
               document=row["source"])


def chain_table(answer: ChainAnswer) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """Columns and rows for printing: one row per step (a member's answer adds the start body)."""
    columns = ("start", "distance", "branch", "body", "hop") if answer.memberships else (
        "distance", "branch", "body", "hop")
    rows = [{"start": chain.start.label(), "distance": step.distance, "branch": step.branch,
             "body": step.body.label(), "uid": step.body.uid, "hop": step.explanation()}
            for chain in answer.chains for step in chain.steps]
    return columns, rows
