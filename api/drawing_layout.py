"""Where a neighbourhood's nodes stand: the levels as horizontal bands, ordered so that lines cross little.

The bands run top to bottom as the documents sketch the communication paths:
national, healthcare-regional, regional, then the people and posts (who carry
a region's work out to the municipalities), municipal, and last what has no
level and is not a person (knowledge areas, decision matters). Only the bands
a drawing uses take room.

Within a band the nodes are ordered by the mean position of their neighbours
in the other bands (the barycentre method, swept down and up a few times),
which untangles most crossings of a layered drawing. A band wider than
`ROW_ROOM` nodes is written in several rows, staggered so the order along the
band still reads left to right. Each row is as tall as its tallest label box
is estimated to be, so no two boxes overlap.

The same places serve the explorer (as vis-network's x and y) and `govgraph viz
-o FILE.svg`, so both show one picture.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

PEOPLE = "people"
TOPICS = "topics"
LEVEL_BANDS = ("national", "healthcare_region", "region", "municipality")
BAND_ORDER = ("national", "healthcare_region", "region", PEOPLE, "municipality", TOPICS)
PEOPLE_KINDS = frozenset({"person", "post"})

ROW_ROOM = 7
COLUMN_WIDTH = 215
ROW_GAP = 34
BAND_GAP = 60
SWEEPS = 8

# vis-network draws a label at most 180 wide (BASE_OPTIONS' widthConstraint) in a 14 px font with an 8 px margin;
# a generous width per character keeps the estimate on the safe side of the box it will measure.
LABEL_WIDTH = 180
CHARACTER_WIDTH = 7.6
LINE_HEIGHT = 18
MARGIN = 8


class Placeable(Protocol):
    id: str
    label: str
    kind: str
    level: str | None
    band: str | None
    size: int
    label_inside: bool


class Joining(Protocol):
    source: str
    target: str


def band_of(node: Placeable) -> str:
    """The band a node stands in: its own (a group's), its level's, else people or topics by its kind."""
    if node.band:
        return node.band
    if node.level in LEVEL_BANDS:
        return node.level
    return PEOPLE if node.kind in PEOPLE_KINDS else TOPICS


def wrapped(label: str) -> list[str]:
    """The label's lines, word by word, at vis-network's width (a word longer than the width keeps a line)."""
    lines: list[str] = []
    for word in label.split():
        if lines and (len(lines[-1]) + 1 + len(word)) * CHARACTER_WIDTH <= LABEL_WIDTH:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def label_lines(label: str) -> int:
    return len(wrapped(label))


def box_height(node: Placeable) -> float:
    """The estimated height of the node's box, label included."""
    text = label_lines(node.label) * LINE_HEIGHT
    return text + 2 * MARGIN if node.label_inside else 2 * node.size + text + MARGIN


def band_places(nodes: Sequence[Placeable], lines: Iterable[Joining],
                focus: str | None = None) -> dict[str, tuple[float, float]]:
    """Each node's centre (x, y): bands top to bottom, each band ordered by its neighbours' places."""
    bands: dict[str, list[Placeable]] = defaultdict(list)
    for node in nodes:
        bands[band_of(node)].append(node)
    band_by_id = {node.id: band_of(node) for node in nodes}
    order = {band: _initial_order(members, focus) for band, members in bands.items()}
    neighbours = _neighbours(lines, set(band_by_id))
    used = [band for band in BAND_ORDER if band in bands]
    x = _columns(order)
    for sweep in range(SWEEPS):
        for band in used if sweep % 2 == 0 else reversed(used):
            order[band] = _by_barycentre(order[band], neighbours, x, band, band_by_id)
            x.update(_columns({band: order[band]}))
    return _stacked(order, used, x, {node.id: node for node in nodes})


def _initial_order(members: list[Placeable], focus: str | None) -> list[str]:
    # The focus starts in the middle of its band, where the eye looks first.
    ids = [node.id for node in members if node.id != focus]
    if focus is not None and len(ids) < len(members):
        ids.insert(len(ids) // 2, focus)
    return ids


def _neighbours(lines: Iterable[Joining], drawn: set[str]) -> dict[str, list[str]]:
    joined: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        if line.source != line.target and line.source in drawn and line.target in drawn:
            joined[line.source].append(line.target)
            joined[line.target].append(line.source)
    return joined


def rows_of(count: int) -> int:
    return max(1, math.ceil(count / ROW_ROOM))


def _columns(order: Mapping[str, list[str]]) -> dict[str, float]:
    """x of each node: a band centred on 0; staggered rows put neighbours in order a fraction of a column apart."""
    x = {}
    for ids in order.values():
        step = COLUMN_WIDTH / rows_of(len(ids))
        for index, uid in enumerate(ids):
            x[uid] = (index - (len(ids) - 1) / 2) * step
    return x


def _by_barycentre(ids: list[str], neighbours: Mapping[str, list[str]], x: Mapping[str, float], band: str,
                   bands: Mapping[str, str]) -> list[str]:
    def centre(uid: str) -> float:
        outside = [x[other] for other in neighbours.get(uid, ()) if bands[other] != band]
        return sum(outside) / len(outside) if outside else x[uid]
    # Sorting is stable: nodes with the same barycentre keep the order they had.
    return sorted(ids, key=centre)


def _stacked(order: Mapping[str, list[str]], used: list[str], x: Mapping[str, float],
             nodes: Mapping[str, Placeable]) -> dict[str, tuple[float, float]]:
    """y of each node: the bands one under the other, each row as tall as its tallest box."""
    places, top = {}, 0.0
    for band in used:
        ids = order[band]
        rows = rows_of(len(ids))
        for row in range(rows):
            in_row = ids[row::rows]
            tallest = max(box_height(nodes[uid]) for uid in in_row)
            for uid in in_row:
                places[uid] = (x[uid], top + _above_centre(nodes[uid]))
            top += tallest + ROW_GAP
        top += BAND_GAP
    return places


def _above_centre(node: Placeable) -> float:
    # vis-network centres a shape on its place: a box holds its label, a label under a dot hangs below it.
    return box_height(node) / 2 if node.label_inside else node.size


def crossings(places: Mapping[str, tuple[float, float]], lines: Iterable[Joining]) -> int:
    """How many pairs of straight lines cross, not counting lines that share an end."""
    segments = [(line.source, line.target) for line in lines
                if line.source in places and line.target in places and line.source != line.target]
    count = 0
    for index, (a, b) in enumerate(segments):
        for c, d in segments[index + 1:]:
            if {a, b} & {c, d}:
                continue
            count += _cross(places[a], places[b], places[c], places[d])
    return count


def _cross(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float], s: tuple[float, float]) -> bool:
    def side(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return side(p, q, r) * side(p, q, s) < 0 and side(r, s, p) * side(r, s, q) < 0
