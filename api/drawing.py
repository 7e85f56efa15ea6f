"""Drawings of the governance graph: what the explorer, `govgraph viz` and the notebooks put on screen.

A `Drawing` is made from a neighbourhood, a contact path or a reporting chain
and knows nothing of databases or pages; `as_vis()` gives vis-network's data
and options as JSON. The legend is fixed: colour by level, shape by kind,
line style by edge family. Labels are the documents' Swedish words ("LAG
Suicidprevention", "ordförande"); `words="en"` gives the English terms for
the relation labels and tooltips instead.

A neighbourhood stands in level bands (api/drawing_layout.py), national at
the top, each band ordered so its lines cross little. Large selections stay
readable: above `limit` nodes, a neighbourhood's fuller bands are drawn as a
few groups each (by region or by kind, `group_bands`), which the caller can
open one by one; a path's or chain's municipalities are folded into one node
per county and then people into one node per group they sit in
(`fold_large`). Whatever still does not fit is left out. Each of these says
so in the drawing's notes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from api.drawing_layout import BAND_ORDER, band_of, band_places
from api.models import EntitySummary
from api.neighbourhood import DrawnEdge, Neighbourhood, NodeContext, effective_level
from cypher.chain import ChainAnswer
from cypher.contact_path import PathAnswer, Route
from cypher.explain import Hop, NodeRef
from graphmodel.documents import cite, name_citations
from graphmodel.messages import MESSAGES, text
from graphmodel.model import EDGE_CLASSES, FAMILIES, LEVELS, NODE_CLASSES, NODE_KINDS, ROLES

Words = Literal["sv", "en"]

DRAW_LIMIT = 120
HIGHLIGHT = "#ff6a00"
FALLBACK_HIGHLIGHT = "#c9a000"
FOCUS_BORDER = "#111111"


# -- the legend ------------------------------------------------------------------------------
LEVEL_COLOURS = {"national": "#1f5fa8", "healthcare_region": "#7b4fb3", "region": "#2e9e5b",
                 "municipality": "#e08a1e"}
NO_LEVEL = "none"
NO_LEVEL_COLOUR = "#8c8c8c"
# A path's route is laid out with the levels as horizontal bands, top to bottom, as the documents' sketch of
# the communication paths does; a node without a level (a person) sits between the bands of those it is tied
# to. A neighbourhood has bands of its own, with rows where a band is full (api/drawing_layout.py).
BANDS = {level: band for band, level in enumerate(LEVEL_COLOURS)}
BAND_HEIGHT = 240
# A path's nodes also stand in hop order from left to right, where no other node shares their place.
HOP_WIDTH = 180


@dataclass(frozen=True)
class Shape:
    key: str
    sv: str
    en: str
    shape: str
    symbol: str
    kinds: tuple[str, ...]


SHAPES = (
    Shape("programme_area", "programområde", "programme area", "box", "▭", ("npo", "rpo", "lpo", "lpog")),
    Shape("working_group", "arbetsgrupp", "working group", "ellipse", "◯", ("nag", "lag")),
    Shape("collaboration", "samverkansgrupp eller nätverk", "collaboration group or network", "hexagon", "⬢",
          ("nsg", "rsg", "lsg", "collaboration_group", "network")),
    Shape("governing", "styrande, rådgivande eller beredande organ", "steering, advisory or preparatory body",
          "diamond", "◆", ("steering_group", "management_group", "council", "preparatory_group")),
    Shape("organisation", "organisation eller enhet", "organisation or unit", "square", "■",
          ("organisation", "administration", "division", "area", "unit", "operation")),
    Shape("territory", "sjukvårdsregion, region, län eller kommun", "healthcare region, region, county or "
          "municipality", "triangleDown", "▼", ("healthcare_region", "region", "county", "municipality")),
    Shape("person", "person", "person", "dot", "●", ("person",)),
    Shape("post", "befattning", "post", "star", "★", ("post",)),
    Shape("knowledge_area", "kunskapsområde", "knowledge area", "triangle", "▲", ("knowledge_area",)),
    Shape("decision_matter", "beslutsfråga", "decision matter", "triangle", "▲", ("decision_matter",)),
)
# A kind added to the model before it has a shape here is still drawn, as a plain dot.
OTHER_SHAPE = Shape("other", "övrigt", "other", "dot", "●", ())
SHAPE_OF_KIND = {kind: shape for shape in SHAPES for kind in shape.kinds}
# vis-network writes these shapes' labels inside them, so they need a light font on the level colour.
LABEL_INSIDE = frozenset({"box", "ellipse", "database", "circle"})


@dataclass(frozen=True)
class LineStyle:
    colour: str
    dashes: bool | tuple[int, ...]
    width: int = 2

    def vis_dashes(self) -> bool | list[int]:
        """vis-network's `dashes`: false for a solid line, else [dash, gap, ...] in pixels."""
        return list(self.dashes) if self.dashes else False


LINE_STYLES = {
    "reporting": LineStyle("#2c3e50", False),
    "representation": LineStyle("#d6456b", (8, 5)),
    "mandate": LineStyle("#b03a2e", (2, 4)),
    "communication": LineStyle("#16a085", (10, 4, 2, 4)),
    "structure": LineStyle("#a0a0a0", False, 1),
}
UNKNOWN_LINE = LineStyle("#bbbbbb", (1, 3), 1)


def line_style(family: str | None) -> LineStyle:
    return LINE_STYLES.get(family or "", UNKNOWN_LINE)


