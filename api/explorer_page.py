"""The explorer page: a neighbourhood drawn with vis-network, self-contained so it works offline.

`api.drawing` makes the nodes, edges and options; the page template is our
own because pyvis's template loads Bootstrap and, unless inlined, vis-network
from CDNs. vis-network's script and style are read from the copy bundled with
pyvis and written into the page, so a browser with no internet draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from api.drawing import LEVEL_COLOURS, LINE_STYLES, NO_LEVEL, NO_LEVEL_COLOUR, neighbourhood_drawing
from api.models import EntitySummary
from api.neighbourhood import MAX_NODES, Neighbourhood, effective_level
from graphmodel.model import LEVELS, NODE_KINDS
from graphmodel.vocabulary import FAMILIES

TEMPLATE_DIR = Path(__file__).parent / "static"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


@dataclass(frozen=True)
class Swatch:
    label: str
    colour: str


# The page's legend, in the drawing's colours: entities by level (shape tells the kind).
NODE_GROUPS: dict[str, Swatch] = {
    **{key: Swatch(f"{LEVELS[key].en} level", colour) for key, colour in LEVEL_COLOURS.items()},
    NO_LEVEL: Swatch("no level (people, posts, knowledge areas)", NO_LEVEL_COLOUR),
}
FAMILY_COLOURS: dict[str, str] = {key: style.colour for key, style in LINE_STYLES.items()}


def node_group(entity: EntitySummary) -> str:
    return effective_level(entity.kind, entity.level) or NO_LEVEL


def kind_label(kind: str) -> str:
    return NODE_KINDS[kind].en if kind in NODE_KINDS else kind


def level_label(level: str | None) -> str | None:
    return LEVELS[level].en if level in LEVELS else level


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html"]))


@lru_cache(maxsize=1)
def vis_assets() -> tuple[Markup, Markup]:
    """vis-network's script and style from the copy bundled with pyvis, to write into a page."""
    script = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    style = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    return Markup(script), Markup(style)


def render_page(found: Neighbourhood | None, *, depth: int, max_depth: int, explorer_url: str,
                entities_url: str) -> str:
    """The whole HTML page; without a neighbourhood it shows the search only."""
    script, style = vis_assets()
    nodes, edges, options = [], [], {}
    if found is not None:
        # The walk's own budget bounds this page, so nothing is folded that the list beside it shows.
        drawn = neighbourhood_drawing(found, limit=MAX_NODES, words="en").as_vis()
        nodes, edges, options = drawn["nodes"], drawn["edges"], drawn["options"]
    listed = sorted(found.nodes.values(), key=lambda entity: entity.name.casefold()) if found else []
    return _environment().get_template("explorer.html").render(
        found=found, listed=listed, depth=depth, max_depth=max_depth, nodes=nodes, edges=edges,
        options=options, vis_script=script, vis_style=style, explorer_url=explorer_url,
        entities_url=entities_url, node_groups=NODE_GROUPS, group_of=node_group, family_colours=FAMILY_COLOURS,
        families=FAMILIES, kind_label=kind_label, level_label=level_label,
    )
