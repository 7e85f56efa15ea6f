"""A drawing as a static SVG picture, for `govgraph viz -o FILE.svg`: no script, opens anywhere.

With no browser to run a layout, the nodes are placed by rule: a neighbourhood where the explorer places it
(the level bands of api/drawing_layout.py); a path or chain with each level a horizontal band (national at
the top, municipal at the bottom; a node without a level between the bands of those it is tied to, as the
explorer draws a path), and within a band in hop order, then in the order the drawing met them.
"""

from __future__ import annotations

from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

from api.drawing import (FALLBACK_HIGHLIGHT, HIGHLIGHT, Drawing, DrawnLine, DrawnNode, level_colour, line_style,
                         node_bands)
from api.drawing_layout import band_places, wrapped

COLUMN_WIDTH = 190
BAND_HEIGHT = 150
MARGIN = 60
NODE_RADIUS = 9
FONT = "system-ui, sans-serif"


def _places(drawing: Drawing) -> dict[str, tuple[float, float]]:
    if drawing.banded:
        return _banded_places(drawing)
    bands = node_bands(drawing.nodes, drawing.lines)
    by_band: dict[float, list[DrawnNode]] = defaultdict(list)
    for node in drawing.nodes:
        by_band[bands[node.id]].append(node)
    places = {}
    for band, nodes in by_band.items():
        ordered = sorted(enumerate(nodes), key=lambda pair: (pair[1].tier is None, pair[1].tier or 0, pair[0]))
        for column, (_, node) in enumerate(ordered):
            places[node.id] = (MARGIN + column * COLUMN_WIDTH, MARGIN + band * BAND_HEIGHT)
    return places


def _banded_places(drawing: Drawing) -> dict[str, tuple[float, float]]:
    """A neighbourhood where the explorer draws it (api/drawing_layout.py), moved inside the margins."""
    focus = next((node.id for node in drawing.nodes if node.focus), None)
    places = band_places(drawing.nodes, drawing.lines, focus)
    if not places:
        return {}
    left = min(x for x, _ in places.values())
    top = min(y for _, y in places.values())
    return {uid: (round(MARGIN + COLUMN_WIDTH / 2 + x - left), round(MARGIN + y - top))
            for uid, (x, y) in places.items()}


def _line(line: DrawnLine, places: dict[str, tuple[float, float]]) -> str:
    (x1, y1), (x2, y2) = places[line.source], places[line.target]
    style = line_style(line.family)
    colour = (FALLBACK_HIGHLIGHT if line.fallback else HIGHLIGHT) if line.numbers else style.colour
    width = 4 if line.numbers else style.width
    arrow = 'marker-start="url(#arrow)"' if line.against else 'marker-end="url(#arrow)"'
    pattern = style.dashes if isinstance(style.dashes, tuple) else (6, 4) if style.dashes else ()
    dashes = f' stroke-dasharray="{" ".join(str(dash) for dash in pattern)}"' if pattern and not line.numbers else ""
    label = (f'<text x="{(x1 + x2) / 2:.0f}" y="{(y1 + y2) / 2 - 4:.0f}" font-size="11" text-anchor="middle" '
             f'fill="#333">{escape(line.label)}</text>')
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-width="{width}"{dashes} '
            f'{arrow}><title>{escape(" — ".join((line.label, *line.details)))}</title></line>{label}')


def _node(node: DrawnNode, place: tuple[float, float]) -> str:
    x, y = place
    border = "#111111" if node.focus else HIGHLIGHT if node.on_path else "#4b5563"
    return (f'<g data-id={quoteattr(node.id)}><title>{escape(chr(10).join((node.label, *node.details)))}</title>'
            f'<circle cx="{x}" cy="{y}" r="{NODE_RADIUS + (4 if node.focus else 0)}" fill="{level_colour(node.level)}" '
            f'stroke="{border}" stroke-width="{3 if node.focus or node.on_path else 1}"/>'
            f'<text x="{x}" y="{y + NODE_RADIUS + 16}" font-size="13" text-anchor="middle" fill="#222">'
            f'{_label_lines(node.label, x)}</text></g>')


def _label_lines(label: str, x: float) -> str:
    # Wrapped as the explorer wraps it, so long names in a band do not run into their neighbours.
    return "".join(f'<tspan x="{x}" dy="{0 if index == 0 else 15}">{escape(line)}</tspan>'
                   for index, line in enumerate(wrapped(label)))


def drawing_svg(drawing: Drawing) -> str:
    """The drawing as an SVG document: the title, every line (with its arrow and label) and every node."""
    places = _places(drawing)
    width = max((x for x, _ in places.values()), default=0) + MARGIN + COLUMN_WIDTH / 2
    height = max((y for _, y in places.values()), default=0) + MARGIN + 30
    lines = [_line(line, places) for line in drawing.lines if line.source in places and line.target in places]
    nodes = [_node(node, places[node.id]) for node in drawing.nodes]
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height + 30:.0f}" '
        f'viewBox="0 -30 {width:.0f} {height + 30:.0f}" font-family="{FONT}">',
        f"<title>{escape(drawing.title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="22" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        f'<rect x="0" y="-30" width="{width:.0f}" height="{height + 30:.0f}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="-6" font-size="16" font-weight="bold">{escape(drawing.title)}</text>',
        *lines, *nodes, "</svg>", ""])