def level_colour(level: str | None) -> str:
    return LEVEL_COLOURS.get(level or "", NO_LEVEL_COLOUR)


# -- words -----------------------------------------------------------------------------------
def node_label(uid: str, name: str, kind: str) -> str:
    """The node as the documents write it ('LAG Suicidprevention'), without doubling a prefix the name has."""
    label = NodeRef(uid, name, kind).label()
    prefix = label[: len(label) - len(name)] if label.endswith(name) else ""
    return name if prefix and name.casefold().startswith(prefix.casefold()) else label


def ref_label(ref: NodeRef) -> str:
    return node_label(ref.uid, ref.name, ref.kind)


def term_text(table: Any, key: str | None, words: Words) -> str | None:
    if key is None:
        return None
    return getattr(table[key], words) if key in table else key


def relation_text(rel_type: str, words: Words) -> str:
    return getattr(EDGE_CLASSES[rel_type].term, words) if rel_type in EDGE_CLASSES else rel_type


def edge_text(rel_type: str, role: str | None, words: Words) -> str:
    """A relation's label: in Swedish a membership is named by its role alone ('ordförande'), as the
    documents do; in English the relation with the role ('member of (chair)')."""
    relation = relation_text(rel_type, words)
    if role is None:
        return relation
    role_text = term_text(ROLES, role, words)
    return role_text if words == "sv" else f"{relation} ({role_text})"


# -- the drawing -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DrawnNode:
    id: str
    label: str
    kind: str
    level: str | None
    details: tuple[str, ...] = ()
    focus: bool = False
    on_path: bool = False
    members: tuple[str, ...] = ()
    tier: int | None = None
    # A group's band (people, topics), where its kind and level do not tell it.
    band: str | None = None
    # Drawn on its own because the caller opened the group it would be folded into: (group id, label).
    opened: tuple[str, str] | None = None

    @property
    def size(self) -> int:
        return _size(self)

    @property
    def label_inside(self) -> bool:
        return SHAPE_OF_KIND.get(self.kind, OTHER_SHAPE).shape in LABEL_INSIDE


@dataclass(frozen=True)
class DrawnLine:
    id: str
    source: str
    target: str
    type: str
    family: str | None
    text: str
    relation: str
    details: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()
    fallback: bool = False
    count: int = 1
    # A route travels this edge against its stored direction: the arrow shows the travel, not the storage.
    against: bool = False

    @property
    def label(self) -> str:
        numbered = f"{'/'.join(str(number) for number in self.numbers)}. " if self.numbers else ""
        counted = f" ×{self.count}" if self.count > 1 else ""
        return f"{numbered}{self.text}{counted}"


@dataclass(frozen=True)
class PathStep:
    """One hop as a side panel lists it: numbered along its route, with the sentence that explains it."""

    route: str
    number: int
    line: str
    source: str
    target: str
    explanation: str
    document: str | None = None
    remarks: tuple[str, ...] = ()
    fallback: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"route": self.route, "number": self.number, "edge": self.line, "from": self.source,
                "to": self.target, "explanation": self.explanation, "source": self.document,
                "source_name": cite(self.document),
                "remarks": list(self.remarks), "fallback": self.fallback}


@dataclass(frozen=True)
class Drawing:
    title: str
    nodes: tuple[DrawnNode, ...]
    lines: tuple[DrawnLine, ...]
    notes: tuple[str, ...] = ()
    steps: tuple[PathStep, ...] = ()
    # None: a free (physics) layout; else vis-network's hierarchical direction ("UD", "DU", "LR").
    tree: str | None = None
    words: Words = "sv"
    # A neighbourhood stands in level bands (api/drawing_layout.py); a path or chain is laid out as before.
    banded: bool = False

    def node_ids(self) -> set[str]:
        return {node.id for node in self.nodes}

    def legend(self) -> dict[str, Any]:
        """The legend entries this drawing uses, in the legend's own order."""
        return _legend(self)

    def as_vis(self) -> dict[str, Any]:
        """vis-network's data and options, with the legend, notes and hop explanations beside them."""
        tiers = self.tree is not None and all(node.tier is not None for node in self.nodes)
        nodes = [_vis_node(node, tiers) for node in self.nodes]
        edges = _spread_parallel([_vis_edge(line) for line in self.lines])
        options = vis_options(self.tree, tiers)
        if self.tree is None and self.steps:
            _place_in_bands(nodes, self.nodes, self.lines)
        elif self.tree is None and self.banded:
            _place_neighbourhood(nodes, edges, options, self)
        return {"title": self.title, "nodes": nodes, "edges": edges, "options": options,
                "legend": self.legend(), "notes": list(self.notes), "steps": [step.as_json() for step in self.steps]}


def _vis_node(node: DrawnNode, tiers: bool) -> dict[str, Any]:
    shape = SHAPE_OF_KIND.get(node.kind, OTHER_SHAPE)
    fill = level_colour(node.level)
    border = FOCUS_BORDER if node.focus else HIGHLIGHT if node.on_path else fill
    drawn = {"id": node.id, "label": node.label, "title": "\n".join((node.label, *node.details)),
             "color": {"background": fill, "border": border,
                       "highlight": {"background": fill, "border": FOCUS_BORDER}},
             "shape": shape.shape, "size": _size(node), "group": shape.key,
             "borderWidth": 4 if node.focus or node.on_path else 1,
             "kind": node.kind, "governance_level": node.level, "members": list(node.members)}
    if shape.shape in LABEL_INSIDE:
        drawn["font"] = {"color": "#ffffff"}
    if node.opened:
        drawn["opened_group"], drawn["opened_label"] = node.opened
    if tiers:
        drawn["level"] = node.tier
    return drawn


