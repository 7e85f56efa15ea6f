"""The model as one catalogue, built from the declarations in `nodes.py` and `relationships.py`.

Constraints, import validation, API enums and the `govgraph vocabulary`
listing all read from here, so adding a kind or an edge type is one class.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from graphmodel import nodes
from graphmodel.relationships import EDGE_TYPES, GovernanceRel
from graphmodel.vocabulary import FAMILIES, LEVELS, ROLES, TermTable


def _concrete_kinds(base: type[nodes.Entity]) -> list[type[nodes.Entity]]:
    found = []
    for subclass in base.__subclasses__():
        if subclass.__dict__.get("term") is not None:
            found.append(subclass)
        found.extend(_concrete_kinds(subclass))
    return found


NODE_CLASSES: dict[str, type[nodes.Entity]] = {cls.term.key: cls for cls in _concrete_kinds(nodes.Entity)}
EDGE_CLASSES: dict[str, type[GovernanceRel]] = {cls.rel_type: cls for cls in EDGE_TYPES}

NODE_KINDS = TermTable("node kind", [cls.term for cls in NODE_CLASSES.values()])
EDGE_KINDS = TermTable("relation type", [cls.term for cls in EDGE_CLASSES.values()])

BODY_KINDS = tuple(key for key, cls in NODE_CLASSES.items() if issubclass(cls, nodes.Body))
TERRITORY_KINDS = tuple(key for key, cls in NODE_CLASSES.items() if issubclass(cls, nodes.Territory))

# Every node carries this label and is unique on `uid` under it.
ENTITY_LABEL = nodes.Entity.__label__
# The longest id a chart may give and a query or request may ask for: one limit for every way in.
MAX_ID_LENGTH = 300
# The register of erased people: a digest per person, outside the model's entities so that no query
# of the model sees it, kept so that a re-import can refuse to bring an erased person back.
ERASED_LABEL = "ErasedPerson"


@dataclass(frozen=True)
class KindInfo:
    """What the rest of the code needs to know about one node kind."""

    key: str
    labels: tuple[str, ...]
    default_level: str | None
    properties: tuple[str, ...]


@cache
def kind_info(kind: str) -> KindInfo:
    """Labels (most general first) and stored properties of a node kind; KeyError if unknown."""
    cls = NODE_CLASSES[kind]
    labels = tuple(reversed(cls.inherited_labels()))
    return KindInfo(kind, labels, cls.default_level, stored_properties(cls))


@cache
def stored_properties(cls: type) -> tuple[str, ...]:
    """The property keys as stored in the graph (neomodel's `db_property` where one is set)."""
    declared = cls.defined_properties(aliases=False, rels=False)
    return tuple(prop.db_property or name for name, prop in declared.items())


def edge_properties(rel_type: str) -> tuple[str, ...]:
    return stored_properties(EDGE_CLASSES[rel_type])


__all__ = [
    "BODY_KINDS", "EDGE_CLASSES", "EDGE_KINDS", "ENTITY_LABEL", "FAMILIES", "LEVELS", "NODE_CLASSES",
    "NODE_KINDS", "ROLES", "TERRITORY_KINDS", "KindInfo", "edge_properties", "kind_info",
]
