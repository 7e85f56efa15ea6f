"""What the nodes resource accepts (query models closed to unknown parameters) and what it answers.

The level enum, like the kind enum, is derived from the vocabulary.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from api.models import MAX_EXPLORER_DEPTH, Edge, EdgeFacts, EntitySummary, KindName
from graphmodel.documents import cite
from graphmodel.vocabulary import FAMILIES, LEVELS

LevelName = StrEnum("LevelName", {key: key for key in LEVELS.keys()})
LevelName.__doc__ = "A level's key from the vocabulary."
FamilyName = StrEnum("FamilyName", {key: key for key in FAMILIES.keys()})
FamilyName.__doc__ = "An edge family's key from the vocabulary."

MAX_PAGE_SIZE = 500
MAX_OFFSET = 100_000
MAX_NEIGHBOURHOOD_NODES = 500
DEFAULT_NEIGHBOURHOOD_NODES = 150

_LAG = {"uid": "lag:region-orebro-lan-suicidprevention", "name": "Suicidprevention", "kind": "lag",
        "level": "region"}
_LPO = {"uid": "lpo:region-orebro-lan-psykisk-halsa", "name": "Psykisk hälsa", "kind": "lpo", "level": "region"}
_LAG_SOURCE = "000_9d1f36fc60801c79.txt §2, §3; 002_f2c56e9e6debe3bb.txt §7"
_REPORTS = "000_9d1f36fc60801c79.txt §3.6"
_PERSON = {"uid": "person:cecilia-wahlberg", "name": "Cecilia Wahlberg", "kind": "person", "level": None}


# -- input -------------------------------------------------------------------------------
class NodeSearch(BaseModel):
    """Query parameters of `GET /api/v1/nodes`; every filter given must hold."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"q": "suicid", "kind": "lag", "region": "region:18", "at": "2025-06-01", "limit": 20}]})

    q: str | None = Field(None, min_length=1, max_length=200,
                          description="part of the name, of a former name or of the id (case-insensitive; an "
                                      "unaccented spelling finds the id)")
    kind: KindName | None = Field(None, description="only nodes of this kind")
    level: LevelName | None = Field(None, description="only bodies at this level")
    region: str | None = Field(None, min_length=1, max_length=300,
                               description="id of a region, county, healthcare region or municipality: only nodes "
                                           "belonging to it, located in it, serving it, part of those, or sitting "
                                           "in those")
    knowledge_area: str | None = Field(None, min_length=1, max_length=300,
                                       description="id of a knowledge area or of an NPO: only the bodies working "
                                                   "in that area")
    at: datetime.date | None = Field(None, description="only nodes valid on this day, under the name they had "
                                                       "then; the edges used by `region` and `knowledge_area` "
                                                       "must be valid then too")
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="at most this many items")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="skip this many matches first")


class NeighbourhoodRequest(BaseModel):
    """Query parameters of `GET /api/v1/nodes/{uid}/neighbourhood`; the filters narrow what the walk passes."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"depth": 2, "max_nodes": 100, "at": "2025-06-01", "families": ["reporting", "representation"]}]})

    depth: int = Field(1, ge=1, le=MAX_EXPLORER_DEPTH, description="how many steps out from the node")
    max_nodes: int = Field(DEFAULT_NEIGHBOURHOOD_NODES, ge=1, le=MAX_NEIGHBOURHOOD_NODES,
                           description="stop adding nodes at this many (the answer then says `truncated`)")
    at: datetime.date | None = Field(None, description="only edges and nodes valid on this day, under the names "
                                                       "they had then")
    families: list[FamilyName] | None = Field(None, description="only edges of these families (repeat the "
                                                                "parameter for several)")
    kinds: list[KindName] | None = Field(None, description="only nodes of these kinds (the centre always stays)")
    levels: list[LevelName] | None = Field(None, description="only bodies and territories at these levels; "
                                                             "people, posts and the like stay")
    region: str | None = Field(None, min_length=1, max_length=300,
                               description="id of a region: drop what is tied to another territory")
    knowledge_area: str | None = Field(None, min_length=1, max_length=300,
                                       description="id of a knowledge area: drop the groups and people of "
                                                   "other areas")


# -- output ------------------------------------------------------------------------------
class NodePage(BaseModel):
    """One page of the nodes matching a search, ordered by name and id."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"total": 2, "limit": 1, "offset": 0, "items": [_LAG]}]})

    total: int = Field(description="how many nodes match, on all pages")
    limit: int
    offset: int
    items: list[EntitySummary]