def node_bands(nodes: tuple[DrawnNode, ...], lines: tuple[DrawnLine, ...]) -> dict[str, float]:
    """Each node's band: its level's, or for a node without one the mean of its neighbours' (else the middle)."""
    bands: dict[str, float] = {node.id: BANDS[node.level] for node in nodes if node.level in BANDS}
    neighbours: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        neighbours[line.source].append(line.target)
        neighbours[line.target].append(line.source)
    middle = (len(BANDS) - 1) / 2
    for node in nodes:
        if node.id not in bands:
            around = [bands[other] for other in neighbours[node.id] if other in bands]
            bands[node.id] = round(2 * sum(around) / len(around)) / 2 if around else middle
    return bands


def _place_in_bands(drawn: list[dict[str, Any]], nodes: tuple[DrawnNode, ...], lines: tuple[DrawnLine, ...]) -> None:
    bands = node_bands(nodes, lines)
    cells = Counter((node.tier, bands[node.id]) for node in nodes if node.on_path and node.tier is not None)
    for vis_node, node in zip(drawn, nodes, strict=True):
        if not node.on_path:
            continue
        vis_node["y"] = bands[node.id] * BAND_HEIGHT
        fixed = {"y": True}
        if node.tier is not None and cells[(node.tier, bands[node.id])] == 1:
            vis_node["x"] = node.tier * HOP_WIDTH
            fixed["x"] = True
        vis_node["fixed"] = fixed


def _place_neighbourhood(drawn: list[dict[str, Any]], edges: list[dict[str, Any]], options: dict[str, Any],
                         drawing: Drawing) -> None:
    """The level bands of api/drawing_layout.py, kept still: no physics to shake them into a hairball."""
    focus = next((node.id for node in drawing.nodes if node.focus), None)
    places = band_places(drawing.nodes, drawing.lines, focus)
    bands = {node.id: band_of(node) for node in drawing.nodes}
    for vis_node in drawn:
        vis_node["x"], vis_node["y"] = places[vis_node["id"]]
        vis_node["band"] = bands[vis_node["id"]]
    options["physics"] = {"enabled": False}
    options["edges"] = {**options["edges"], "smooth": False}
    top_band = min(bands.values(), key=BAND_ORDER.index, default=None)
    seen: Counter[frozenset[str]] = Counter()
    for edge in edges:
        band = bands.get(edge["from"])
        if band != bands.get(edge["to"]):
            continue
        # A line within a band bows out of it rather than running through the nodes between its ends: upwards,
        # so the bottom band's lines stay on the canvas, except in the top band. Several between the same two
        # bow to the same side, each further out. vis-network's clockwise bend of a line running right is upwards.
        rightwards = places[edge["from"]][0] <= places[edge["to"]][0]
        pair = frozenset((edge["from"], edge["to"]))
        edge["smooth"] = {"enabled": True, "type": "curvedCCW" if rightwards == (band == top_band) else "curvedCW",
                          "roundness": 0.3 + 0.25 * seen[pair]}
        seen[pair] += 1


def _size(node: DrawnNode) -> int:
    if node.members:
        return 18 + min(len(node.members), 30)
    return 28 if node.focus else 16


def _vis_edge(line: DrawnLine) -> dict[str, Any]:
    style = line_style(line.family)
    drawn = {"id": line.id, "from": line.source, "to": line.target, "label": line.label,
             "title": "\n".join((line.label, *line.details)), "color": style.colour, "dashes": style.vis_dashes(),
             "width": style.width, "arrows": "from" if line.against else "to", "type": line.type, "family": line.family,
             "numbers": list(line.numbers)}
    if line.numbers:
        colour = FALLBACK_HIGHLIGHT if line.fallback else HIGHLIGHT
        drawn.update(color=colour, width=5, font={"color": "#222222", "size": 13})
    return drawn


