"""`govgraph check`: the documents' rules on the reference data, on a clean chart, and on planted violations."""

from __future__ import annotations

import dataclasses
import datetime
import json
import subprocess
import sys

import pytest

from cypher.checks import SEVERITIES, rules, run_checks
from cypher.params import QueryParameterError
from importers.chart import (
    Chart,
    MembershipRecord,
    PersonRecord,
    RelationRecord,
    UnitRecord,
)
from importers.load import apply_chart
from importers.reference import reference_chart

pytestmark = pytest.mark.engine

AT = "2025-01-01"
OREBRO, DALARNA, VASTERBOTTEN = "region:18", "region:20", "region:24"
ALL_MUNICIPALITIES = ("municipality:1880",)


def found(report, rule: str | None = None) -> set[tuple]:
    """(rule, severity, node, related) of each finding, optionally of one rule."""
    return {(f.rule.name, f.severity, f.uid, f.related) for f in report.findings if rule in (None, f.rule.name)}


# -- a small chart organised like Örebro län, with no findings ---------------------------------------------
def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _territories() -> list[UnitRecord]:
    return [UnitRecord("healthcare-region:test", "healthcare_region", "Testregionen"),
            UnitRecord("region:18", "region", "Region Test"),
            UnitRecord("county:18", "county", "Test län"),
            UnitRecord("municipality:1880", "municipality", "Teststad"),
            UnitRecord("knowledge-area:ka", "knowledge_area", "Psykisk hälsa")]


def _bodies() -> list[UnitRecord]:
    return [UnitRecord("npo:ka", "npo", "Psykisk hälsa", knowledge_area="knowledge-area:ka"),
            UnitRecord("rpo:test-ka", "rpo", "Psykisk hälsa", region="healthcare-region:test",
                       knowledge_area="knowledge-area:ka"),
            UnitRecord("unit:ksg", "unit", "Stödgruppen", region=OREBRO),
            UnitRecord("area:vf", "area", "Välfärd", region=OREBRO),
            UnitRecord("lpo:ka", "lpo", "Psykisk hälsa", region=OREBRO, knowledge_area="knowledge-area:ka"),
            UnitRecord("lag:x", "lag", "Suicidprevention", region=OREBRO, knowledge_area="knowledge-area:ka",
                       start=_day("2023-01-01"), end=_day("2030-12-31")),
            UnitRecord("post:vf-developer", "post", "Utvecklingsledare")]


def _people() -> list[PersonRecord]:
    names = {"chair": "Cecilia Chair", "method": "Mia Metod", "contact": "Kalle Kontakt",
             "rep": "Rut Representant", "vf": "Vera Välfärd", "rpo-member": "Rolf Regional"}
    return [PersonRecord(f"person:{key}", name, fictional=True) for key, name in names.items()]


def _memberships() -> list[MembershipRecord]:
    since = _day("2023-01-01")
    return [MembershipRecord("person:chair", "lag:x", "chair", start=since),
            MembershipRecord("person:method", "lag:x", "method_support", start=since),
            MembershipRecord("person:method", "unit:ksg", "member"),
            MembershipRecord("person:contact", "unit:ksg", "member"),
            MembershipRecord("person:contact", "lpo:ka", "contact_person"),
            MembershipRecord("person:rep", "lag:x", "municipal_representative", represents=ALL_MUNICIPALITIES,
                             start=since),
            MembershipRecord("person:rpo-member", "rpo:test-ka", "region_representative", represents=(OREBRO,),
                             start=since),
            MembershipRecord("person:rpo-member", "lag:x", "member", start=since)]


def _relations() -> list[RelationRecord]:
    return [RelationRecord("region:18", "SERVES", "county:18"),
            RelationRecord("region:18", "PART_OF", "healthcare-region:test"),
            RelationRecord("municipality:1880", "LOCATED_IN", "county:18"),
            RelationRecord("rpo:test-ka", "MIRRORS", "npo:ka"),
            RelationRecord("lpo:ka", "MIRRORS", "rpo:test-ka"),
            RelationRecord("unit:ksg", "SUPPORTS", "lpo:ka"),
            RelationRecord("unit:ksg", "SUPPORTS", "lag:x"),
            RelationRecord("lag:x", "REPORTS_TO", "lpo:ka"),
            RelationRecord("area:vf", "SUPPORTS", "municipality:1880"),
            RelationRecord("post:vf-developer", "PART_OF", "area:vf"),
            RelationRecord("person:vf", "HOLDS_POST", "post:vf-developer"),
            RelationRecord("person:vf", "CONTACT_PERSON_FOR", "person:rep"),
            RelationRecord("person:rep", "INFORMS", "person:vf")]


