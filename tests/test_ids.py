"""The id scheme: territories by official code, everything else by kind and slugged name."""

from __future__ import annotations

import pytest

from importers.ids import county_id, entity_id, kind_prefix, municipality_id, region_id


def test_territories_are_identified_by_their_official_codes():
    assert municipality_id("1880") == "municipality:1880"
    assert municipality_id("0114") == "municipality:0114"
    assert region_id("18") == "region:18"
    assert county_id("01") == "county:01"


@pytest.mark.parametrize("code", ["114", "18800", "18a0", "", "１８８０"])
def test_a_malformed_municipality_code_is_refused_with_the_code_named(code):
    with pytest.raises(ValueError, match="municipality code must be 4 digits"):
        municipality_id(code)


@pytest.mark.parametrize("make", [region_id, county_id])
def test_a_malformed_county_code_is_refused(make):
    with pytest.raises(ValueError, match="county code must be 2 digits, got '1'"):
        make("1")


def test_other_entities_are_kind_and_slugged_name():
    assert entity_id("npo", "Psykisk hälsa") == "npo:psykisk-halsa"
    assert entity_id("knowledge_area", "Öron-, näs- och halssjukdomar") == "knowledge-area:oron-nas-och-halssjukdomar"
    assert entity_id("healthcare_region", "Sjukvårdsregion Mellansverige") == (
        "healthcare-region:sjukvardsregion-mellansverige")
    assert entity_id("person", "Per-Olof Hedin") == "person:per-olof-hedin"


def test_an_owned_body_is_qualified_with_its_owners_name():
    assert entity_id("lpo", "Psykisk hälsa", owner="Region Örebro län") == "lpo:region-orebro-lan-psykisk-halsa"
    assert entity_id("lpo", "Psykisk hälsa", owner="Region Dalarna") == "lpo:region-dalarna-psykisk-halsa"
    assert entity_id("rpo", "Psykisk hälsa", owner="Sjukvårdsregion Mellansverige") == (
        "rpo:sjukvardsregion-mellansverige-psykisk-halsa")


def test_the_kind_prefix_writes_underscores_as_hyphens():
    assert kind_prefix("decision_matter") == "decision-matter"
    assert kind_prefix("lag") == "lag"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown node kind 'committee'"):
        entity_id("committee", "Etikrådet")


@pytest.mark.parametrize("kind", ["municipality", "region", "county"])
def test_coded_kinds_cannot_be_named_by_slug(kind):
    with pytest.raises(ValueError, match="official codes"):
        entity_id(kind, "Örebro")


def test_a_name_without_letters_or_digits_is_refused():
    with pytest.raises(ValueError, match="no letters or digits"):
        entity_id("lag", " – ")