def _spread_parallel(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bend the second and later lines between the same two nodes apart, so their labels do not overlap."""
    seen: Counter[frozenset[str]] = Counter()
    for edge in edges:
        pair = frozenset((edge["from"], edge["to"]))
        if seen[pair]:
            # Either way round, a bend is to the side of the line as drawn from its `from` end.
            clockwise = (seen[pair] % 2 == 1) == (edge["from"] < edge["to"])
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                              "roundness": 0.25 * ((seen[pair] + 1) // 2)}
        seen[pair] += 1
    return edges


BASE_OPTIONS: dict[str, Any] = {
    # Long names wrap instead of running into their neighbours' labels.
    "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "margin": 8,
              "widthConstraint": {"maximum": 180}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
              "font": {"size": 11, "align": "horizontal", "strokeWidth": 3}, "smooth": {"type": "dynamic"}},
    "physics": {"solver": "forceAtlas2Based",
                "forceAtlas2Based": {"springLength": 130, "gravitationalConstant": -70, "avoidOverlap": 0.4},
                "stabilization": {"iterations": 250}},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
}


def vis_options(tree: str | None, tiers: bool = False) -> dict[str, Any]:
    """Network options; a tree is laid out in rows (by the nodes' tiers where given, else by edge direction)."""
    options = {key: dict(value) for key, value in BASE_OPTIONS.items()}
    if tree is None:
        return options
    vertical = tree in ("UD", "DU")
    # Rows of a vertical tree are one label high; columns of a horizontal one must fit a whole label.
    # A vertical tree's fan-outs need room for the lines' labels; its siblings for two-line names.
    options["layout"] = {"hierarchical": {"enabled": True, "direction": tree,
                                          "levelSeparation": 150 if vertical else 230,
                                          "nodeSpacing": 220 if vertical else 190, "treeSpacing": 240,
                                          "sortMethod": "hubsize" if tiers else "directed",
                                          "shakeTowards": "roots"}}
    options["physics"] = {"enabled": False}
    options["edges"] = {**options["edges"], "smooth": {"type": "cubicBezier",
                                                       "forceDirection": "vertical" if vertical else "horizontal"}}
    return options


def _legend(drawing: Drawing) -> dict[str, Any]:
    words = drawing.words
    levels_used = {node.level or NO_LEVEL for node in drawing.nodes}
    shapes_used = {SHAPE_OF_KIND.get(node.kind, OTHER_SHAPE).key for node in drawing.nodes}
    families_used = {line.family for line in drawing.lines}
    levels = [{"key": key, "label": f"{term_text(LEVELS, key, words)} {'nivå' if words == 'sv' else 'level'}",
               "color": colour} for key, colour in LEVEL_COLOURS.items() if key in levels_used]
    if NO_LEVEL in levels_used:
        levels.append({"key": NO_LEVEL, "label": "utan nivå" if words == "sv" else "no level",
                       "color": NO_LEVEL_COLOUR})
    shapes = [{"key": shape.key, "label": getattr(shape, words), "shape": shape.shape, "symbol": shape.symbol,
               "kinds": list(shape.kinds)} for shape in (*SHAPES, OTHER_SHAPE) if shape.key in shapes_used]
    families = [{"key": key, "label": term_text(FAMILIES, key, words), "color": style.colour,
                 "dashes": style.vis_dashes(), "width": style.width}
                for key, style in LINE_STYLES.items() if key in families_used]
    legend: dict[str, Any] = {"levels": levels, "shapes": shapes, "families": families}
    if any(line.numbers for line in drawing.lines):
        legend["highlight"] = {"label": "kontaktväg" if words == "sv" else "contact path", "color": HIGHLIGHT,
                               "fallback_color": FALLBACK_HIGHLIGHT}
    return legend


# -- nodes and lines from the answers ---------------------------------------------------------
def _node(uid: str, name: str, kind: str, level: str | None, words: Words, **extra: Any) -> DrawnNode:
    kind_text = term_text(NODE_KINDS, kind, words) or kind
    level_text = term_text(LEVELS, level, words)
    details = (f"{kind_text}, {level_text}" if level_text else kind_text, uid)
    return DrawnNode(uid, node_label(uid, name, kind), kind, level, details, **extra)


def entity_node(entity: EntitySummary, words: Words, **extra: Any) -> DrawnNode:
    return _node(entity.uid, entity.name, entity.kind, effective_level(entity.kind, entity.level), words, **extra)


def ref_node(ref: NodeRef, context: Mapping[str, NodeContext], words: Words, **extra: Any) -> DrawnNode:
    """A node from a path or chain answer; its level from `context`, else the kind's usual level."""
    found = context.get(ref.uid)
    stored = found.level if found else None
    default = NODE_CLASSES[ref.kind].default_level if ref.kind in NODE_CLASSES else None
    return _node(ref.uid, ref.name, ref.kind, effective_level(ref.kind, stored or default), words, **extra)


def _dates(start: Any, end: Any) -> str | None:
    if start is None and end is None:
        return None
    return f"{start or '…'} – {end or '…'}"


def drawn_edge_line(edge_id: str, drawn: DrawnEdge, words: Words) -> DrawnLine:
    edge = drawn.edge
    family = term_text(FAMILIES, edge.family, words) if edge.family else None
    details = [f"{relation_text(edge.type, words)} ({family or edge.type})", _dates(edge.start, edge.end),
               text("drawing.source", document=cite(edge.source)) if edge.source else None]
    return DrawnLine(edge_id, drawn.source, drawn.target, edge.type, edge.family,
                     edge_text(edge.type, edge.role, words), relation_text(edge.type, words),
                     tuple(detail for detail in details if detail))


def hop_id(hop: Hop) -> str:
    return "|".join((hop.source.uid, hop.type, hop.role or "", hop.target.uid))


def hop_line(hop: Hop, words: Words, **extra: Any) -> DrawnLine:
    family = EDGE_CLASSES[hop.type].family if hop.type in EDGE_CLASSES else None
    source = text("drawing.source", document=cite(hop.document)) if hop.document else None
    details = [hop.explanation(), *(name_citations(remark) for remark in hop.remarks), source]
    return DrawnLine(hop_id(hop), hop.source.uid, hop.target.uid, hop.type, family,
                     edge_text(hop.type, hop.role, words), relation_text(hop.type, words),
                     tuple(detail for detail in details if detail), **extra)


# -- neighbourhood ---------------------------------------------------------------------------
def neighbourhood_drawing(found: Neighbourhood, *, limit: int = DRAW_LIMIT, tree: bool = False,
                          words: Words = "sv", group_by: str = "region",
                          opened: frozenset[str] = frozenset()) -> Drawing:
    """The entities around the centre in level bands; a tree puts what is reported to above what reports.

    Past `limit` nodes the fuller bands are grouped (`group_bands`), except the groups in `opened`."""
    nodes = {uid: entity_node(entity, words, focus=uid == found.centre.uid) for uid, entity in found.nodes.items()}
    lines = {edge_id: drawn_edge_line(edge_id, drawn, words) for edge_id, drawn in found.edges.items()}
    notes = [text("drawing.filtered", filters="; ".join(found.filters.describe()))] \
        if not found.filters.is_open() else []
    if found.truncated:
        notes.append(text("drawing.walk_stopped", count=len(found.nodes)))
    nodes, lines, folded = group_bands(nodes, lines, limit=limit, by=group_by, focus=found.centre.uid,
                                       opened=opened, counties=found.county_of)
    if len(nodes) > limit:
        nodes, lines, left_out = _cut(nodes, lines, limit, {found.centre.uid})
        folded.append(text("drawing.cut", count=left_out, limit=limit))
    steps_word = text("drawing.step" if found.depth == 1 else "drawing.steps")
    title = text("drawing.neighbourhood_title", centre=nodes[found.centre.uid].label, depth=found.depth,
                 steps=steps_word)
    return Drawing(title, tuple(nodes.values()), tuple(lines.values()), tuple(notes + folded),
                   tree="DU" if tree else None, words=words, banded=True)


# -- contact path ----------------------------------------------------------------------------
@dataclass
class _Canvas:
    """Nodes and lines being collected, in the order met, with each node's row for a tree."""

    nodes: dict[str, DrawnNode] = field(default_factory=dict)
    lines: dict[str, DrawnLine] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    # A path places a node where a route first meets it; a chart puts a body above all that reports to it.
    furthest_row: bool = False

    def place(self, node: DrawnNode, row: int) -> None:
        kept = self.nodes.get(node.id)
        self.nodes[node.id] = node if kept is None else replace(kept, on_path=kept.on_path or node.on_path)
        choose = max if self.furthest_row else min
        self.rows[node.id] = choose(row, self.rows.get(node.id, row))

    def draw(self, line: DrawnLine) -> None:
        kept = self.lines.get(line.id)
        if kept is not None:
            line = replace(kept, numbers=tuple(sorted(set(kept.numbers + line.numbers))),
                           fallback=kept.fallback or line.fallback)
        self.lines[line.id] = line

    def tiered(self, top_first: bool) -> dict[str, DrawnNode]:
        deepest = max(self.rows.values(), default=0)
        return {uid: replace(node, tier=self.rows[uid] if top_first else deepest - self.rows[uid])
                for uid, node in self.nodes.items()}


def path_drawing(answer: PathAnswer, *, context: Mapping[str, NodeContext] | None = None,
                 backdrop: Neighbourhood | None = None, limit: int = DRAW_LIMIT, tree: bool = False,
                 asked: NodeRef | None = None, words: Words = "sv") -> Drawing:
    """Every route of the answer, hops highlighted and numbered, optionally over a neighbourhood.

    `asked` is the target as asked for (a county whose municipalities are the routes' targets), for the title."""
    context = context or {}
    canvas = _Canvas()
    if backdrop is not None:
        for entity in backdrop.nodes.values():
            canvas.place(entity_node(entity, words), 0)
        for edge_id, drawn in backdrop.edges.items():
            canvas.draw(drawn_edge_line(edge_id, drawn, words))
    canvas.place(ref_node(answer.source, context, words, focus=True, on_path=True), 0)
    steps, notes = [], []
    for route in answer.routes:
        steps.extend(_draw_route(canvas, route, context, words))
        notes.extend(_route_notes(answer, route))
    _replace_backdrop_edges(canvas)
    # Tiered either way: a tree lays its rows out by them, a free drawing its path's nodes in hop order.
    nodes = canvas.tiered(top_first=True)
    counties = {uid: found.county for uid, found in context.items() if found.county}
    keep = {uid for uid, node in nodes.items() if node.on_path and node.kind != "municipality"}
    nodes, lines, folded = fold_large(nodes, canvas.lines, limit=limit, counties=counties, keep=keep)
    title = text("drawing.path_title", source=ref_label(answer.source), targets=_targets_text(answer, asked),
                 at=answer.at.isoformat())
    return Drawing(title, tuple(nodes.values()), tuple(lines.values()), tuple(notes + folded), tuple(steps),
                   tree="LR" if tree else None, words=words)


def _targets_text(answer: PathAnswer, asked: NodeRef | None) -> str:
    if asked is not None and [route.target.uid for route in answer.routes] != [asked.uid]:
        return text("drawing.targets", asked=ref_label(asked), count=len(answer.routes))
    shown = ", ".join(ref_label(route.target) for route in answer.routes[:3])
    return shown + (text("drawing.and_more", count=len(answer.routes) - 3) if len(answer.routes) > 3 else "")


def _draw_route(canvas: _Canvas, route: Route, context: Mapping[str, NodeContext], words: Words) -> list[PathStep]:
    target = ref_label(route.target)
    steps = []
    for number, hop in enumerate(route.hops, start=1):
        canvas.place(ref_node(hop.origin, context, words, on_path=True), number - 1)
        canvas.place(ref_node(hop.destination, context, words, on_path=True), number)
        line = hop_line(hop, words, numbers=(number,), fallback=hop.is_fallback, against=not hop.forward)
        canvas.draw(line)
        steps.append(PathStep(target, number, line.id, hop.origin.uid, hop.destination.uid, hop.explanation(),
                              hop.document, tuple(name_citations(remark) for remark in hop.remarks), hop.is_fallback))
    return steps


def _route_notes(answer: PathAnswer, route: Route) -> list[str]:
    target = ref_label(route.target)
    if not route.found:
        return [text("drawing.no_route", target=target, at=answer.at.isoformat(),
                     reasons="; ".join(route.reasons) or text("drawing.none_found"))]
    if route.fallback:
        why = f" ({'; '.join(route.reasons)})" if route.reasons else ""
        return [text("drawing.fallback", target=target, why=why)]
    return []


def _replace_backdrop_edges(canvas: _Canvas) -> None:
    """A hop drawn over the neighbourhood replaces the plain line of the same stored edge."""
    hops = {(line.source, line.type, line.target) for line in canvas.lines.values() if line.numbers}
    canvas.lines = {key: line for key, line in canvas.lines.items()
                    if line.numbers or (line.source, line.type, line.target) not in hops}


# -- reporting chain -------------------------------------------------------------------------
def chain_drawing(answer: ChainAnswer, *, context: Mapping[str, NodeContext] | None = None,
                  limit: int = DRAW_LIMIT, tree: bool = True, words: Words = "sv") -> Drawing:
    """The chain as an organisation chart: the body asked about at the bottom, the top of the line above."""
    context = context or {}
    canvas = _Canvas(furthest_row=True)
    canvas.place(ref_node(answer.subject, context, words, focus=True), 0)
    steps = []
    for hop in answer.memberships:
        canvas.place(ref_node(hop.target, context, words), 1)
        canvas.draw(hop_line(hop, words))
    start_row = 1 if answer.memberships else 0
    for chain in answer.chains:
        canvas.place(ref_node(chain.start, context, words), start_row)
        for number, step in enumerate(chain.steps, start=1):
            row = start_row + step.distance
            canvas.place(ref_node(step.hop.source, context, words), row - 1)
            # Who leads a body is told with it, as an organisation chart writes the head in the box.
            leaders = tuple(f"{'leds av' if words == 'sv' else 'led by'} {ref_label(leader)}"
                            for leader in step.led_by)
            body = ref_node(step.body, context, words)
            canvas.place(replace(body, details=body.details + leaders), row)
            canvas.draw(hop_line(step.hop, words))
            steps.append(PathStep(ref_label(chain.start), number,
                                  hop_id(step.hop), step.hop.source.uid, step.body.uid, step.explanation(),
                                  step.hop.document, step.hop.remarks))
    notes = [message for message in [answer.message, *(chain.message for chain in answer.chains)] if message]
    nodes = canvas.tiered(top_first=False)
    counties = {uid: found.county for uid, found in context.items() if found.county}
    nodes, lines, folded = fold_large(nodes, canvas.lines, limit=limit, counties=counties,
                                      keep={answer.subject.uid})
    title = text("drawing.chain_title", subject=ref_label(answer.subject), at=answer.at)
    return Drawing(title, tuple(nodes.values()), tuple(lines.values()), tuple(list(dict.fromkeys(notes)) + folded),
                   tuple(steps), tree="UD" if tree else None, words=words)


# -- folding what does not fit ----------------------------------------------------------------
def fold_large(nodes: dict[str, DrawnNode], lines: dict[str, DrawnLine], *, limit: int,
               counties: Mapping[str, EntitySummary], keep: set[str]
               ) -> tuple[dict[str, DrawnNode], dict[str, DrawnLine], list[str]]:
    """Nodes and lines within `limit` nodes: municipalities by county, then people by group, then cut.

    Nodes in `keep` (the focus, the hops of a path) are never folded or cut. Returns notes saying what
    was done."""
    notes: list[str] = []
    if len(nodes) > limit:
        groups = municipality_groups(nodes, lines, counties, keep)
        nodes, lines = _fold(nodes, lines, groups)
        notes.extend(_fold_note("drawing.folded_municipalities", groups))
    if len(nodes) > limit:
        groups = people_groups(nodes, lines, keep)
        nodes, lines = _fold(nodes, lines, groups)
        notes.extend(_fold_note("drawing.folded_people", groups))
    if len(nodes) > limit:
        nodes, lines, left_out = _cut(nodes, lines, limit, keep)
        notes.append(text("drawing.cut", count=left_out, limit=limit))
    return nodes, lines, notes


def municipality_groups(nodes: Mapping[str, DrawnNode], lines: Mapping[str, DrawnLine],
                        counties: Mapping[str, EntitySummary], keep: set[str]) -> list[DrawnNode]:
    """One group per county holding two or more drawn municipalities ('Stockholms län: 26 kommuner')."""
    county_lines = {line.source: line.target for line in lines.values()
                    if line.type == "LOCATED_IN" and nodes.get(line.target, _NOWHERE).kind == "county"}
    by_county: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for uid, node in nodes.items():
        county = counties.get(uid)
        county_uid = county.uid if county else county_lines.get(uid)
        if node.kind == "municipality" and uid not in keep and county_uid:
            by_county[county_uid].append(uid)
            names[county_uid] = county.name if county else nodes[county_uid].label
    return [DrawnNode(f"group:{county}:municipalities", f"{names[county]}: {len(members)} kommuner",
                      "municipality", "municipality", _member_details(nodes, members),
                      on_path=any(nodes[uid].on_path for uid in members), members=tuple(members))
            for county, members in by_county.items() if len(members) >= 2]


def people_groups(nodes: Mapping[str, DrawnNode], lines: Mapping[str, DrawnLine], keep: set[str]) -> list[DrawnNode]:
    """One group per body holding two or more drawn people ('LAG X: 12 personer'); a person sitting in
    several goes with the body that has the most of them."""
    seats: dict[str, list[str]] = defaultdict(list)
    for line in lines.values():
        person = nodes.get(line.source, _NOWHERE)
        if line.type == "MEMBER_OF" and person.kind == "person" and person.id not in keep and line.target in nodes:
            seats[person.id].append(line.target)
    size = Counter(body for bodies in seats.values() for body in set(bodies))
    chosen: dict[str, list[str]] = defaultdict(list)
    for person, bodies in seats.items():
        chosen[min(bodies, key=lambda body: (-size[body], nodes[body].label))].append(person)
    return [DrawnNode(f"group:{body}:people", f"{nodes[body].label}: {len(members)} personer", "person", None,
                      _member_details(nodes, members), on_path=any(nodes[uid].on_path for uid in members),
                      members=tuple(members))
            for body, members in chosen.items() if len(members) >= 2]


# -- grouping a neighbourhood's bands ------------------------------------------------------------
GROUP_BY = ("region", "kind")
# A band holds this many nodes before it is grouped (unless the focus and its own neighbours alone are more).
BAND_ROOM = 8


@dataclass(frozen=True)
class _Bundle:
    """Nodes of one band that would be drawn as one group node."""

    id: str
    label: str
    members: tuple[str, ...]


def group_bands(nodes: dict[str, DrawnNode], lines: dict[str, DrawnLine], *, limit: int, by: str, focus: str,
                opened: frozenset[str], counties: Mapping[str, EntitySummary]
                ) -> tuple[dict[str, DrawnNode], dict[str, DrawnLine], list[str]]:
    """Past `limit` nodes, each band fuller than BAND_ROOM drawn as its kept nodes and a few groups.

    `by` is "region" (municipalities by county, people by the body most of them sit in, the rest by kind)
    or "kind". The focus stays, and so do its neighbours where a band has room for them (a region's
    dozens of municipalities do not fit), and the members of a group in `opened`, each marked with the
    group it came from so the page can fold it again. A band's smallest groups go into one group of
    the others when there are more than fit."""
    if by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY)}, not '{by}'")
    if len(nodes) <= limit:
        return nodes, lines, []
    by_band: dict[str, list[str]] = defaultdict(list)
    for uid, node in nodes.items():
        by_band[band_of(node)].append(uid)
    neighbours = {uid for line in lines.values() if focus in (line.source, line.target)
                  for uid in (line.source, line.target)}
    counties = {**_drawn_counties(nodes, lines), **counties}
    groups: list[DrawnNode] = []
    for band, members in by_band.items():
        if len(members) <= BAND_ROOM:
            continue
        near = [uid for uid in members if uid in neighbours]
        keep = {focus, *near} if len(near) <= BAND_ROOM else {focus}
        for bundle in _band_bundles(band, members, nodes, lines, by, keep, counties):
            if bundle.id in opened:
                nodes = {**nodes, **{uid: replace(nodes[uid], opened=(bundle.id, bundle.label))
                                     for uid in bundle.members}}
            else:
                groups.append(_group_node(bundle, band, nodes))
    folded, folded_lines = _fold(nodes, lines, groups, by_pair=True)
    return folded, folded_lines, _grouped_note(groups)


