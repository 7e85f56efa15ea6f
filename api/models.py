"""What the API accepts and what it returns: input models (closed to unknown fields) and public models.

The node-kind enum is derived from the vocabulary, so a kind added to the model
is accepted here without touching the API.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graphmodel.model import NODE_KINDS

KindName = StrEnum("KindName", {key: key for key in NODE_KINDS.keys()})
KindName.__doc__ = "A node kind's key from the vocabulary."

Direction = Literal["out", "in"]

MAX_SEARCH_RESULTS = 500
MAX_EXPLORER_DEPTH = 3


# -- input -------------------------------------------------------------------------------
class EntitySearch(BaseModel):
    """Query parameters of `GET /entities`."""

    model_config = ConfigDict(extra="forbid")

    kind: KindName | None = Field(None, description="only entities of this kind")
    q: str | None = Field(None, min_length=1, max_length=200,
                          description="part of the name, a former name or the id (case-insensitive)")
    limit: int = Field(50, ge=1, le=MAX_SEARCH_RESULTS, description="at most this many results")


class ExplorerRequest(BaseModel):
    """Query parameters of `GET /explorer`."""

    model_config = ConfigDict(extra="forbid")

    around: str | None = Field(None, min_length=1, max_length=300,
                               description="id of the entity to centre on; without it only the search is shown")
    depth: int = Field(1, ge=1, le=MAX_EXPLORER_DEPTH, description="how many steps out from the centre")


# -- output ------------------------------------------------------------------------------
class EntitySummary(BaseModel):
    """An entity as it appears in lists and at the far end of an edge."""

    uid: str
    name: str
    kind: str
    level: str | None = None


class Edge(BaseModel):
    """One edge of an entity, seen from that entity."""

    direction: Direction
    type: str = Field(description="the Cypher relationship type, e.g. MEMBER_OF")
    family: str | None = Field(description="the edge family; null for a type outside the vocabulary")
    role: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    source: str | None = Field(None, description="document and section, or reference file, stating the fact")
    properties: dict[str, Any] = Field(description="every stored property of the edge")
    other: EntitySummary = Field(description="the entity at the other end")


class EntityDetail(BaseModel):
    """An entity with its public properties and its edges in both directions."""

    uid: str
    name: str
    kind: str
    properties: dict[str, Any] = Field(description="stored properties, without personal contact data")
    outgoing: list[Edge]
    incoming: list[Edge]


class TermOut(BaseModel):
    key: str
    en: str
    sv: str
    aliases: list[str]
    description: str


class KindOut(TermOut):
    labels: list[str]
    default_level: str | None
    properties: list[str]


class RelationTypeOut(TermOut):
    family: str
    properties: list[str]


class Vocabulary(BaseModel):
    """The words of the model: node kinds, relation types with their family, roles, levels, families."""

    kinds: list[KindOut]
    relation_types: list[RelationTypeOut]
    roles: list[TermOut]
    levels: list[TermOut]
    families: list[TermOut]
