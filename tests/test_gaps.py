"""`govgraph gaps`: coverage of the reference data, a clean chart, and planted gaps."""

from __future__ import annotations

import datetime
import json

import pytest
from test_checks import AT, OREBRO, changed, clean_chart, found, load, run_govgraph

from cypher.checks import rules
from cypher.gaps import GAPS_PREFIX, run_gaps
from cypher.params import QueryParameterError
from importers.chart import MembershipRecord, PersonRecord, RelationRecord, UnitRecord
from importers.reference import reference_chart

pytestmark = pytest.mark.engine

DALARNA, VASTERBOTTEN = "region:20", "region:24"
NORRA = "healthcare-region:norra-sjukvardsregionen"
PSYKISK_HALSA = "knowledge-area:psykisk-halsa"


def _reference_npos() -> set[str]:
    return {unit.id for unit in reference_chart().units if unit.kind == "npo"}


def _reference_municipalities(county: str) -> set[str]:
    return {r.source for r in reference_chart().relations if r.type == "LOCATED_IN" and r.target == county}


# -- the reference data (read only; these come before the tests that empty the graph) ------------------------
def test_reference_data_gaps(reference_graph):
    report = run_gaps(reference_graph, at=AT)
    npos = _reference_npos()
    lpo_areas = {OREBRO: {"npo:psykisk-halsa", "npo:barn-och-ungdomars-halsa", "npo:aldres-halsa-och-palliativ-vard"},
                 DALARNA: {"npo:psykisk-halsa"}, VASTERBOTTEN: {"npo:psykisk-halsa"}}
    # Örebro län names a contact person for every area it has no LPO for (002 §7; fictional people).
    contact = {(OREBRO, "npo:" + r.target.removeprefix("knowledge-area:")): r.source
               for r in reference_chart().relations
               if r.type == "CONTACT_PERSON_FOR" and r.target.startswith("knowledge-area:")}
    assert contact[(OREBRO, "npo:levnadsvanor")] == "person:lars-vikstrom" and len(contact) == 23
    expected = {("gaps_npo_without_rpo", npo, NORRA, f"knowledge-area:{npo.removeprefix('npo:')}")
                for npo in npos - {"npo:psykisk-halsa"}}
    expected |= {("gaps_npo_without_lpo", npo, region, contact.get((region, npo)))
                 for region, covered in lpo_areas.items() for npo in npos - covered}
    expected |= {("gaps_municipality_without_representative", municipality, region, PSYKISK_HALSA)
                 for region, municipalities in (
                     (DALARNA, _reference_municipalities("county:20") - {"municipality:2080"}),
                     # Tomas Lindqvist, co-opted in the LAG, speaks for Umeå (001; issue 13).
                     (VASTERBOTTEN, _reference_municipalities("county:24") - {"municipality:2480"}))
                 for municipality in municipalities}
    assert {(f.rule.name, f.uid, f.region, f.related) for f in report.findings} == expected
    assert len(report.findings) == len(expected) == 25 + (23 + 25 + 25) + (14 + 14)
    assert {f.severity for f in report.findings} == {"info"}
    assert report.exit_code == 0


def test_reference_gaps_of_one_region_and_area(reference_graph):
    report = run_gaps(reference_graph, at=AT, region=OREBRO, area=PSYKISK_HALSA)
    assert found(report) == set()
    levnadsvanor = run_gaps(reference_graph, at=AT, region=OREBRO, area="knowledge-area:levnadsvanor")
    assert [f.finding for f in levnadsvanor.findings] == [
        "Region Örebro län has no LPO for NPO Levnadsvanor on 2025-01-01; Lars Vikström is the named contact person"]


def test_an_unknown_area_names_the_parameter(reference_graph):
    with pytest.raises(QueryParameterError, match="'npo:psykisk-halsa' is a npo, not a knowledge_area") as error:
        run_gaps(reference_graph, area="npo:psykisk-halsa")
    assert error.value.parameter == "area"


def test_every_gap_question_declares_rule_severity_and_document():
    assert {rule.name for rule in rules(GAPS_PREFIX)} == {
        "gaps_npo_without_rpo", "gaps_npo_without_lpo", "gaps_municipality_without_representative",
        "gaps_departed_person_on_route", "gaps_contact_for_departed_representative"}
    assert all(rule.severity in ("info", "warning") for rule in rules(GAPS_PREFIX))