def _drawn_counties(nodes: Mapping[str, DrawnNode], lines: Mapping[str, DrawnLine]) -> dict[str, EntitySummary]:
    """Where no county is known, a drawn LOCATED_IN line tells where a municipality belongs."""
    return {line.source: EntitySummary(uid=line.target, name=nodes[line.target].label, kind="county")
            for line in lines.values()
            if line.type == "LOCATED_IN" and nodes.get(line.target, _NOWHERE).kind == "county"}


def _band_bundles(band: str, members: list[str], nodes: Mapping[str, DrawnNode], lines: Mapping[str, DrawnLine],
                  by: str, keep: set[str], counties: Mapping[str, EntitySummary]) -> list[_Bundle]:
    free = [uid for uid in members if uid not in keep]
    seats = _seats(nodes, lines) if by == "region" else {}
    keyed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for uid in free:
        keyed[_bundle_key(band, nodes[uid], by, counties, seats, nodes)].append(uid)
    ranked = sorted(keyed.items(), key=lambda item: -len(item[1]))
    room = max(BAND_ROOM - (len(members) - len(free)), 2)
    shown, rest = (ranked, []) if len(ranked) <= room else (ranked[:room - 1], ranked[room - 1:])
    bundles = [_Bundle(key, label.replace("{count}", str(len(uids))), tuple(uids)) for (key, label), uids in shown
               if len(uids) >= 2]
    others = tuple(uid for _, uids in rest for uid in uids)
    if others:
        bundles.append(_Bundle(f"group:{band}:others", text("drawing.group_others", count=len(others),
                                                             band=text(f"band.{band}")), others))
    return bundles


