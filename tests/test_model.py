"""Every node and edge kind of the model, written through neomodel and read back from the engine."""

from __future__ import annotations

import datetime

import pytest
from neo4j.exceptions import ConstraintError
from neomodel import ArrayProperty, BooleanProperty, IntegerProperty, StringProperty
from neomodel import db as neomodel_db
from neomodel.exceptions import UniqueProperty

from graphmodel import nodes
from graphmodel.model import EDGE_CLASSES, NODE_CLASSES, kind_info
from graphmodel.properties import NativeDateProperty
from graphmodel.relationships import MemberOf
from graphmodel.vocabulary import LEVELS, ROLES

pytestmark = pytest.mark.engine

START = datetime.date(2023, 1, 1)
END = datetime.date(2027, 12, 31)


def sample_value(name: str, prop, uid: str):
    if name == "uid":
        return uid
    if name == "kind":
        return None  # set by the class itself
    if name == "level":
        return LEVELS.keys()[1]
    if name == "role":
        return ROLES["chair"].key
    if isinstance(prop, NativeDateProperty):
        return END if name == "end" else START
    if getattr(prop, "choices", None):
        return sorted(prop.choices)[0]
    if isinstance(prop, BooleanProperty):
        return True
    if isinstance(prop, IntegerProperty):
        return 1
    if isinstance(prop, ArrayProperty):
        return [f"{name}-1", f"{name}-2"]
    if isinstance(prop, StringProperty):
        return f"{name} of {uid}"
    raise AssertionError(f"no sample for {name}: {type(prop).__name__}")


def sample_properties(cls, uid: str) -> dict:
    values = {}
    for name, prop in cls.defined_properties(aliases=False, rels=False).items():
        value = sample_value(name, prop, uid)
        if value is not None:
            values[name] = value
    return values


@pytest.mark.parametrize("kind", sorted(NODE_CLASSES))
def test_every_node_kind_round_trips_with_its_properties(graph, kind):
    cls = NODE_CLASSES[kind]
    expected = sample_properties(cls, f"{kind}:sample")
    with neomodel_db.transaction:
        cls(**expected).save()

    stored = graph.read("MATCH (n:Entity {uid: $uid}) RETURN properties(n) AS p, labels(n) AS labels",
                        uid=f"{kind}:sample")
    assert len(stored) == 1
    assert set(stored[0]["labels"]) == set(kind_info(kind).labels)
    properties = stored[0]["p"]
    assert properties.pop("kind") == kind
    as_python = {key: value.to_native() if hasattr(value, "to_native") else value
                 for key, value in properties.items()}
    assert as_python == expected
    loaded = cls.nodes.get(uid=f"{kind}:sample")
    for name, value in expected.items():
        assert getattr(loaded, name) == value
    if "start" in expected:
        assert type(loaded.start) is datetime.date


def _source_class_for(rel_type: str):
    for cls in NODE_CLASSES.values():
        for attribute, definition in cls.defined_properties(aliases=False, properties=False).items():
            if definition.definition["relation_type"] == rel_type and definition.definition["direction"] == 1:
                return cls, attribute, definition
    raise AssertionError(f"no node class declares an outgoing {rel_type}")


def _target_instance(definition) -> nodes.Entity:
    target_cls = definition._raw_class
    if isinstance(target_cls, str):
        target_cls = {"Entity": nodes.Entity, "Body": nodes.Body, "Territory": nodes.Territory,
                      "KnowledgeArea": nodes.KnowledgeArea, "Post": nodes.Post, "Person": nodes.Person,
                      "graphmodel.nodes.DecisionMatter": nodes.DecisionMatter}[target_cls]
    concrete = next(cls for cls in NODE_CLASSES.values() if issubclass(cls, target_cls))
    return concrete(uid="target:1", name="Target").save()


@pytest.mark.parametrize("rel_type", sorted(EDGE_CLASSES))
def test_every_edge_kind_round_trips_with_its_properties(graph, rel_type):
    source_cls, attribute, definition = _source_class_for(rel_type)
    edge_cls = EDGE_CLASSES[rel_type]
    expected = sample_properties(edge_cls, "edge")
    with neomodel_db.transaction:
        source = source_cls(uid="source:1", name="Source").save()
        target = _target_instance(definition)
        getattr(source, attribute).connect(target, expected)

    rows = graph.read(f"MATCH (:Entity {{uid: 'source:1'}})-[r:{rel_type}]->(:Entity {{uid: 'target:1'}}) "
                      "RETURN properties(r) AS p")
    assert len(rows) == 1
    stored = {key: value.to_native() if hasattr(value, "to_native") else value for key, value in rows[0]["p"].items()}
    by_db_name = {prop.db_property or name: expected[name]
                  for name, prop in edge_cls.defined_properties(aliases=False, rels=False).items()}
    assert stored == by_db_name
    relation = getattr(source_cls.nodes.get(uid="source:1"), attribute).relationship(target)
    assert relation.start == START and type(relation.start) is datetime.date


def test_a_duplicate_id_is_rejected_across_kinds(graph):
    with neomodel_db.transaction:
        nodes.Municipality(uid="municipality:1880", name="Örebro", code="1880").save()
    # Neo4j refuses the statement (neomodel's UniqueProperty); ArcadeDB refuses the commit.
    with pytest.raises((UniqueProperty, ConstraintError)):
        with neomodel_db.transaction:
            nodes.LocalWorkingGroup(uid="municipality:1880", name="Not a municipality").save()
    rows = graph.read("MATCH (n:Entity {uid: 'municipality:1880'}) RETURN n.kind AS kind")
    assert rows == [{"kind": "municipality"}]


def test_an_unknown_role_is_refused_before_it_reaches_the_engine(graph):
    with neomodel_db.transaction:
        person = nodes.Person(uid="person:a", name="A").save()
        lag = nodes.LocalWorkingGroup(uid="lag:a", name="LAG A").save()
    with pytest.raises(Exception, match="role"):
        with neomodel_db.transaction:
            person.member_of.connect(lag, {"role": "emperor"})
    assert graph.read("MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS n") == [{"n": 0}]


def test_membership_keeps_whom_it_represents(graph):
    with neomodel_db.transaction:
        person = nodes.Person(uid="person:rep", name="Fictional Rep", fictional=True).save()
        lag = nodes.LocalWorkingGroup(uid="lag:demens", name="LAG Demens").save()
        person.member_of.connect(lag, {"role": "municipal_representative",
                                       "represents": ["region:18"], "start": START})
    rel = nodes.Person.nodes.get(uid="person:rep").member_of.relationship(lag)
    assert isinstance(rel, MemberOf)
    assert (rel.role, rel.represents, rel.start) == ("municipal_representative", ["region:18"], START)
