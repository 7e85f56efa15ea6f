"""Erasing a person on request (admin): preview what goes, then erase in one transaction, audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from api.auth import AdminDep
from api.deps import AuditDep, GraphDep
from api.request_ids import current_request_id
from importers.erase import erase_person, erasure_digest, preview_erasure

router = APIRouter(prefix="/people", tags=["personal data"])
PersonId = Annotated[str, Path(min_length=1, max_length=300, description="the person's id, e.g. person:anna-berg")]

EXAMPLE = {
    "person": {"uid": "person:johanna-rask", "name": "Johanna Rask"}, "on": "2026-11-22", "erased": True,
    "edges_removed": {"MEMBER_OF": 1, "CONTACT_PERSON_FOR": 0}, "edges_removed_total": 1,
    "memberships": [{"group": {"uid": "lag:region-orebro-lan-suicidprevention", "name": "Suicidprevention",
                               "kind": "lag", "label": "LAG Suicidprevention"},
                     "roles": [{"role": "municipal_representative", "start": "2023-03-01", "end": None,
                                "current": True}]}],
    "chairs": [], "posts": [], "id_references_cleared": 0,
}


class NodeOut(BaseModel):
    uid: str
    name: str
    kind: str
    label: str


class PersonOut(BaseModel):
    uid: str
    name: str


class RoleHeld(BaseModel):
    role: str | None
    start: str | None
    end: str | None
    current: bool = Field(description="whether the role held on the report's day")


class MembershipOut(BaseModel):
    group: NodeOut
    roles: list[RoleHeld]


class ChairOut(BaseModel):
    group: NodeOut
    start: str | None
    end: str | None
    current: bool
    without_current_chair: bool = Field(description="nobody else chairs the group on the report's day")


class PostOut(BaseModel):
    post: NodeOut
    start: str | None
    end: str | None
    current: bool
    without_current_holder: bool


class ErasureOut(BaseModel):
    """What an erasure removed (or, in a preview, would remove)."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    person: PersonOut
    on: str = Field(description="the day 'current' refers to: today")
    erased: bool = Field(description="false in a preview")
    edges_removed: dict[str, int] = Field(description="edges removed, by relation type")
    edges_removed_total: int
    memberships: list[MembershipOut] = Field(description="groups that lost the person as a member")
    chairs: list[ChairOut] = Field(description="groups the person chaired")
    posts: list[PostOut] = Field(description="posts the person held")
    id_references_cleared: int = Field(description="memberships that named the person as appointer or "
                                                   "represented party, now cleared")


@router.get("/{uid}/erasure", response_model=ErasureOut, summary="Preview erasing a person (admin).")
def preview(uid: PersonId, graph: GraphDep, who: AdminDep) -> ErasureOut:
    """What `DELETE /people/{uid}` would remove, and which groups would lose a member or their chair."""
    return ErasureOut(**preview_erasure(graph, uid).as_json())


@router.delete("/{uid}", response_model=ErasureOut, summary="Erase a person and every edge touching them (admin).")
def erase(uid: PersonId, graph: GraphDep, audit: AuditDep, who: AdminDep) -> ErasureOut:
    """Removes the person, their memberships and contact edges in one transaction, and keeps them erased when
    the reference data is loaded again. The answer names the groups that lost a member or their chair. The
    audit log records who erased whom by the digest the erasure register keeps, not by the id, because
    people's ids are made from their names."""
    report = erase_person(graph, uid).as_json()
    audit.record(actor=who.actor, action="person.erase", target=f"erased:{erasure_digest(uid)}",
                 request_id=current_request_id(),
                 changes={"edges_removed_total": report["edges_removed_total"],
                          "groups": [item["group"]["uid"] for item in report["memberships"]]})
    return ErasureOut(**report)
