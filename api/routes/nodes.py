"""The nodes of the graph: search them, read one with its memberships and edges, walk its neighbourhood."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.auth import CallerDep
from api.deps import GraphDep
from api.models_nodes import (
    NeighbourhoodEdge,
    NeighbourhoodRequest,
    NodeDetail,
    NodeNeighbourhood,
    NodePage,
    NodeSearch,
)
from api.neighbourhood import (
    DrawnEdge,
    Neighbourhood,
    NeighbourhoodFilterError,
    neighbourhood,
)
from api.reads import kind_of, node_detail, search_nodes
from cypher.params import QueryParameterError, UnknownId

router = APIRouter(prefix="/nodes", tags=["nodes"])
NodeUid = Annotated[str, Path(min_length=1, max_length=300, description="the node's id, e.g. region:18")]


@router.get("", response_model=NodePage, name="find_nodes",
            summary="Find nodes by name, kind, level, region, knowledge area and date, a page at a time.")
def find_nodes(graph: GraphDep, who: CallerDep, search: Annotated[NodeSearch, Query()]) -> NodePage:
    """Nodes matching every filter given, ordered by name and id, with the total count of matches.

    `region` takes a region, county, healthcare region or municipality: a region and the county it serves
    count as one place, whose nodes are those belonging to it, located in it, serving it or part of it,
    whatever is part of those, their members and the holders of their posts. `knowledge_area` takes a
    knowledge area or an NPO: the bodies covering the area and those mirroring them (RPOs, LPOs). An id
    that names no node is a 404; an id of the wrong kind a 422.
    """
    return search_nodes(graph, **search.model_dump())


@router.get("/{uid}", response_model=NodeDetail, name="node",
            summary="One node with its properties, memberships, source document and edges.")
def read_node(graph: GraphDep, who: CallerDep, uid: NodeUid) -> NodeDetail:
    """The node's properties (people's email and phone only with an API key), the groups it sits in, its
    members, and every other edge in and out with the node at the other end."""
    detail = node_detail(graph, uid=uid, personal=who.authenticated)
    if detail is None:
        raise UnknownId("uid", uid)
    return detail


@router.get("/{uid}/neighbourhood", response_model=NodeNeighbourhood, name="node_neighbourhood",
            summary="The nodes and edges within a few steps of one node, optionally filtered.")
def node_neighbourhood(graph: GraphDep, who: CallerDep, uid: NodeUid,
                       walk: Annotated[NeighbourhoodRequest, Query()]) -> NodeNeighbourhood:
    """Every node at most `depth` edges away, whatever the edges' direction, and the edges that reached
    them; the walk stops adding nodes at `max_nodes` and then says `truncated`. A node or edge the filters
    leave out is not drawn and the walk does not go on beyond it. An id that names no node is a 404."""
    # The walk's own check cannot tell an unknown id from one of the wrong kind; an unknown one is a 404 here.
    for parameter, given in (("region", walk.region), ("knowledge_area", walk.knowledge_area)):
        if given is not None:
            kind_of(graph, uid=given, parameter=parameter)
    try:
        found = neighbourhood(graph, around=uid, **walk.model_dump())
    except NeighbourhoodFilterError as error:
        raise QueryParameterError(error.parameter, str(error)) from None
    if found is None:
        raise UnknownId("uid", uid)
    return neighbourhood_answer(found)


def neighbourhood_answer(found: Neighbourhood) -> NodeNeighbourhood:
    return NodeNeighbourhood(centre=found.centre, nodes=list(found.nodes.values()),
                             edges=[drawn_edge(edge) for edge in found.edges.values()], truncated=found.truncated)


def drawn_edge(drawn: DrawnEdge) -> NeighbourhoodEdge:
    edge = drawn.edge
    return NeighbourhoodEdge(from_uid=drawn.source, to_uid=drawn.target, type=edge.type, family=edge.family,
                             role=edge.role, start=edge.start, end=edge.end, source=edge.source,
                             properties=edge.properties)
