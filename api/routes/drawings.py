"""Drawings: a neighbourhood, contact path or reporting chain as vis-network data, for the explorer page.

Each answer is `Drawing.as_vis()`: the nodes and edges with their colours,
shapes and line styles, the layout options, the legend, the notes saying what
was filtered or grouped, and for a path or chain the explanation of each hop.
These are the drawings `govgraph viz` writes into its standalone pages.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from api.auth import CallerDep
from api.deps import GraphDep
from api.drawing import DRAW_LIMIT, chain_drawing, neighbourhood_drawing, path_drawing
from api.models import MAX_EXPLORER_DEPTH, KindName
from api.models_answers import MAX_ID_LENGTH, MAX_PATH_TARGETS, Day, Uid
from api.models_nodes import FamilyName, LevelName
from api.neighbourhood import NeighbourhoodFilterError, neighbourhood, node_context
from api.reads import kind_of
from api.routes.chains import asked_of, day_or_today
from api.viz_cli import WALK_BUDGET, path_uids
from cypher.chain import ChainAnswer, reporting_chain
from cypher.contact_path import PathError, PathOptions, contact_paths, expand_targets
from cypher.explain import NodeRef
from cypher.params import QueryParameterError, UnknownId
from cypher.route_index import route_index

router = APIRouter(prefix="/drawings", tags=["drawings"])
NodeUid = Annotated[str, Path(min_length=1, max_length=MAX_ID_LENGTH, description="the node's id",
                              examples=["lag:region-orebro-lan-suicidprevention"])]
MAX_DRAW_LIMIT = 500
LIMIT_DESCRIPTION = "above this many nodes, municipalities are grouped by county, then people by group, and the " \
                    "notes say so"
NEIGHBOURHOOD_LIMIT_DESCRIPTION = "above this many nodes, each full level band is drawn as a few groups, and the " \
                                  "notes say so"
MAX_OPEN_GROUPS = 50


# -- input -------------------------------------------------------------------------------
class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NeighbourhoodDrawingQuery(_Closed):
    """Query parameters of `GET /drawings/neighbourhood/{uid}`."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"depth": 2, "at": "2025-06-01", "families": ["reporting"], "levels": ["region"], "tree": True}]})

    depth: int = Field(1, ge=1, le=MAX_EXPLORER_DEPTH, description="how many steps out from the node")
    at: datetime.date | None = Field(None, description="only edges and nodes valid on this day, under the names "
                                                       "they had then (default: every date)")
    families: list[FamilyName] | None = Field(None, description="only edges of these families (repeat for several)")
    kinds: list[KindName] | None = Field(None, description="only nodes of these kinds (the centre always stays)")
    levels: list[LevelName] | None = Field(None, description="only bodies and territories at these levels")
    region: str | None = Field(None, min_length=1, max_length=MAX_ID_LENGTH,
                               description="id of a region: drop what is tied to another territory")
    knowledge_area: str | None = Field(None, min_length=1, max_length=MAX_ID_LENGTH,
                                       description="id of a knowledge area: drop other areas' groups and people")
    tree: bool = Field(False, description="a hierarchical layout: what is reported to above what reports")
    limit: int = Field(DRAW_LIMIT, ge=10, le=MAX_DRAW_LIMIT, description=NEIGHBOURHOOD_LIMIT_DESCRIPTION)
    group_by: Literal["region", "kind"] = Field("region", description="how a full band is grouped past the limit: "
                                                "municipalities by county and people by their body (region), or "
                                                "every band by kind (kind)")
    open: list[Annotated[str, Field(min_length=1, max_length=MAX_ID_LENGTH)]] | None = Field(
        None, max_length=MAX_OPEN_GROUPS, description="ids of groups (group:...) to draw opened, member by member")


class PathDrawingQuery(_Closed):
    """Query parameters of `GET /drawings/path`."""

    source: Uid = Field(alias="from", examples=["npo:psykisk-halsa"],
                        description="id of an NPO, RPO, LPO, NSG, other group, or knowledge area")
    to: list[Uid] = Field(min_length=1, max_length=MAX_PATH_TARGETS, examples=[["municipality:1880"]],
                          description="ids of municipalities, people or units, repeated for several; a county "
                                      "or region means each of its municipalities")
    at: Day | None = Field(None, description="the day to answer for (YYYY-MM-DD); default today")
    tree: bool = Field(False, description="lay the hops out left to right in hop order")
    limit: int = Field(DRAW_LIMIT, ge=10, le=MAX_DRAW_LIMIT, description=LIMIT_DESCRIPTION)


class ChainDrawingQuery(_Closed):
    """Query parameters of `GET /drawings/chain/{uid}`."""

    at: Day | None = Field(None, description="the day to answer for (YYYY-MM-DD); default today")
    tree: bool = Field(True, description="an organisation chart (default); false for a free layout")
    limit: int = Field(DRAW_LIMIT, ge=10, le=MAX_DRAW_LIMIT, description=LIMIT_DESCRIPTION)


