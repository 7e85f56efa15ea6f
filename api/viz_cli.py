"""`govgraph viz`: a neighbourhood, contact path or reporting chain as one HTML file that works offline.

The page carries vis-network's script and style from the copy bundled with
pyvis (no CDN, no Bootstrap), the drawing's data, its legend, its notes and,
for a path or chain, the explanation of every hop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from jinja2 import Environment, select_autoescape

from api.drawing import DRAW_LIMIT, GROUP_BY, Drawing, chain_drawing, neighbourhood_drawing, path_drawing
from api.drawing_svg import drawing_svg
from api.explorer_page import vis_assets
from api.neighbourhood import NeighbourhoodFilterError, neighbourhood, node_context
from cypher.chain import NotAChainStart, UnknownNode, reporting_chain
from cypher.contact_path import PathAnswer, PathError, PathOptions, contact_paths
from cypher.explain import NodeRef
from cypher.query_options import option_day
from cypher.params import QueryParameterError
from cypher.route_index import route_index
from graphmodel.cli.common import note, open_graph_for_command, out
from graphmodel.engine import Graph
from graphmodel.messages import LANGUAGES, SWEDISH, set_language

MAX_VIZ_DEPTH = 4
# The walk may gather more than a drawing shows: the drawing folds and says what it folded.
WALK_BUDGET = 800
FILTER_OPTIONS = {"families": "--family", "kinds": "--kind", "levels": "--level", "region": "--region",
                  "knowledge_area": "--area"}


def viz_command(
    output: Path = typer.Option(..., "-o", "--output", dir_okay=False,
                                help="the file to write: FILE.html (interactive, offline) or FILE.svg (a picture)"),
    focus: str | None = typer.Option(None, "--focus", help="id of the entity to draw the neighbourhood of"),
    depth: int = typer.Option(1, "--depth", min=1, max=MAX_VIZ_DEPTH, help="steps out from --focus"),
    path: tuple[str, str] | None = typer.Option(None, "--path", metavar="FROM TO",
                                                help="draw the contact path from FROM to TO (see `govgraph path`)"),
    chain: str | None = typer.Option(None, "--chain", help="draw the reporting chain of this body or person"),
    at: str | None = typer.Option(None, "--at", help="the date, YYYY-MM-DD; for --focus only what is valid "
                                                     "then (default: every date), else default today"),
    tree: bool | None = typer.Option(None, "--tree/--no-tree", help="a hierarchical layout, like an organisation "
                                                                    "chart (default: for --chain only)"),
    family: list[str] = typer.Option([], "--family", help="--focus: follow only edges of this family"),
    kind: list[str] = typer.Option([], "--kind", help="--focus: only entities of this kind"),
    level: list[str] = typer.Option([], "--level", help="--focus: only bodies and places at this level"),
    region: str | None = typer.Option(None, "--region", help="--focus: only what belongs to this region (id)"),
    area: str | None = typer.Option(None, "--area", help="--focus: only what concerns this knowledge area (id)"),
    limit: int = typer.Option(DRAW_LIMIT, "--limit", min=10, help="above this many nodes, group and say so"),
    group_by: str = typer.Option("region", "--group-by", help="--focus: group a full level band by region (its "
                                                             "municipalities by county, people by body) or by kind"),
    lang: str = typer.Option(SWEDISH, "--lang", help="the language of titles, notes and hop texts: sv or en"),
) -> None:
    """Write a drawing as a standalone HTML file that opens with no internet connection.

    Choose one of --focus (with --depth), --path FROM TO, or --chain. Colour
    shows the level, shape the kind, line style the edge family; a path's
    hops are numbered and highlighted and explained beside the drawing."""
    chosen = [name for name, value in (("--focus", focus), ("--path", path), ("--chain", chain)) if value]
    if len(chosen) != 1:
        raise typer.BadParameter(f"choose exactly one of --focus, --path and --chain (got "
                                 f"{', '.join(chosen) or 'none'})", param_hint="--focus/--path/--chain")
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"'{lang}' is not a language govgraph speaks: sv or en", param_hint="--lang")
    set_language(lang)
    if group_by not in GROUP_BY:
        raise typer.BadParameter(f"'{group_by}' is not a grouping: {' or '.join(GROUP_BY)}", param_hint="--group-by")
    if output.suffix.lower() not in (".html", ".htm", ".svg"):
        raise typer.BadParameter(f"'{output.name}' is neither .html nor .svg", param_hint="--output")
    if not output.parent.is_dir():
        raise typer.BadParameter(f"the folder '{output.parent}' does not exist", param_hint="--output")
    graph = open_graph_for_command()
    if focus:
        filters = {"families": family or None, "kinds": kind or None, "levels": level or None, "region": region,
                   "knowledge_area": area}
        drawing = focus_drawing(graph, focus, depth, at=option_day(at, "--at") if at else None, tree=bool(tree),
                                limit=limit, filters=filters, group_by=group_by)
    elif path:
        drawing = contact_path_drawing(graph, *path, at=option_day(at, "--at"), tree=bool(tree), limit=limit)
    else:
        drawing = chain_of(graph, chain or "", at=option_day(at, "--at").isoformat(), tree=tree is not False,
                           limit=limit)
    picture = output.suffix.lower() == ".svg"
    output.write_text(drawing_svg(drawing) if picture else standalone_page(drawing), encoding="utf-8")
    for line in drawing.notes:
        note(line)
    out.print(f"Wrote {output}: {len(drawing.nodes)} nodes, {len(drawing.lines)} edges.")


def focus_drawing(graph: Graph, focus: str, depth: int, *, at: Any, tree: bool, limit: int,
                  filters: dict[str, Any], group_by: str = "region") -> Drawing:
    try:
        found = neighbourhood(graph, around=focus, depth=depth, max_nodes=WALK_BUDGET, at=at, **filters)
    except NeighbourhoodFilterError as error:
        raise typer.BadParameter(str(error), param_hint=FILTER_OPTIONS[error.parameter]) from error
    if found is None:
        raise typer.BadParameter(f"no entity has the id '{focus}'", param_hint="--focus")
    return neighbourhood_drawing(found, limit=limit, tree=tree, group_by=group_by)


def contact_path_drawing(graph: Graph, source: str, target: str, *, at: Any, tree: bool, limit: int) -> Drawing:
    index = route_index(graph)
    try:
        answer = contact_paths(index, source, [target], PathOptions(at))
    except (PathError, QueryParameterError) as error:
        raise typer.BadParameter(str(error), param_hint="--path") from error
    asked = NodeRef(target, index.nodes[target].name_on(at), index.nodes[target].kind)
    return path_drawing(answer, context=node_context(graph, path_uids(answer)), limit=limit, tree=tree,
                        asked=asked)


def path_uids(answer: PathAnswer) -> list[str]:
    ends = {answer.source.uid} | {route.target.uid for route in answer.routes}
    return sorted(ends | {ref.uid for route in answer.routes for hop in route.hops for ref in (hop.source, hop.target)})


def chain_of(graph: Graph, uid: str, *, at: str, tree: bool, limit: int) -> Drawing:
    try:
        answer = reporting_chain(graph, uid, at)
    except (UnknownNode, NotAChainStart) as error:
        raise typer.BadParameter(str(error), param_hint="--chain") from error
    uids = [answer.subject.uid, *(hop.target.uid for hop in answer.memberships),
            *(ref.uid for item in answer.chains for step in item.steps for ref in (*step.route, *step.led_by))]
    return chain_drawing(answer, context=node_context(graph, sorted(set(uids))), limit=limit, tree=tree)


def standalone_page(drawing: Drawing) -> str:
    script, style = vis_assets()
    template = Environment(autoescape=select_autoescape(default_for_string=True)).from_string(PAGE)
    vis = drawing.as_vis()
    return template.render(vis=vis, routes=route_listing(vis["steps"]), vis_script=script, vis_style=style)


def route_listing(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The hops by route; where routes share their opening hops (a county's twelve municipalities all
    start NPO → RPO → LPO → LAG), a later route names the shared ones instead of repeating them."""
    routes: dict[str, list[dict[str, Any]]] = {}
    for step in steps:
        routes.setdefault(step["route"], []).append(step)
    listing, seen = [], {}
    for route, route_steps in routes.items():
        shared = 0
        while shared < len(route_steps) and (route_steps[shared]["number"], route_steps[shared]["edge"]) in seen:
            shared += 1
        first = seen.get((1, route_steps[0]["edge"])) if shared else None
        listing.append({"route": route, "shared": shared, "shared_with": first, "steps": route_steps[shared:]})
        for step in route_steps:
            seen.setdefault((step["number"], step["edge"]), route)
    return listing