# -- a clean chart, then planted gaps ----------------------------------------------------------------------
def test_a_clean_chart_has_no_gaps(graph):
    assert found(run_gaps(load(graph, clean_chart()), at=AT)) == set()


def test_an_npo_without_rpo_or_lpo(graph):
    chart = clean_chart()
    chart.units += [UnitRecord("knowledge-area:levnadsvanor", "knowledge_area", "Levnadsvanor"),
                    UnitRecord("npo:levnadsvanor", "npo", "Levnadsvanor", knowledge_area="knowledge-area:levnadsvanor")]
    load(graph, chart)
    report = run_gaps(graph, at=AT)
    assert found(report) == {("gaps_npo_without_rpo", "info", "npo:levnadsvanor", "knowledge-area:levnadsvanor"),
                             ("gaps_npo_without_lpo", "info", "npo:levnadsvanor", None)}
    assert {(f.rule.name, f.region) for f in report.findings} == {
        ("gaps_npo_without_rpo", "healthcare-region:test"), ("gaps_npo_without_lpo", OREBRO)}
    assert found(run_gaps(graph, at=AT, area="knowledge-area:ka")) == set()


def test_a_municipality_no_representative_speaks_for(graph):
    chart = clean_chart()
    chart.units.append(UnitRecord("municipality:1881", "municipality", "Grannby"))
    chart.relations.append(RelationRecord("municipality:1881", "LOCATED_IN", "county:18"))
    load(graph, chart)
    report = run_gaps(graph, at=AT)
    assert found(report) == {("gaps_municipality_without_representative", "info", "municipality:1881",
                              "knowledge-area:ka")}
    assert report.findings[0].finding == ("no municipal representative speaks for Grannby kommun in Psykisk hälsa "
                                          "on 2025-01-01")


def test_a_representative_for_the_whole_county_reaches_every_municipality(graph):
    chart = clean_chart()
    chart.units.append(UnitRecord("municipality:1881", "municipality", "Grannby"))
    chart.relations.append(RelationRecord("municipality:1881", "LOCATED_IN", "county:18"))
    chart.memberships = changed(chart.memberships, {"role": "municipal_representative"}, represents=("county:18",))
    assert found(run_gaps(load(graph, chart), at=AT)) == set()


def test_a_departed_representative_still_on_the_route(graph):
    chart = clean_chart()
    chart.memberships = changed(chart.memberships, {"role": "municipal_representative"},
                                end=datetime.date(2024, 6, 30))
    report = run_gaps(load(graph, chart), at=AT)
    assert found(report) == {("gaps_departed_person_on_route", "warning", "person:rep", "person:vf"),
                             ("gaps_contact_for_departed_representative", "warning", "person:vf", "person:rep"),
                             ("gaps_municipality_without_representative", "info", "municipality:1880",
                              "knowledge-area:ka")}
    texts = {f.rule.name: f.finding for f in report.findings}
    assert texts["gaps_departed_person_on_route"] == (
        "Rut Representant left every body by 2024-06-30 but still informs Vera Välfärd on 2025-01-01")
    assert texts["gaps_contact_for_departed_representative"] == (
        "Vera Välfärd is still contact person for Rut Representant, whose assignment as municipal representative "
        "ended 2024-06-30, on 2025-01-01")


def test_a_departed_key_person_still_disseminating(graph):
    chart = clean_chart()
    chart.units.append(UnitRecord("network:mas", "network", "Nätverk för MAS", region="county:18"))
    chart.people.append(PersonRecord("person:key", "Kim Nyckel", fictional=True))
    chart.memberships.append(MembershipRecord("person:key", "network:mas", "key_person",
                                              represents=("municipality:1880",), end=datetime.date(2024, 12, 31)))
    chart.relations.append(RelationRecord("person:key", "DISSEMINATES_TO", "municipality:1880"))
    load(graph, chart)
    report = run_gaps(graph, at=AT)
    assert found(report) == {("gaps_departed_person_on_route", "warning", "person:key", "municipality:1880")}
    assert report.findings[0].region == OREBRO
    assert found(run_gaps(graph, at="2024-12-31")) == set()


# -- the command line --------------------------------------------------------------------------------------
def test_gaps_command_json(cli_env):
    assert run_govgraph(cli_env, "load", "reference").returncode == 0
    result = run_govgraph(cli_env, "gaps", "--region", "region:20", "--at", AT, "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["parameters"] == {"at": AT, "region": "region:20"}
    assert document["counts"] == {"error": 0, "warning": 0, "info": 25 + 14}