def clean_chart() -> Chart:
    """One region with a knowledge-support group, an LPO, a LAG and V&F, meeting every rule."""
    return Chart(units=_territories() + _bodies(), people=_people(), memberships=_memberships(),
                 relations=_relations())


def without(records: list, **match) -> list:
    """`records` less those whose fields equal every value in `match` (exactly one must)."""
    kept = [r for r in records if any(getattr(r, key) != value for key, value in match.items())]
    assert len(kept) == len(records) - 1, match
    return kept


def changed(records: list, match: dict, **values) -> list:
    """`records` with the one matching `match` given new `values`."""
    hits = [r for r in records if all(getattr(r, key) == value for key, value in match.items())]
    assert len(hits) == 1, match
    return [dataclasses.replace(r, **values) if r is hits[0] else r for r in records]


def load(graph, chart: Chart):
    apply_chart(graph, chart, owner="test")
    return graph


# -- the reference data (these tests only read; they come first, before tests that empty the graph) ----------
def _areas_without_lpo_in_orebro() -> set[str]:
    chart = reference_chart()
    areas = {unit.id for unit in chart.units if unit.kind == "knowledge_area"}
    return areas - {"knowledge-area:psykisk-halsa", "knowledge-area:barn-och-ungdomars-halsa",
                    "knowledge-area:aldres-halsa-och-palliativ-vard", "knowledge-area:levnadsvanor"}


def test_reference_data_gives_the_known_findings(reference_graph):
    report = run_checks(reference_graph, at=AT)
    expected = {("check_knowledge_area_without_lpo_has_contact_person", "error", area, None)
                for area in _areas_without_lpo_in_orebro()}
    expected |= {("check_lag_has_end_date", "warning", lag, None) for lag in (
        "lag:region-orebro-lan-suicidprevention", "lag:region-orebro-lan-overvikt-och-fetma-hos-barn",
        "lag:region-orebro-lan-palliativ-vard-i-livets-slutskede", "lag:region-orebro-lan-levnadsvanor-vid-sjukdom",
        "lag:region-vasterbotten-sjalvskadebeteende")}
    expected |= {("check_region_member_of_matching_group_in_lag", "warning", lag, person) for lag, person in (
        ("lag:region-orebro-lan-suicidprevention", "person:karolina-wester"),
        ("lag:region-orebro-lan-overvikt-och-fetma-hos-barn", "person:helena-brandt"),
        ("lag:region-vasterbotten-sjalvskadebeteende", "person:ingela-nordmark"))}
    expected |= {("check_concurrent_memberships", "info", person, None)
                 for person in ("person:lars-vikstrom", "person:sara-nyquist")}
    assert found(report) == expected
    assert len(_areas_without_lpo_in_orebro()) == 22
    assert report.exit_code == 1
    assert report.counts() == {"error": 22, "warning": 8, "info": 2}


def test_reference_findings_of_one_region_only(reference_graph):
    assert found(run_checks(reference_graph, at=AT, region=DALARNA)) == set()
    vasterbotten = run_checks(reference_graph, at=AT, region=VASTERBOTTEN)
    assert {f.region for f in vasterbotten.findings} == {VASTERBOTTEN}
    assert vasterbotten.exit_code == 0


def test_reference_dalarna_before_its_first_lag_ended(reference_graph):
    report = run_checks(reference_graph, at="2021-06-01", region=DALARNA)
    assert found(report) == {("check_region_member_of_matching_group_in_lag", "warning",
                              "lag:region-dalarna-vardforlopp-depression-och-angest-hos-vuxna",
                              "person:jenny-axelsson")}


def test_an_unknown_region_or_a_bad_day_names_the_parameter(reference_graph):
    with pytest.raises(QueryParameterError, match="no node has the id 'region:99'") as error:
        run_checks(reference_graph, region="region:99")
    assert error.value.parameter == "region"
    with pytest.raises(QueryParameterError, match="is a county"):
        run_checks(reference_graph, region="county:18")
    with pytest.raises(QueryParameterError) as error:
        run_checks(reference_graph, at="2025-13-01")
    assert error.value.parameter == "at"


