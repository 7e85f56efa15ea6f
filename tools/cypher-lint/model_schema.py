"""The graph model as the database schema the Cypher linter checks queries against.

Prints JSON for `lint.mjs --schema`: every label, relationship type and
property key the model declares, and which labels each relationship type may
join (`graphSchema`), so the linter's "not present in the database" and
"has no incoming/outgoing" warnings mean the query names something the model
does not have. Run it with the project's Python: `python tools/cypher-lint/model_schema.py`.
"""

from __future__ import annotations

import json
from itertools import product

from neomodel import RelationshipDefinition

from graphmodel import nodes
from graphmodel.model import EDGE_CLASSES, stored_properties


def _with_subclasses(cls: type) -> list[type]:
    found = [cls]
    for subclass in cls.__subclasses__():
        found.extend(_with_subclasses(subclass))
    return found


ENTITY_CLASSES = {cls.__name__: cls for cls in _with_subclasses(nodes.Entity)}


def _labels(cls: type[nodes.Entity]) -> set[str]:
    """Every label a node matched by this class may carry: its own, its bases' and its subclasses'."""
    return {label for kind in _with_subclasses(cls) for label in kind.inherited_labels()}


def _endpoint_class(name: str) -> type[nodes.Entity]:
    return ENTITY_CLASSES[name.rpartition(".")[2]]


def _declared_relationships(cls: type[nodes.Entity]) -> list[RelationshipDefinition]:
    return list(cls.defined_properties(aliases=False, properties=False, rels=True).values())


def graph_schema() -> list[dict[str, str]]:
    """(from label, to label, type) for every relationship the node classes declare."""
    triples = set()
    for cls in ENTITY_CLASSES.values():
        for relationship in _declared_relationships(cls):
            other = _endpoint_class(relationship._raw_class)
            outgoing = relationship.definition["direction"] == 1
            source, target = (cls, other) if outgoing else (other, cls)
            rel_type = relationship.definition["relation_type"]
            triples.update((start, end, rel_type) for start, end in product(_labels(source), _labels(target)))
    return [{"from": start, "to": end, "relType": rel_type} for start, end, rel_type in sorted(triples)]


def model_schema() -> dict:
    property_keys = {key for cls in ENTITY_CLASSES.values() for key in stored_properties(cls)}
    property_keys |= {key for cls in EDGE_CLASSES.values() for key in stored_properties(cls)}
    return {
        "labels": sorted(_labels(nodes.Entity)),
        "relationshipTypes": sorted(EDGE_CLASSES),
        "propertyKeys": sorted(property_keys),
        "graphSchema": graph_schema(),
    }


if __name__ == "__main__":
    print(json.dumps(model_schema(), indent=1))
