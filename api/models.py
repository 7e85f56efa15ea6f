"""What the API accepts and what it returns: input models (closed to unknown fields) and public models.

The node-kind enum is derived from the vocabulary, so a kind added to the model
is accepted here without touching the API. The nodes resource's own models are
in `api.models_nodes`.
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

MAX_EXPLORER_DEPTH = 3


# -- input -------------------------------------------------------------------------------
class ExplorerRequest(BaseModel):
    """Query parameters of `GET /explorer`."""

    model_config = ConfigDict(extra="forbid")

    around: str | None = Field(None, min_length=1, max_length=300,
                               description="id of the entity to centre on; without it only the search is shown")
    depth: int = Field(1, ge=1, le=MAX_EXPLORER_DEPTH, description="how many steps out from the centre")


# -- output ------------------------------------------------------------------------------
class EntitySummary(BaseModel):
    """A node as it appears in lists and at the far end of an edge."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"uid": "lpo:region-orebro-lan-psykisk-halsa", "name": "Psykisk hälsa", "kind": "lpo", "level": "region"}]})

    uid: str
    name: str
    kind: str
    level: str | None = None


class EdgeFacts(BaseModel):
    """What an edge says, wherever it is shown."""

    type: str = Field(description="the Cypher relationship type, e.g. MEMBER_OF")
    family: str | None = Field(description="the edge family; null for a type outside the vocabulary")
    role: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    source: str | None = Field(None, description="document and section, or reference file, stating the fact")
    properties: dict[str, Any] = Field(description="every stored property of the edge")


class Edge(EdgeFacts):
    """One edge of a node, seen from that node."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "direction": "out", "type": "REPORTS_TO", "family": "reporting", "role": None, "start": "2023-03-01",
        "end": None, "source": "000_9d1f36fc60801c79.txt §3.6",
        "properties": {"start": "2023-03-01", "source": "000_9d1f36fc60801c79.txt §3.6"},
        "other": {"uid": "lpo:region-orebro-lan-psykisk-halsa", "name": "Psykisk hälsa", "kind": "lpo",
                  "level": "region"}}]})

    direction: Direction
    other: EntitySummary = Field(description="the node at the other end")


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
