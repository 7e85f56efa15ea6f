"""The explorer page: a neighbourhood drawn with pyvis (vis-network), self-contained so it works offline.

pyvis builds the nodes, edges and options; the page template is our own
because pyvis's template loads Bootstrap and, unless inlined, vis-network from
CDNs. vis-network's script and style are read from the copy bundled with
pyvis and written into the page, so a browser with no internet draws it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from api.models import EntitySummary
from api.neighbourhood import DrawnEdge, Neighbourhood
from graphmodel.model import BODY_KINDS, EDGE_KINDS, NODE_KINDS, TERRITORY_KINDS
from graphmodel.vocabulary import FAMILIES, LEVELS, ROLES

TEMPLATE_DIR = Path(__file__).parent / "static"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


@dataclass(frozen=True)
class Swatch:
    label: str
    colour: str


# Bodies by the level they sit at; everything else by what it is.
NODE_GROUPS: dict[str, Swatch] = {
    "national": Swatch("national body", "#1f5fa8"),
    "healthcare_region": Swatch("healthcare-regional body", "#7b4fb3"),
    "region": Swatch("regional body", "#2e9e5b"),
    "municipality": Swatch("municipal body", "#e08a1e"),
    "body": Swatch("body, level not given", "#8c8c8c"),
    "territory": Swatch("territory", "#c9a227"),
    "person": Swatch("person", "#d6456b"),
    "other": Swatch("post, knowledge area or decision matter", "#4fb3c9"),
}

FAMILY_COLOURS: dict[str, str] = {
    "reporting": "#2c3e50",
    "representation": "#d6456b",
    "mandate": "#b03a2e",
    "communication": "#16a085",
    "structure": "#9a9a9a",
}
UNKNOWN_FAMILY_COLOUR = "#bbbbbb"

OPTIONS = {
    "nodes": {"shape": "dot", "size": 14, "font": {"size": 14}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "font": {"size": 10, "align": "middle"},
              "smooth": {"type": "dynamic"}},
    "physics": {"solver": "forceAtlas2Based", "forceAtlas2Based": {"springLength": 120},
                "stabilization": {"iterations": 200}},
    "interaction": {"hover": True, "navigationButtons": False},
}


def node_group(entity: EntitySummary) -> str:
    if entity.kind == "person":
        return "person"
    if entity.kind in TERRITORY_KINDS:
        return "territory"
    if entity.kind in BODY_KINDS:
        return entity.level if entity.level in NODE_GROUPS else "body"
    return "other"


def kind_label(kind: str) -> str:
    return NODE_KINDS[kind].en if kind in NODE_KINDS else kind


def level_label(level: str | None) -> str | None:
    return LEVELS[level].en if level in LEVELS else level


def edge_label(drawn: DrawnEdge) -> str:
    edge = drawn.edge
    label = EDGE_KINDS[edge.type].en if edge.type in EDGE_KINDS else edge.type
    if edge.role:
        label += f" ({ROLES[edge.role].en if edge.role in ROLES else edge.role})"
    return label


def node_tooltip(entity: EntitySummary) -> str:
    lines = [entity.name, kind_label(entity.kind)]
    if entity.level:
        lines[-1] += f", {level_label(entity.level)} level"
    lines.append(entity.uid)
    return "\n".join(lines)


def edge_tooltip(drawn: DrawnEdge) -> str:
    edge = drawn.edge
    lines = [f"{edge.type} ({edge.family or 'outside the vocabulary'})"]
    if edge.start or edge.end:
        lines.append(f"{edge.start or '…'} – {edge.end or '…'}")
    if edge.source:
        lines.append(f"source: {edge.source}")
    return "\n".join(lines)


def build_network(found: Neighbourhood) -> Network:
    """The neighbourhood as a pyvis network: nodes coloured by group, edges by family, centre emphasised."""
    network = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    for entity in found.nodes.values():
        is_centre = entity.uid == found.centre.uid
        network.add_node(entity.uid, label=entity.name, title=node_tooltip(entity),
                         color=NODE_GROUPS[node_group(entity)].colour,
                         size=24 if is_centre else 14, borderWidth=4 if is_centre else 1)
    for drawn in found.edges.values():
        colour = FAMILY_COLOURS.get(drawn.edge.family or "", UNKNOWN_FAMILY_COLOUR)
        network.add_edge(drawn.source, drawn.target, label=edge_label(drawn), title=edge_tooltip(drawn),
                         color=colour)
    network.options = OPTIONS
    return network


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html"]))


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[Markup, Markup]:
    script = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    style = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    return Markup(script), Markup(style)


def render_page(found: Neighbourhood | None, *, depth: int, max_depth: int, explorer_url: str,
                entities_url: str) -> str:
    """The whole HTML page; without a neighbourhood it shows the search only."""
    script, style = _vis_assets()
    nodes, edges, options = [], [], "{}"
    if found is not None:
        nodes, edges, _, _, _, options = build_network(found).get_network_data()
    listed = sorted(found.nodes.values(), key=lambda entity: entity.name.casefold()) if found else []
    return _environment().get_template("explorer.html").render(
        found=found, listed=listed, depth=depth, max_depth=max_depth, nodes=nodes, edges=edges,
        options=json.loads(options), vis_script=script, vis_style=style, explorer_url=explorer_url,
        entities_url=entities_url, node_groups=NODE_GROUPS, group_of=node_group, family_colours=FAMILY_COLOURS,
        families=FAMILIES, kind_label=kind_label, level_label=level_label,
    )