# -- output ------------------------------------------------------------------------------
_NODE = {"id": "lag:region-orebro-lan-suicidprevention", "label": "LAG Suicidprevention",
         "title": "LAG Suicidprevention\nlokal arbetsgrupp, regional nivå\nlag:region-orebro-lan-suicidprevention",
         "color": {"background": "#2e9e5b", "border": "#111111",
                   "highlight": {"background": "#2e9e5b", "border": "#111111"}},
         "shape": "ellipse", "size": 28, "group": "working_group", "borderWidth": 4, "kind": "lag",
         "governance_level": "region", "members": [], "font": {"color": "#ffffff"}}
_EDGE = {"id": "lag:region-orebro-lan-suicidprevention|REPORTS_TO||lpo:region-orebro-lan-psykisk-halsa",
         "from": "lag:region-orebro-lan-suicidprevention", "to": "lpo:region-orebro-lan-psykisk-halsa",
         "label": "3. rapporterar till", "title": "3. rapporterar till\nLAG Suicidprevention reports to LPO Psykisk "
                                                   "hälsa", "color": "#ff6a00", "dashes": False, "width": 5,
         "arrows": "to", "type": "REPORTS_TO", "family": "reporting", "numbers": [3],
         "font": {"color": "#222222", "size": 13}}
_STEP = {"route": "Örebro kommun", "number": 3, "edge": _EDGE["id"], "from": "lpo:region-orebro-lan-psykisk-halsa",
         "to": "lag:region-orebro-lan-suicidprevention",
         "explanation": "LAG Suicidprevention reports to LPO Psykisk hälsa",
         "source": "000_9d1f36fc60801c79.txt §3.6", "remarks": [], "fallback": False}


class VisNode(BaseModel):
    """A node as vis-network draws it: colour by level, shape by kind, a thick border for the focus or a hop."""

    model_config = ConfigDict(json_schema_extra={"examples": [_NODE]})

    id: str = Field(description="the node's id, or `group:...` for a group standing for several")
    label: str = Field(description="the name as the documents write it, e.g. 'LAG Suicidprevention'")
    title: str = Field(description="the tooltip: label, kind and level, id (or a group's members), one a line")
    color: dict[str, Any]
    shape: str = Field(description="vis-network's shape, chosen by kind")
    size: int
    group: str = Field(description="the legend's shape entry")
    borderWidth: int  # camelCase: vis-network's own option name
    kind: str
    governance_level: str | None = Field(description="the level that chose the colour")
    members: list[str] = Field(description="for a group: the ids it stands for")
    font: dict[str, Any] | None = Field(None, description="only where the label is written inside the shape")
    level: int | None = Field(None, description="the row of a tree, where the drawing fixes it")
    x: float | None = Field(None, description="a path's node in hop order, where no other node shares its place; a "
                                              "neighbourhood's in its band, ordered so lines cross little")
    y: float | None = Field(None, description="the band of the node's level, top (national) to bottom (municipal)")
    band: str | None = Field(None, description="a neighbourhood's band: a level, `people` or `topics`")
    opened_group: str | None = Field(None, description="the group this node is drawn out of, opened by `open`")
    opened_label: str | None = Field(None, description="that group's label, for folding it again")
    fixed: dict[str, bool] | None = Field(None, description="which of x and y the layout keeps")


class VisEdge(BaseModel):
    """An edge as vis-network draws it: line style by family; a hop of a path numbered and highlighted."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EDGE]})

    id: str
    source: str = Field(alias="from")
    target: str = Field(alias="to")
    label: str = Field(description="the relation in the documents' words; a hop's numbers first")
    title: str
    color: str
    dashes: bool | list[int]
    width: int
    arrows: str
    type: str = Field(description="the relation type, e.g. MEMBER_OF")
    family: str | None
    numbers: list[int] = Field(description="the hop numbers this edge carries on a path or chain; empty elsewhere")
    font: dict[str, Any] | None = None
    smooth: dict[str, Any] | None = Field(None, description="a bend, where several lines join the same two nodes")


class LevelEntry(BaseModel):
    key: str
    label: str
    color: str


class ShapeEntry(BaseModel):
    key: str
    label: str
    shape: str
    symbol: str
    kinds: list[str]


class FamilyEntry(BaseModel):
    key: str
    label: str
    color: str
    dashes: bool | list[int]
    width: int


class HighlightEntry(BaseModel):
    label: str
    color: str
    fallback_color: str


class Legend(BaseModel):
    """The legend entries the drawing uses, labelled in Swedish as the documents write them."""

    levels: list[LevelEntry]
    shapes: list[ShapeEntry]
    families: list[FamilyEntry]
    highlight: HighlightEntry | None = None


class VisStep(BaseModel):
    """One hop of a path or chain, numbered along its route, with the sentence explaining it."""

    model_config = ConfigDict(json_schema_extra={"examples": [_STEP]})

    route: str = Field(description="the route's target (a path) or start (a chain)")
    number: int
    edge: str = Field(description="the id of the drawn edge")
    source: str = Field(alias="from")
    target: str = Field(alias="to")
    explanation: str
    document: str | None = Field(alias="source", description="document and section stating the hop")
    source_name: str | None = Field(None, description="the source as a person reads it: the document's title and "
                                                      "issuer, then the section")
    remarks: list[str]
    fallback: bool


class VisDrawing(BaseModel):
    """A drawing: vis-network's nodes, edges and options, with its legend, notes and hop explanations."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "title": "NPO Psykisk hälsa → Örebro kommun on 2025-06-01", "nodes": [_NODE], "edges": [_EDGE],
        "options": {"physics": {"enabled": False}},
        "legend": {"levels": [{"key": "region", "label": "regional nivå", "color": "#2e9e5b"}],
                   "shapes": [{"key": "working_group", "label": "arbetsgrupp", "shape": "ellipse", "symbol": "◯",
                               "kinds": ["nag", "lag"]}],
                   "families": [{"key": "reporting", "label": "rapportering", "color": "#2c3e50", "dashes": False,
                                 "width": 2}],
                   "highlight": {"label": "kontaktväg", "color": "#ff6a00", "fallback_color": "#c9a000"}},
        "notes": [], "steps": [_STEP]}]})

    title: str
    nodes: list[VisNode]
    edges: list[VisEdge]
    options: dict[str, Any] = Field(description="vis-network's options: physics, or a hierarchical layout")
    legend: Legend
    notes: list[str] = Field(description="what was filtered, grouped or left out, and routes that were not found")
    steps: list[VisStep] = Field(description="a path's or chain's hops in order; empty for a neighbourhood")