def _bundle_key(band: str, node: DrawnNode, by: str, counties: Mapping[str, EntitySummary],
                seats: Mapping[str, str], nodes: Mapping[str, DrawnNode]) -> tuple[str, str]:
    """The group a node goes into: its id and its label with `{count}` still to fill in."""
    if by == "region" and node.kind == "municipality" and node.id in counties:
        county = counties[node.id]
        return f"group:{county.uid}:municipalities", text("drawing.group_municipalities", count="{count}",
                                                          county=county.name)
    if by == "region" and node.id in seats:
        body = seats[node.id]
        return f"group:{body}:people", text("drawing.group_people", count="{count}", body=nodes[body].label)
    return f"group:{band}:{node.kind}", text("drawing.group_kind", count="{count}", kind=_kind_plural(node.kind))


def _kind_plural(kind: str) -> str:
    # LAG, LPO and the other abbreviations are not inflected ("5 LAG"); the other kinds have their plural.
    aliases = NODE_CLASSES[kind].term.aliases if kind in NODE_CLASSES else ()
    if aliases and aliases[0].isupper():
        return aliases[0]
    return text(f"plural.{kind}") if f"plural.{kind}" in MESSAGES else kind


def _seats(nodes: Mapping[str, DrawnNode], lines: Mapping[str, DrawnLine]) -> dict[str, str]:
    """Each drawn person's body: of those they sit in, the one most drawn people sit in."""
    sits: dict[str, list[str]] = defaultdict(list)
    for line in lines.values():
        person = nodes.get(line.source, _NOWHERE)
        if line.type == "MEMBER_OF" and person.kind == "person" and line.target in nodes:
            sits[person.id].append(line.target)
    size = Counter(body for bodies in sits.values() for body in set(bodies))
    return {person: min(bodies, key=lambda body: (-size[body], nodes[body].label)) for person, bodies in sits.items()}


