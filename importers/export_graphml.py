"""A subgraph as GraphML, for Gephi, yEd, Cytoscape and networkx.

Every attribute is declared in a `<key>` with its `attr.type` (`boolean` for
flags, else `string`). Nodes carry their name in `label` and their kind in
`kind`; edges their Cypher type in `type` and its English name in `label`.
Dates are ISO text and lists are joined with ", ", as in the workbook.
E-mail and phone numbers are left out unless asked for: a GraphML file is
made to be passed around and drawn, not to hold personal data.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphmodel.model import EDGE_CLASSES
from importers.export import GraphEdge, Subgraph
from importers.export_files import replace_file

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
CONTACT_PROPERTIES = frozenset({"email", "phone"})
NODE_FIRST = ("label", "kind")
EDGE_FIRST = ("type", "label")


def graphml_bytes(subgraph: Subgraph, *, include_contact: bool = False) -> bytes:
    """The GraphML document; nodes and edges in a fixed order, so one graph always gives the same bytes."""
    node_data = [_node_attributes(node, include_contact) for node in subgraph.nodes]
    edges = sorted(subgraph.edges, key=_edge_order)
    edge_data = [_edge_attributes(edge) for edge in edges]
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    node_keys = _declare_keys(root, "node", node_data, NODE_FIRST)
    edge_keys = _declare_keys(root, "edge", edge_data, EDGE_FIRST)
    graph = ET.SubElement(root, "graph", id="govgraph", edgedefault="directed")
    for node, data in zip(subgraph.nodes, node_data):
        _add_data(ET.SubElement(graph, "node", id=node["uid"]), data, node_keys)
    for number, (edge, data) in enumerate(zip(edges, edge_data)):
        element = ET.SubElement(graph, "edge", id=f"e{number}", source=edge.source, target=edge.target)
        _add_data(element, data, edge_keys)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_graphml(subgraph: Subgraph, path: Path, *, include_contact: bool = False) -> None:
    replace_file(path, graphml_bytes(subgraph, include_contact=include_contact))


def _node_attributes(node: dict[str, Any], include_contact: bool) -> dict[str, Any]:
    hidden = {"uid", "name"} | (set() if include_contact else CONTACT_PROPERTIES)
    values = {"label": node.get("name"), "kind": node.get("kind")}
    values.update({key: value for key, value in node.items() if key not in hidden and key not in values})
    return _present(values)


def _edge_attributes(edge: GraphEdge) -> dict[str, Any]:
    known = EDGE_CLASSES.get(edge.type)
    values = {"type": edge.type, "label": known.term.en if known else edge.type}
    values.update({key: value for key, value in edge.properties.items() if key not in values})
    return _present(values)


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None and value != [] and value != ()}


def _declare_keys(root: ET.Element, domain: str, rows: list[dict[str, Any]], first: tuple[str, ...]) -> dict[str, str]:
    """A `<key>` per attribute used in `rows`; returns attribute name -> key id."""
    names = {name for row in rows for name in row}
    ordered = [name for name in first if name in names] + sorted(names - set(first))
    ids = {}
    for name in ordered:
        ids[name] = f"{domain[0]}_{name}"
        ET.SubElement(root, "key", {"id": ids[name], "for": domain, "attr.name": name,
                                    "attr.type": _attribute_type(row[name] for row in rows if name in row)})
    return ids


def _attribute_type(values: Iterable[Any]) -> str:
    return "boolean" if all(isinstance(value, bool) for value in values) else "string"


def _add_data(element: ET.Element, values: dict[str, Any], key_ids: dict[str, str]) -> None:
    for name in key_ids:
        if name in values:
            ET.SubElement(element, "data", key=key_ids[name]).text = _text(values[name])


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _edge_order(edge: GraphEdge) -> tuple:
    return edge.source, edge.type, edge.target, sorted((key, _text(value)) for key, value in edge.properties.items())