# -- routes ------------------------------------------------------------------------------
@router.get("/neighbourhood/{uid}", response_model=VisDrawing, response_model_exclude_unset=True,
            summary="The neighbourhood of one node as a drawing, filtered, with its legend and notes.")
def draw_neighbourhood(graph: GraphDep, who: CallerDep, uid: NodeUid,
                       query: Annotated[NeighbourhoodDrawingQuery, Query()]) -> dict[str, Any]:
    """What `govgraph viz --focus` draws: every node at most `depth` steps away that the filters let through."""
    for parameter, given in (("region", query.region), ("knowledge_area", query.knowledge_area)):
        if given is not None:
            kind_of(graph, uid=given, parameter=parameter)
    filters = query.model_dump(exclude={"depth", "tree", "limit", "group_by", "open"})
    try:
        found = neighbourhood(graph, around=uid, depth=query.depth, max_nodes=WALK_BUDGET, **filters)
    except NeighbourhoodFilterError as error:
        raise QueryParameterError(error.parameter, str(error)) from None
    if found is None:
        raise UnknownId("uid", uid)
    return neighbourhood_drawing(found, limit=query.limit, tree=query.tree, group_by=query.group_by,
                                 opened=frozenset(query.open or ())).as_vis()


@router.get("/path", response_model=VisDrawing, response_model_exclude_unset=True,
            summary="The contact path from a programme area to each target as a drawing, hops numbered.")
def draw_path(graph: GraphDep, who: CallerDep, query: Annotated[PathDrawingQuery, Query()]) -> dict[str, Any]:
    """What `govgraph viz --path` draws: the routes of `GET /paths/contact`, each hop highlighted and explained."""
    at = datetime.date.fromisoformat(query.at) if query.at else datetime.date.today()
    index = route_index(graph)
    try:
        if len(expand_targets(index, query.to)) > MAX_PATH_TARGETS:
            raise QueryParameterError("to", f"the targets name more than {MAX_PATH_TARGETS} municipalities, people "
                                            "or units; ask for fewer")
        answer = contact_paths(index, query.source, query.to, PathOptions(at))
    except PathError as error:
        raise QueryParameterError(error.parameter, str(error)) from None
    asked = None
    if len(query.to) == 1:
        target = index.nodes[query.to[0]]
        asked = NodeRef(query.to[0], target.name_on(at), target.kind)
    return path_drawing(answer, context=node_context(graph, path_uids(answer)), limit=query.limit, tree=query.tree,
                        asked=asked).as_vis()


@router.get("/chain/{uid}", response_model=VisDrawing, response_model_exclude_unset=True,
            summary="The reporting chain of a body, person or post as an organisation chart.")
def draw_chain(graph: GraphDep, who: CallerDep, uid: NodeUid,
               query: Annotated[ChainDrawingQuery, Query()]) -> dict[str, Any]:
    """What `govgraph viz --chain` draws: the answer of `GET /chains/{uid}`, the top of the line above."""
    with asked_of(uid):
        answer = reporting_chain(graph, uid, day_or_today(query.at))
    return chain_drawing(answer, context=node_context(graph, chain_uids(answer)), limit=query.limit,
                         tree=query.tree).as_vis()


def chain_uids(answer: ChainAnswer) -> list[str]:
    """Every node a chain drawing shows, for their levels and counties."""
    uids = {answer.subject.uid, *(hop.target.uid for hop in answer.memberships)}
    uids |= {ref.uid for chain in answer.chains for step in chain.steps for ref in (*step.route, *step.led_by)}
    return sorted(uids)