PAGE = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>{{ vis.title }}</title>
<style>{{ vis_style }}</style>
<script>{{ vis_script }}</script>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; font-size: 14px; color: #222; }
  body { display: flex; }
  aside { width: 360px; padding: 12px 16px; overflow-y: auto; border-right: 1px solid #ddd; box-sizing: border-box; }
  main { flex: 1; position: relative; }
  #graph { position: absolute; inset: 0; }
  h1 { font-size: 17px; margin: 0 0 8px; }
  h2 { font-size: 14px; margin: 16px 0 6px; }
  ul, ol { padding-left: 20px; margin: 0; }
  ul.legend { list-style: none; padding: 0; }
  li { margin: 3px 0; }
  .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 6px; margin-right: 6px; vertical-align: middle; }
  .symbol { display: inline-block; width: 18px; color: #555; text-align: center; margin-right: 4px; }
  .muted { color: #777; }
  .note { color: #8a4b00; }
  .fallback { color: #8a6d00; }
  #details { white-space: pre-line; background: #f6f6f6; padding: 6px 8px; min-height: 2em; }
  div.vis-tooltip { white-space: pre-line; }
</style>
</head>
<body>
<aside>
  <h1>{{ vis.title }}</h1>
  {% if vis.notes %}<ul>{% for text in vis.notes %}<li class="note">{{ text }}</li>{% endfor %}</ul>{% endif %}
  {% if routes %}
  <h2>Hops</h2>
  {% for route in routes %}
  <p class="muted">{{ route.route }}</p>
  <ol class="steps">
    {% if route.shared %}<li value="1" class="muted">{% if route.shared > 1 %}1–{% endif %}{{ route.shared }}. as for {{ route.shared_with }}</li>{% endif %}
    {% for step in route.steps %}
    <li value="{{ step.number }}" data-edge="{{ step.edge }}"{% if step.fallback %} class="fallback"{% endif %}>{{ step.explanation }}
      {% for remark in step.remarks %}<br><em>{{ remark }}</em>{% endfor %}
      {% if step.source %}<br><span class="muted">{{ step.source }}</span>{% endif %}</li>
    {% endfor %}
  </ol>
  {% endfor %}
  {% endif %}
  <h2>Selected</h2>
  <div id="details" class="muted">Click a node or a line to see its details.</div>
  <h2>Level (colour)</h2>
  <ul class="legend">
    {% for entry in vis.legend.levels %}
    <li><span class="swatch" style="background: {{ entry.color }}"></span>{{ entry.label }}</li>
    {% endfor %}
  </ul>
  <h2>Kind (shape)</h2>
  <ul class="legend">
    {% for entry in vis.legend.shapes %}<li><span class="symbol">{{ entry.symbol }}</span>{{ entry.label }}</li>{% endfor %}
  </ul>
  <h2>Relation family (line)</h2>
  <ul class="legend">
    {% for entry in vis.legend.families %}
    <li><svg width="40" height="10" aria-hidden="true"><line x1="0" y1="5" x2="40" y2="5"
      stroke="{{ entry.color }}" stroke-width="{{ entry.width + 1 }}"
      {% if entry.dashes %}stroke-dasharray="{{ entry.dashes|join(' ') }}"{% endif %}/></svg> {{ entry.label }}</li>
    {% endfor %}
    {% if vis.legend.highlight %}
    <li><svg width="40" height="10" aria-hidden="true"><line x1="0" y1="5" x2="40" y2="5"
      stroke="{{ vis.legend.highlight.color }}" stroke-width="5"/></svg> {{ vis.legend.highlight.label }}</li>
    {% endif %}
  </ul>
</aside>
<main><div id="graph"></div></main>
<script id="drawing-data" type="application/json">{{ vis|tojson }}</script>
<script>
  const drawing = JSON.parse(document.getElementById("drawing-data").textContent);
  const nodes = new vis.DataSet(drawing.nodes);
  const edges = new vis.DataSet(drawing.edges);
  const network = new vis.Network(document.getElementById("graph"), {nodes, edges}, drawing.options);
  // A tree is laid out without physics, which would otherwise end by fitting the drawing to the window.
  network.once("afterDrawing", () => network.fit());
  network.on("click", (params) => {
    const details = document.getElementById("details");
    const picked = params.nodes.length ? nodes.get(params.nodes[0]) : params.edges.length ? edges.get(params.edges[0]) : null;
    details.className = picked ? "" : "muted";
    details.textContent = picked ? picked.title : "Click a node or a line to see its details.";
  });
</script>
</body>
</html>
"""