# -- the rules' headers ------------------------------------------------------------------------------------
def test_every_check_declares_rule_severity_and_document():
    checks = rules()
    assert len(checks) == 10
    for rule in checks:
        assert rule.text and rule.document and rule.severity in SEVERITIES
        assert rule.query.example, rule.name


# -- a clean chart, then one planted violation per rule ---------------------------------------------------
def test_a_clean_chart_gives_no_findings(graph):
    report = run_checks(load(graph, clean_chart()), at=AT)
    assert found(report) == set()
    assert report.exit_code == 0


def test_a_lag_without_a_chair(graph):
    chart = clean_chart()
    chart.memberships = without(chart.memberships, person="person:chair", role="chair")
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_lag_has_chair_and_method_support", "error", "lag:x", None)}
    assert "has no chair" in report.findings[0].finding
    assert report.exit_code == 1


def test_a_lag_without_method_support(graph):
    chart = clean_chart()
    chart.memberships = without(chart.memberships, role="method_support")
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_lag_has_chair_and_method_support", "error", "lag:x", None)}
    assert "method-support person (metodstöd) from Stödgruppen" in report.findings[0].finding


def test_method_support_and_lpo_contact_are_not_asked_where_no_group_supports_the_lpos(graph):
    chart = clean_chart()
    chart.relations = without(chart.relations, source="unit:ksg", target="lpo:ka")
    chart.memberships = without(chart.memberships, role="method_support")
    chart.memberships = without(chart.memberships, role="contact_person")
    assert found(run_checks(load(graph, chart), at=AT)) == set()


def test_an_lpo_without_a_contact_person(graph):
    chart = clean_chart()
    chart.memberships = without(chart.memberships, role="contact_person")
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_lpo_has_contact_person", "error", "lpo:ka", None)}
    assert report.findings[0].finding == "LPO Psykisk hälsa has no named contact person from Stödgruppen on 2025-01-01"


def test_an_lpo_contact_person_from_outside_the_group(graph):
    chart = clean_chart()
    chart.memberships = without(chart.memberships, person="person:contact", unit="unit:ksg")
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_lpo_has_contact_person", "error", "lpo:ka", None)}
    assert "(Kalle Kontakt) is not from Stödgruppen" in report.findings[0].finding


def test_a_knowledge_area_with_neither_lpo_nor_contact_person(graph):
    chart = clean_chart()
    chart.units += [UnitRecord("knowledge-area:levnadsvanor", "knowledge_area", "Levnadsvanor"),
                    UnitRecord("npo:levnadsvanor", "npo", "Levnadsvanor", knowledge_area="knowledge-area:levnadsvanor"),
                    UnitRecord("rpo:test-levnadsvanor", "rpo", "Levnadsvanor", region="healthcare-region:test",
                               knowledge_area="knowledge-area:levnadsvanor")]
    chart.relations.append(RelationRecord("rpo:test-levnadsvanor", "MIRRORS", "npo:levnadsvanor"))
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_knowledge_area_without_lpo_has_contact_person", "error",
                              "knowledge-area:levnadsvanor", None)}
    assert report.findings[0].region == OREBRO


def test_a_contact_person_of_the_region_stands_in_for_the_missing_lpo(graph):
    chart = clean_chart()
    chart.units += [UnitRecord("knowledge-area:levnadsvanor", "knowledge_area", "Levnadsvanor"),
                    UnitRecord("npo:levnadsvanor", "npo", "Levnadsvanor", knowledge_area="knowledge-area:levnadsvanor")]
    chart.relations.append(RelationRecord("person:method", "CONTACT_PERSON_FOR", "knowledge-area:levnadsvanor"))
    assert found(run_checks(load(graph, chart), at=AT)) == set()


def test_a_lag_without_start_or_end_date(graph):
    chart = clean_chart()
    chart.units = changed(chart.units, {"id": "lag:x"}, end=None)
    assert found(run_checks(load(graph, chart), at=AT)) == {("check_lag_has_end_date", "warning", "lag:x", None)}
    graph.write("MATCH (n) DETACH DELETE n")
    chart.units = changed(chart.units, {"id": "lag:x"}, start=None)
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_lag_has_start_date", "error", "lag:x", None)}
    assert report.findings[0].finding == "LAG Suicidprevention has no documented start date (nor an end date)"


