"""Exporting the graph, or part of it: the importer's workbook, GraphML, or Popolo-style JSON.

The same selections and writers as `govgraph export`. People's e-mail and
phone travel only to callers with an API key; an anonymous export never
holds them, in any format. As on the command line, GraphML and JSON hold them
only when `include_contact=true` is asked; the workbook unless it is false.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.auth import CallerDep
from api.deps import GraphDep
from api.models_admin import ExportFormat, ExportSelection, PopoloExport
from cypher.params import QueryParameterError, UnknownId
from graphmodel.engine import Graph
from graphmodel.vocabulary import slug
from importers.chart import Chart
from importers.export import Subgraph, chart_from_subgraph, read_subgraph
from importers.export_graphml import CONTACT_PROPERTIES, graphml_bytes
from importers.export_popolo import popolo_document
from importers.export_select import SelectionError, UnknownNode
from importers.export_workbook import xlsx_bytes

router = APIRouter(prefix="/exports", tags=["exports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GRAPHML = "application/graphml+xml"
JSON = "application/json"
MEDIA_TYPES = {ExportFormat.workbook: XLSX, ExportFormat.graphml: GRAPHML, ExportFormat.json: JSON}
SUFFIXES = {ExportFormat.workbook: "xlsx", ExportFormat.graphml: "graphml", ExportFormat.json: "json"}
BINARY = {"schema": {"type": "string", "format": "binary"}}

EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {200: {
    "model": PopoloExport,
    "description": "the export as a download: an .xlsx workbook, a GraphML document or Popolo-style JSON",
    "content": {XLSX: BINARY, GRAPHML: {"schema": {"type": "string"}}},
    "headers": {"Content-Disposition": {"description": "attachment; filename=\"govgraph….<suffix>\"",
                                        "schema": {"type": "string"}}},
}}


@router.get("/{format}", response_class=Response, response_model=None, responses=EXPORT_RESPONSES,
            summary="Download the graph, or a node's neighbourhood or a region's share, as a file.")
def export_graph(graph: GraphDep, who: CallerDep,
                 export_format: Annotated[ExportFormat, Path(alias="format",
                                                             description="workbook, graphml or json")],
                 selection: Annotated[ExportSelection, Query()]) -> Response:
    """The export `govgraph export` writes; e-mail and phone only for callers with an API key, and in GraphML and
    JSON only with `include_contact=true`.

    `workbook` is the .xlsx that `POST /imports` reads back; `graphml` is for
    Gephi, yEd or Cytoscape; `json` is Popolo-style. `around` + `depth`
    takes a node and everything at most `depth` edges away; `region` a
    territory's share (see `govgraph export --help`).
    """
    subgraph = _selected(graph, selection)
    include_contact = who.authenticated and wants_contact(export_format, selection)
    content = export_bytes(export_format, subgraph, include_contact=include_contact)
    filename = f"{export_name(selection)}.{SUFFIXES[export_format]}"
    return Response(content, media_type=MEDIA_TYPES[export_format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def wants_contact(export_format: ExportFormat, selection: ExportSelection) -> bool:
    """Whether the caller asked for e-mail and phone: as `govgraph export`, the workbook holds them unless told
    otherwise, GraphML and JSON (made to be shared) only when asked."""
    if selection.include_contact is not None:
        return selection.include_contact
    return export_format is ExportFormat.workbook


def _selected(graph: Graph, selection: ExportSelection) -> Subgraph:
    if selection.around is not None and selection.region is not None:
        raise QueryParameterError("region", "choose either around or region, not both")
    if selection.depth is not None and selection.around is None:
        raise QueryParameterError("depth", "depth only applies with around")
    depth = 1 if selection.depth is None else selection.depth
    try:
        return read_subgraph(graph, around=selection.around, depth=depth, region=selection.region)
    except UnknownNode as error:
        raise UnknownId(error.parameter, error.uid) from None
    except SelectionError as error:
        raise QueryParameterError(error.parameter, str(error)) from None


def export_bytes(export_format: ExportFormat, subgraph: Subgraph, *, include_contact: bool) -> bytes:
    if export_format is ExportFormat.graphml:
        return graphml_bytes(subgraph, include_contact=include_contact)
    chart = chart_from_subgraph(subgraph)
    if export_format is ExportFormat.json:
        document = popolo_document(chart, include_contact=include_contact)
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return xlsx_bytes(chart if include_contact else without_contact(chart))


def without_contact(chart: Chart) -> Chart:
    """The chart with every person's e-mail and phone left empty."""
    cleared = dict.fromkeys(CONTACT_PROPERTIES)
    return dataclasses.replace(chart, people=[dataclasses.replace(person, **cleared) for person in chart.people])


def export_name(selection: ExportSelection) -> str:
    """`govgraph`, `govgraph-around-<id>-<depth>` or `govgraph-region-<id>`, in plain ASCII."""
    if selection.around is not None:
        depth = 1 if selection.depth is None else selection.depth
        return f"govgraph-around-{slug(selection.around)}-{depth}"
    if selection.region is not None:
        return f"govgraph-region-{slug(selection.region)}"
    return "govgraph"