def _group_node(bundle: _Bundle, band: str, nodes: Mapping[str, DrawnNode]) -> DrawnNode:
    kinds = {nodes[uid].kind for uid in bundle.members}
    levels = {nodes[uid].level for uid in bundle.members}
    return DrawnNode(bundle.id, bundle.label, kinds.pop() if len(kinds) == 1 else "other",
                     levels.pop() if len(levels) == 1 else None, _member_details(nodes, list(bundle.members)),
                     on_path=any(nodes[uid].on_path for uid in bundle.members), members=bundle.members, band=band)


def _grouped_note(groups: list[DrawnNode]) -> list[str]:
    if not groups:
        return []
    count = sum(len(group.members) for group in groups)
    return [text("drawing.grouped", count=count, groups=len(groups), listed=", ".join(group.label for group in groups))]


_NOWHERE = DrawnNode("", "", "", None)
_MEMBERS_LISTED = 30


def _member_details(nodes: Mapping[str, DrawnNode], members: list[str]) -> tuple[str, ...]:
    names = sorted(nodes[uid].label for uid in members)
    more = [text("drawing.more_members", count=len(names) - _MEMBERS_LISTED)] if len(names) > _MEMBERS_LISTED else []
    return tuple(names[:_MEMBERS_LISTED] + more)


