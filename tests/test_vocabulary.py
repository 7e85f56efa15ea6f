"""The vocabulary is declared once and read by everything; these check it holds together."""

from __future__ import annotations

import pytest

from graphmodel.model import EDGE_CLASSES, EDGE_KINDS, FAMILIES, NODE_CLASSES, NODE_KINDS, ROLES, kind_info
from graphmodel.vocabulary import slug


@pytest.mark.parametrize(("typed", "key"), [
    ("Ordförande", "chair"), ("ordforande", "chair"), ("LEDAMOT", "member"), ("metodstöd", "method_support"),
    ("Kontaktperson", "contact_person"), ("adjungerad", "co_opted"),
    ("kommunal representant", "municipal_representative"), ("method support", "method_support"),
])
def test_roles_are_found_in_swedish_and_english_whatever_the_case(typed, key):
    assert ROLES.lookup(typed).key == key


@pytest.mark.parametrize(("typed", "key"), [
    ("LAG", "lag"), ("Lokal arbetsgrupp", "lag"), ("local working group", "lag"), ("NPO", "npo"),
    ("nationellt programområde", "npo"), ("kommun", "municipality"), ("Råd", "council"), ("nätverk", "network"),
])
def test_node_kinds_are_found_by_any_spelling(typed, key):
    assert NODE_KINDS.lookup(typed).key == key


@pytest.mark.parametrize(("typed", "key"), [
    ("reports to", "REPORTS_TO"), ("rapporterar till", "REPORTS_TO"), ("speglar", "MIRRORS"),
    ("kontaktperson för", "CONTACT_PERSON_FOR"), ("sprider till", "DISSEMINATES_TO"),
])
def test_relation_types_are_found_by_any_spelling(typed, key):
    assert EDGE_KINDS.lookup(typed).key == key


def test_unknown_words_are_not_guessed():
    assert ROLES.lookup("emperor") is None
    assert NODE_KINDS.lookup("") is None


def test_every_edge_type_belongs_to_a_declared_family():
    assert {cls.family for cls in EDGE_CLASSES.values()} <= set(FAMILIES.keys())
    for family in ("reporting", "representation", "mandate", "communication"):
        assert any(cls.family == family for cls in EDGE_CLASSES.values())


def test_the_model_covers_the_bodies_of_the_documents():
    expected = {"npo", "nag", "nsg", "rpo", "rsg", "lpo", "lpog", "lsg", "lag", "steering_group", "council",
                "management_group", "preparatory_group", "network", "unit", "division", "area", "post",
                "healthcare_region", "region", "county", "municipality", "knowledge_area", "person"}
    assert expected <= set(NODE_CLASSES)


def test_every_kind_carries_the_entity_label_first():
    for kind in NODE_CLASSES:
        assert kind_info(kind).labels[0] == "Entity"


@pytest.mark.parametrize(("name", "expected"), [
    ("Psykisk hälsa", "psykisk-halsa"),
    ("Sjukvårdsregion Mellansverige", "sjukvardsregion-mellansverige"),
    ("Öron-, näs- och halssjukdomar", "oron-nas-och-halssjukdomar"),
    ("Perioperativ vård, intensivvård och transplantation", "perioperativ-vard-intensivvard-och-transplantation"),
    ("Café  Été", "cafe-ete"),
])
def test_slugs_follow_the_id_scheme(name, expected):
    assert slug(name) == expected