def test_a_municipal_representative_without_a_contact_person(graph):
    chart = clean_chart()
    chart.relations = without(chart.relations, type="CONTACT_PERSON_FOR")
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_municipal_representative_has_contact_person", "error", "person:rep", None)}
    assert report.findings[0].finding == ("municipal representative Rut Representant has no contact person at "
                                          "Välfärd on 2025-01-01")


def test_a_representatives_contact_person_who_is_not_at_the_support_structure(graph):
    chart = clean_chart()
    chart.relations = without(chart.relations, type="HOLDS_POST")
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_municipal_representative_has_contact_person", "error", "person:rep", None)}
    assert "(Vera Välfärd) does not work at Välfärd" in report.findings[0].finding


def test_the_regions_rpo_member_missing_from_the_lag(graph):
    chart = clean_chart()
    chart.memberships = without(chart.memberships, person="person:rpo-member", unit="lag:x")
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_region_member_of_matching_group_in_lag", "warning", "lag:x",
                              "person:rpo-member")}
    assert report.findings[0].finding == ("Rolf Regional sits in RPO Psykisk hälsa for Region Test but not in "
                                          "LAG Suicidprevention on 2025-01-01")


def test_a_membership_that_ended_while_the_body_runs_on(graph):
    chart = clean_chart()
    chart.memberships = changed(chart.memberships, {"person": "person:rpo-member", "unit": "lag:x"},
                                end=_day("2024-06-30"))
    report = run_checks(load(graph, chart), at=AT)
    # The RPO member is no longer in the LAG either, which the composition rule reports.
    assert found(report) == {("check_membership_ended", "info", "person:rpo-member", "lag:x"),
                             ("check_region_member_of_matching_group_in_lag", "warning", "lag:x",
                              "person:rpo-member")}
    assert report.exit_code == 0


def test_a_membership_ending_within_the_window(graph):
    chart = clean_chart()
    chart.memberships = changed(chart.memberships, {"person": "person:chair"}, end=_day("2025-03-01"))
    load(graph, chart)
    assert found(run_checks(graph, at=AT)) == {("check_membership_ending_soon", "warning", "person:chair", "lag:x")}
    assert found(run_checks(graph, at=AT, within=30)) == set()


def test_a_renewed_membership_is_not_reported_as_ending(graph):
    chart = clean_chart()
    chart.memberships = changed(chart.memberships, {"person": "person:chair"}, end=_day("2025-03-01"))
    chart.memberships.append(MembershipRecord("person:chair", "lag:x", "chair", start=_day("2025-03-02")))
    assert found(run_checks(load(graph, chart), at=AT)) == set()


def test_people_with_many_concurrent_memberships(graph):
    load(graph, clean_chart())
    report = run_checks(graph, at=AT, concurrent=2)
    assert found(report) == {("check_concurrent_memberships", "info", person, None)
                             for person in ("person:method", "person:contact", "person:rpo-member")}
    assert {f.region for f in report.findings} == {OREBRO}


# -- the command line --------------------------------------------------------------------------------------
def run_govgraph(env, *args):
    return subprocess.run([sys.executable, "-m", "graphmodel", *args], env=env, check=False, capture_output=True,
                          text=True, timeout=300)


def test_check_command_exit_status_and_json(cli_env):
    assert run_govgraph(cli_env, "load", "reference").returncode == 0
    everything = run_govgraph(cli_env, "check", "--at", AT, "--json")
    assert everything.returncode == 1, everything.stderr
    document = json.loads(everything.stdout)
    assert document["counts"] == {"error": 22, "warning": 8, "info": 2}
    assert set(document["findings"][0]) == {"severity", "rule", "rule_text", "document", "uid", "name", "kind",
                                            "region", "related", "finding"}
    assert document["findings"][0]["severity"] == "error"
    dalarna = run_govgraph(cli_env, "check", "--region", DALARNA, "--at", AT, "--csv")
    assert dalarna.returncode == 0, dalarna.stderr
    assert dalarna.stdout.splitlines() == ["severity,rule,uid,name,kind,region,related,finding,document"]
    unknown = run_govgraph(cli_env, "check", "--region", "region:99")
    assert unknown.returncode == 2 and "region:99" in unknown.stderr
