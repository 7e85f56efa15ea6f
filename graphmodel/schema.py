"""Constraints and indexes, derived from the model's declarations and installed idempotently.

A property declared `unique_index=True` or `index=True` gets its constraint
or index on the label of the class that declares it, once: `Entity.uid` is
unique across every node, however many kinds inherit it.
"""

from __future__ import annotations

from dataclasses import dataclass

from neomodel.properties import Property

from graphmodel import nodes
from graphmodel.engine import Graph


@dataclass(frozen=True)
class SchemaItem:
    """One constraint or index, with the Cypher that creates it if missing."""

    name: str
    label: str
    prop: str
    unique: bool

    def cypher(self) -> str:
        if self.unique:
            return (f"CREATE CONSTRAINT {self.name} IF NOT EXISTS "
                    f"FOR (n:{self.label}) REQUIRE n.{self.prop} IS UNIQUE")
        return f"CREATE INDEX {self.name} IF NOT EXISTS FOR (n:{self.label}) ON (n.{self.prop})"


def _declaring_classes(base: type[nodes.Entity]) -> list[type[nodes.Entity]]:
    classes = [base]
    for subclass in base.__subclasses__():
        classes.extend(_declaring_classes(subclass))
    return classes


def schema_items() -> list[SchemaItem]:
    """Every constraint and index the model declares, in a stable order."""
    items = []
    for cls in _declaring_classes(nodes.Entity):
        for attribute, prop in vars(cls).items():
            if not isinstance(prop, Property) or not (prop.unique_index or prop.index):
                continue
            key = prop.db_property or attribute
            suffix = "unique" if prop.unique_index else "index"
            name = f"{cls.__label__.lower()}_{key}_{suffix}"
            items.append(SchemaItem(name, cls.__label__, key, bool(prop.unique_index)))
    return items


def install_schema(graph: Graph) -> list[SchemaItem]:
    """Create whatever constraints and indexes are missing; running it again changes nothing."""
    items = schema_items()
    # Not through `graph.write`: constraints and indexes change no content, so they must not raise the
    # graph's version, which would make every start read the route index from the engine again.
    with graph.driver.session(database=graph.database) as session:
        for item in items:
            session.execute_write(lambda tx, statement=item.cypher(): tx.run(statement).consume())
    return items


def installed_constraints(graph: Graph) -> set[tuple[str, str]]:
    """(label, property) pairs that carry a uniqueness constraint on the engine."""
    rows = graph.read("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
                      "RETURN labelsOrTypes, properties, type")
    return {(row["labelsOrTypes"][0], row["properties"][0]) for row in rows if "UNIQUE" in row["type"]}
