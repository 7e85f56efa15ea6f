"""Where a municipality, region, county or person is represented: in which bodies, by whom, in which role.

A membership represents what its `represents` list names. A municipality is
represented directly when its id is listed (alone, or with the other
municipalities of its county, as Örebro län's municipal representatives list
all twelve) and collectively when its county is listed (Dalarna's social-
services head in NSK-S represents county:20). A region is represented
directly, or through its healthcare region (an NPO member represents the
healthcare region). A county is represented directly, or through any of its
municipalities. A person's (or post's) answer is every body they sit in,
directly or ex officio through a post they hold, with whom they represent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from cypher.chain import MEMBER_KINDS, NotAChainStart, find_node
from cypher.explain import Hop, NodeRef, kind_words
from cypher.runner import run_stored
from graphmodel.engine import Graph
from graphmodel.messages import text

TERRITORY_SUBJECTS = ("municipality", "region", "county")


@dataclass(frozen=True)
class Seat:
    """One membership that answers the question, with how it concerns the subject."""

    member: NodeRef
    body: NodeRef
    role: str
    represents: tuple[str, ...]
    how: str
    start: str | None
    end: str | None
    source: str | None

    def hop(self) -> Hop:
        return Hop(self.member, self.body, "MEMBER_OF", role=self.role, start=self.start, end=self.end,
                   document=self.source)

    def row(self) -> dict[str, Any]:
        return {"member": self.member.label(), "member_uid": self.member.uid, "role": self.role,
                "body": self.body.label(), "body_uid": self.body.uid, "represents": list(self.represents),
                "how": self.how, "since": self.start, "until": self.end}

    def as_json(self) -> dict[str, Any]:
        return {"member": self.member.as_json(), "body": self.body.as_json(), "role": self.role,
                "represents": list(self.represents), "how": self.how, "since": self.start, "until": self.end,
                "source": self.source, "explanation": self.hop().explanation()}


@dataclass(frozen=True)
class RepresentationAnswer:
    subject: NodeRef
    at: str | None
    seats: tuple[Seat, ...]

    def columns(self) -> tuple[str, ...]:
        if self.subject.kind in MEMBER_KINDS:
            return ("body", "role", "represents", "how", "since", "until")
        return ("member", "role", "body", "how", "since", "until")

    def rows(self) -> list[dict[str, Any]]:
        return [seat.row() for seat in self.seats]

    def as_json(self) -> dict[str, Any]:
        return {"subject": self.subject.as_json(), "at": self.at, "seats": [seat.as_json() for seat in self.seats]}


def representation(graph: Graph, uid: str, at: str | None) -> RepresentationAnswer:
    """Where `uid` is represented on `at` (ISO date), or over all time when `at` is None."""
    lookup_day = at or datetime.date.today().isoformat()
    subject = find_node(graph, uid, lookup_day).ref
    parameters = {"uid": uid, "at": lookup_day, "all_time": at is None}
    if subject.kind in TERRITORY_SUBJECTS:
        rows = run_stored(graph, "representation_of_territory", parameters).rows
        seats = tuple(territory_seat(subject, row) for row in rows)
    elif subject.kind in MEMBER_KINDS:
        rows = run_stored(graph, "memberships_of_member", parameters).rows
        seats = tuple(member_seat(row) for row in rows)
    else:
        raise NotAChainStart(text("represented.not_a_subject", uid=uid, kind=kind_words(subject.kind),
                                  label=subject.label()))
    return RepresentationAnswer(subject, at, seats)


def territory_seat(subject: NodeRef, row: dict[str, Any]) -> Seat:
    """A row of `representation_of_territory` (pure)."""
    return Seat(NodeRef(row["member_uid"], row["member_name"], row["member_kind"]),
                NodeRef(row["body_uid"], row["body_name"], row["body_kind"]),
                row["role"], tuple(row["represents"]), territory_how(subject, row),
                row["start"], row["end"], row["source"])


def territory_how(subject: NodeRef, row: dict[str, Any]) -> str:
    """In words, in the current language, how the membership concerns the territory (pure)."""
    represents, through = row["represents"], row["through"]
    if subject.uid in through:
        others = len(represents) - 1
        if others == 0:
            return text("represented.directly")
        return text("represented.directly_with_one") if others == 1 else text("represented.directly_with", others=others)
    if through:
        return text("represented.through", through=", ".join(through))
    counted, total = row["municipalities_represented"], row["municipalities_of_county"]
    if counted == total:
        return text("represented.all_municipalities", total=total)
    return text("represented.some_municipalities", counted=counted, total=total)


def member_seat(row: dict[str, Any]) -> Seat:
    """A row of `memberships_of_member` (pure): the seat is the person, or a post they hold."""
    seat = NodeRef(row["seat_uid"], row["seat_name"], row["seat_kind"])
    how = text("represented.ex_officio", post=seat.label()) if seat.kind == "post" else text("represented.in_person")
    return Seat(seat, NodeRef(row["body_uid"], row["body_name"], row["body_kind"]), row["role"],
                tuple(row["represents"]), how, row["start"], row["end"], row["source"])