def _fold(nodes: dict[str, DrawnNode], lines: dict[str, DrawnLine], groups: list[DrawnNode],
          by_pair: bool = False) -> tuple[dict[str, DrawnNode], dict[str, DrawnLine]]:
    """The nodes with each group in place of its members, and their lines merged: one per relation type
    between the same two ends, or with `by_pair` one per two ends wherever a group is one of them."""
    into = {member: group for group in groups for member in group.members}
    folded: dict[str, DrawnNode] = {}
    for uid, node in nodes.items():
        if uid in into:
            folded.setdefault(into[uid].id, into[uid])
        else:
            folded[uid] = node
    merged: dict[tuple[str, str, str], DrawnLine] = {}
    for line in lines.values():
        source = into[line.source].id if line.source in into else line.source
        target = into[line.target].id if line.target in into else line.target
        if source == target:
            continue
        grouped = by_pair and (line.source in into or line.target in into)
        key = (source, "" if grouped else line.type, target)
        kept = merged.get(key)
        merged[key] = replace(line, source=source, target=target) if kept is None else _merged(kept, line)
    return folded, {line.id: line for line in merged.values()}


def _merged(kept: DrawnLine, line: DrawnLine) -> DrawnLine:
    # Lines folded together with different roles are labelled by their relation, with the count; lines of
    # different relations by the word for relations.
    if kept.type != line.type:
        kept = replace(kept, text=text("drawing.relations"), relation=text("drawing.relations"),
                       family=kept.family if kept.family == line.family else None)
    return replace(kept, text=kept.text if kept.text == line.text else kept.relation, count=kept.count + line.count,
                   details=kept.details[:1],
                   numbers=tuple(sorted(set(kept.numbers + line.numbers))), fallback=kept.fallback or line.fallback)


def _fold_note(message: str, groups: list[DrawnNode]) -> list[str]:
    if not groups:
        return []
    listed = ", ".join(group.label for group in groups)
    count = sum(len(group.members) for group in groups)
    return [text(message, count=count, listed=listed)]


def _cut(nodes: dict[str, DrawnNode], lines: dict[str, DrawnLine], limit: int,
         keep: set[str]) -> tuple[dict[str, DrawnNode], dict[str, DrawnLine], int]:
    """The first `limit` nodes, those kept and on the path first, then in the order they were met."""
    ranked = sorted(nodes, key=lambda uid: (uid not in keep, not nodes[uid].on_path))
    shown = set(ranked[:max(limit, len(keep))])
    return ({uid: node for uid, node in nodes.items() if uid in shown},
            {key: line for key, line in lines.items() if line.source in shown and line.target in shown},
            len(nodes) - len(shown))
