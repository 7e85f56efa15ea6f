"""`govgraph export`: the graph, or part of it, as a workbook, CSV files, GraphML or Popolo JSON."""

from __future__ import annotations

from pathlib import Path

import typer

from graphmodel.cli.common import open_graph_for_command, out
from importers.chart import SHEETS, Chart
from importers.export import Subgraph, chart_from_subgraph, read_subgraph
from importers.export_graphml import write_graphml
from importers.export_popolo import write_popolo
from importers.export_select import SelectionError
from importers.export_workbook import write_csv_folder, write_xlsx

FORMATS = ("xlsx", "csv", "graphml", "popolo")
SUFFIX_FORMATS = {".xlsx": "xlsx", ".graphml": "graphml", ".json": "popolo"}


def export_command(
    output: Path = typer.Argument(..., help="file (.xlsx, .graphml, .json) or folder (CSV) to write"),
    export_format: str | None = typer.Option(None, "--format",
                                             help="xlsx, csv, graphml or popolo; default from OUTPUT"),
    around: str | None = typer.Option(None, "--around", help="export the node with this id and its neighbours"),
    depth: int | None = typer.Option(None, "--depth", help="with --around: how many edges away (default 1)"),
    region: str | None = typer.Option(None, "--region", help="export this territory's share of the graph"),
    include_contact: bool = typer.Option(False, "--include-contact",
                                         help="GraphML and Popolo: include e-mail and phone"),
) -> None:
    """Export the graph, or part of it.

    Formats: xlsx (the workbook `govgraph import` reads), csv (a folder of
    the same sheets as .csv files), graphml (Gephi, yEd, Cytoscape) and
    popolo (Popolo JSON). Without --format, OUTPUT's suffix decides: .xlsx,
    .graphml or .json; anything else is a folder of CSV files.

    --around ID --depth N: the node and everything at most N edges away, in
    either direction (default depth 1). --region ID: a territory (region,
    municipality, healthcare region, county), every node that BELONGS_TO it
    and everything PART_OF those, their members and the people holding their
    posts, and the knowledge areas and decision matters they cover or hold
    mandates over. Only edges with both ends in the selection are exported;
    ids in memberships' represents and appointed_by may point outside it.

    Workbook and CSV exports hold e-mail and phone: they are your own data
    and import back as they are. GraphML and Popolo files are made to be
    shared, so they leave contact details out unless --include-contact is
    given."""
    chosen = _format(export_format, output)
    _check_selection(around, depth, region)
    graph = open_graph_for_command()
    try:
        subgraph = read_subgraph(graph, around=around, depth=1 if depth is None else depth, region=region)
    except SelectionError as error:
        raise typer.BadParameter(str(error), param_hint=f"--{error.parameter}") from error
    out.print(_write(chosen, subgraph, output, include_contact))


def _write(chosen: str, subgraph: Subgraph, output: Path, include_contact: bool) -> str:
    """Write the export; returns what was written, for the user."""
    if chosen == "graphml":
        write_graphml(subgraph, output, include_contact=include_contact)
        return f"Wrote {len(subgraph.nodes)} nodes and {len(subgraph.edges)} edges to {output} (GraphML)."
    chart = chart_from_subgraph(subgraph)
    if chosen == "popolo":
        document = write_popolo(chart, output, include_contact=include_contact)
        counts = ", ".join(f"{len(rows)} {name}" for name, rows in document.items())
        return f"Wrote {counts} to {output} (Popolo JSON)."
    if chosen == "xlsx":
        write_xlsx(chart, output)
        return f"Wrote {_sheet_counts(chart)} to {output}."
    written = write_csv_folder(chart, output)
    return f"Wrote {_sheet_counts(chart)} to {len(written)} CSV files in {output}."


def _format(option: str | None, output: Path) -> str:
    suffix = output.suffix.lower()
    if option is None:
        chosen = SUFFIX_FORMATS.get(suffix, "csv")
    elif option.lower() in FORMATS:
        chosen = option.lower()
    else:
        raise typer.BadParameter(f"unknown format '{option}'; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    if chosen == "xlsx" and suffix != ".xlsx":
        raise typer.BadParameter(f"an xlsx workbook must be named *.xlsx to import back, got '{output}'",
                                 param_hint="OUTPUT")
    if chosen == "csv" and (suffix == ".xlsx" or output.is_file()):
        raise typer.BadParameter(f"CSV export writes a folder; '{output}' is or looks like a file",
                                 param_hint="OUTPUT")
    if output.is_dir() and chosen != "csv":
        raise typer.BadParameter(f"'{output}' is a folder; {chosen} export writes a file", param_hint="OUTPUT")
    return chosen


def _check_selection(around: str | None, depth: int | None, region: str | None) -> None:
    if around is not None and region is not None:
        raise typer.BadParameter("choose either --around or --region, not both", param_hint="--region")
    if depth is not None and around is None:
        raise typer.BadParameter("--depth only applies with --around", param_hint="--depth")
    if depth is not None and depth < 0:
        raise typer.BadParameter(f"must be 0 or more, got {depth}", param_hint="--depth")


def _sheet_counts(chart: Chart) -> str:
    return ", ".join(f"{len(getattr(chart, sheet.name))} {sheet.name}" for sheet in SHEETS)