class Membership(BaseModel):
    """A member's seat in a group (a MEMBER_OF edge), with both ends."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "member": _PERSON, "group": _LAG, "role": "chair", "start": "2023-03-01", "end": None,
        "source": "000_9d1f36fc60801c79.txt §3.3, §3.3.1", "represents": [], "appointed_by": None}]})

    member: EntitySummary
    group: EntitySummary
    role: str | None = Field(description="the role key from the vocabulary, e.g. chair")
    start: datetime.date | None = None
    end: datetime.date | None = None
    source: str | None = Field(None, description="document and section, or reference file, stating the seat")
    represents: list[str] = Field(default_factory=list, description="ids of those the member speaks for")
    appointed_by: str | None = Field(None, description="id of who appointed the member")

    @computed_field(description="the source as a person reads it: the document's title and issuer, then the section")
    @property
    def source_name(self) -> str | None:
        return cite(self.source)


class NodeDetail(BaseModel):
    """A node with its properties, memberships, source document and every other edge."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        **_LAG, "source": _LAG_SOURCE,
        "properties": {**_LAG, "start": "2023-03-01", "source": _LAG_SOURCE,
                       "imported_from": "reference", "fictional": False},
        "memberships": [],
        "members": [{"member": _PERSON, "group": _LAG, "role": "chair", "start": "2023-03-01", "end": None,
                     "source": "000_9d1f36fc60801c79.txt §3.3, §3.3.1", "represents": [], "appointed_by": None}],
        "outgoing": [{"direction": "out", "type": "REPORTS_TO", "family": "reporting", "role": None,
                      "start": "2023-03-01", "end": None, "source": _REPORTS,
                      "properties": {"start": "2023-03-01", "source": _REPORTS}, "other": _LPO}],
        "incoming": []}]})

    uid: str
    name: str
    kind: str
    level: str | None = None
    source: str | None = Field(None, description="the document and section, or reference file, stating the node")
    properties: dict[str, Any] = Field(description="stored properties; people's email and phone only for callers "
                                                   "with an API key")
    memberships: list[Membership] = Field(description="the groups this node sits in (its MEMBER_OF edges out)")
    members: list[Membership] = Field(description="who sits in this node (its MEMBER_OF edges in)")
    outgoing: list[Edge] = Field(description="every other edge leaving the node")
    incoming: list[Edge] = Field(description="every other edge entering the node")

    @computed_field(description="the source as a person reads it: the document's title and issuer, then the section")
    @property
    def source_name(self) -> str | None:
        return cite(self.source)


class NeighbourhoodEdge(EdgeFacts):
    """An edge between two nodes of a neighbourhood, in its stored direction."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "from_uid": _LAG["uid"], "to_uid": _LPO["uid"], "type": "REPORTS_TO", "family": "reporting", "role": None,
        "start": "2023-03-01", "end": None, "source": _REPORTS,
        "properties": {"start": "2023-03-01", "source": _REPORTS}}]})

    from_uid: str = Field(description="the node the edge leaves")
    to_uid: str = Field(description="the node the edge enters")


class NodeNeighbourhood(BaseModel):
    """The nodes within some steps of a centre node and the edges that reached them."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "centre": _LAG, "nodes": [_LAG, _LPO],
        "edges": [{"from_uid": _LAG["uid"], "to_uid": _LPO["uid"], "type": "REPORTS_TO", "family": "reporting",
                   "role": None, "start": "2023-03-01", "end": None, "source": _REPORTS,
                   "properties": {"start": "2023-03-01", "source": _REPORTS}}],
        "truncated": False}]})

    centre: EntitySummary
    nodes: list[EntitySummary] = Field(description="every node reached, the centre included")
    edges: list[NeighbourhoodEdge]
    truncated: bool = Field(description="true when `max_nodes` stopped the walk before `depth` steps")
