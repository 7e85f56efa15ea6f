"""`govgraph check`: the documents' rules on the reference data, on a clean chart, and on planted violations."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
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


def moved(chart: Chart, old: str, new: str) -> Chart:
    """A copy of `chart` with every reference to the node `old` (e.g. a region) made to `new`."""
    def swap(record):
        values = {}
        for item in dataclasses.fields(record):
            value = getattr(record, item.name)
            if value == old:
                values[item.name] = new
            elif isinstance(value, tuple) and old in value:
                values[item.name] = tuple(new if each == old else each for each in value)
        return dataclasses.replace(record, **values)
    return Chart(units=[swap(r) for r in chart.units], people=[swap(r) for r in chart.people],
                 memberships=[swap(r) for r in chart.memberships], relations=[swap(r) for r in chart.relations],
                 mandates=[swap(r) for r in chart.mandates])


def adopt(graph, region: str, *adopted: str) -> None:
    """Record, as the region's own data, that it adopts these rules or documents (the region node's `adopts`)."""
    graph.write("MATCH (r:Region {uid: $uid}) SET r.adopts = $adopted", uid=region, adopted=list(adopted))


def load(graph, chart: Chart):
    apply_chart(graph, chart, owner="test")
    return graph


# -- the reference data (these tests only read; they come first, before tests that empty the graph) ----------
# Written from the documents before the code: each rule holds in the region whose document states it (000, 002,
# 003 Örebro län, region:18; 001 Västerbotten, region:24; 004 Dalarna, region:20), or nationally where it is a
# data-quality rule of govgraph's own, and in another region only where that region's data adopts it.
DALARNA_OPEN_LAG = "lag:region-dalarna-uppfoljning-av-vardforlopp"
AGREEMENT_002 = "002_f2c56e9e6debe3bb.txt"
LAG_004 = "004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG"


def _areas_without_lpo_in_orebro() -> set[str]:
    chart = reference_chart()
    areas = {unit.id for unit in chart.units if unit.kind == "knowledge_area"}
    return areas - {"knowledge-area:psykisk-halsa", "knowledge-area:barn-och-ungdomars-halsa",
                    "knowledge-area:aldres-halsa-och-palliativ-vard", "knowledge-area:levnadsvanor"}


def test_reference_data_gives_the_known_findings(reference_graph):
    report = run_checks(reference_graph, at=AT)
    # 002 §7 (Örebro's agreement): where no LPO is set up, a contact person is named. The reference data records
    # three of Örebro's LPOs and names a (fictional) contact person for each of the other 23 areas, since 002
    # names the function and not the person: no finding. 001 and 004 ask for no such contact person.
    expected = set()
    # 004 asks Dalarna's LAGs for start and end dates; its example LAG without an end date is found. Örebro's
    # (000) and Västerbotten's (001) standing LAGs are not held to 004.
    expected |= {("check_lag_has_end_date", "warning", DALARNA_OPEN_LAG, None)}
    # 000 §3.3 asks for the region's member of the matching *working group* (a NAG or healthcare-regional working
    # group); the RPO and NPO members are not that, and the reference data records no such group: no finding.
    # Concurrent memberships: a national data-quality rule of govgraph's own (no document states it).
    expected |= {("check_concurrent_memberships", "info", person, None)
                 for person in ("person:lars-vikstrom", "person:sara-nyquist")}
    assert found(report) == expected
    assert len(_areas_without_lpo_in_orebro()) == 22
    assert report.exit_code == 0
    assert report.counts() == {"error": 0, "warning": 1, "info": 2}


def test_no_reference_finding_falls_outside_its_rules_jurisdiction(reference_graph):
    for day in (AT, "2021-06-01", None):
        for finding in run_checks(reference_graph, at=day).findings:
            holds_in = {j.where for j in finding.rule.jurisdictions}
            assert "national" in holds_in or finding.region in holds_in, finding


def test_every_reference_finding_names_its_document_and_region(reference_graph):
    report = run_checks(reference_graph, at=AT)
    by_rule = {f.rule.name: f for f in report.findings}
    assert by_rule["check_lag_has_end_date"].as_json()["document"] == (
        f"{LAG_004} (a rule of Region Dalarna, {DALARNA})")
    assert by_rule["check_concurrent_memberships"].as_json()["document"] == (
        "none: a national data-quality rule of govgraph's own; no document states it")
    for finding in report.findings:
        assert finding.as_json()["document"] == finding.source


def test_reference_findings_of_one_region_only(reference_graph):
    dalarna = run_checks(reference_graph, at=AT, region=DALARNA)
    assert found(dalarna) == {("check_lag_has_end_date", "warning", DALARNA_OPEN_LAG, None)}
    assert dalarna.exit_code == 0
    vasterbotten = run_checks(reference_graph, at=AT, region=VASTERBOTTEN)
    assert found(vasterbotten) == set()
    assert vasterbotten.exit_code == 0
    orebro = run_checks(reference_graph, at=AT, region=OREBRO)
    assert {f.region for f in orebro.findings} == {OREBRO}
    assert orebro.counts() == {"error": 0, "warning": 0, "info": 2}


def test_reference_dalarna_before_its_first_lag_ended(reference_graph):
    # 000 §3.3 (Örebro's) no longer fires on Dalarna's LAG: 004 has no such rule and Dalarna adopts none. The
    # end-date rule is about all time, so the example LAG without an end date is reported on any day.
    report = run_checks(reference_graph, at="2021-06-01", region=DALARNA)
    assert found(report) == {("check_lag_has_end_date", "warning", DALARNA_OPEN_LAG, None)}


def test_reference_today_meets_every_rule_of_its_regions(reference_graph):
    report = run_checks(reference_graph)
    assert [finding for finding in report.findings if finding.severity == "error"] == []
    assert report.exit_code == 0
    assert run_checks(reference_graph, region=DALARNA).exit_code == 0
    assert run_checks(reference_graph, region=VASTERBOTTEN).exit_code == 0


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
# The rule -> jurisdiction table, as the documents give it.
JURISDICTIONS = {
    "check_concurrent_memberships": {"national"},
    "check_knowledge_area_without_lpo_has_contact_person": {OREBRO},
    "check_lag_has_chair_and_method_support": {OREBRO, DALARNA, VASTERBOTTEN},
    "check_lag_has_end_date": {DALARNA},
    "check_lag_has_start_date": {DALARNA},
    "check_lpo_has_contact_person": {OREBRO},
    "check_membership_ended": {OREBRO, "national"},
    "check_membership_ending_soon": {OREBRO, "national"},
    "check_municipal_representative_has_contact_person": {OREBRO},
    "check_region_member_of_matching_group_in_lag": {OREBRO},
}
OWN_DOCUMENTS = {OREBRO: ("000_", "002_", "003_"), DALARNA: ("004_",), VASTERBOTTEN: ("001_",)}


def test_every_check_declares_rule_severity_and_document():
    checks = rules()
    assert len(checks) == 10
    for rule in checks:
        assert rule.text and rule.document and rule.severity in SEVERITIES
        assert rule.query.example, rule.name


def test_every_check_says_where_it_holds_and_from_which_document():
    checks = {rule.name: rule for rule in rules()}
    assert {name: {j.where for j in rule.jurisdictions} for name, rule in checks.items()} == JURISDICTIONS
    for rule in checks.values():
        for jurisdiction in rule.jurisdictions:
            if jurisdiction.where == "national":
                # A national rule is govgraph's own data-quality rule: no document states it, and it says so.
                assert jurisdiction.documents == () and jurisdiction.citation.startswith("none"), rule.name
            else:
                # A regional rule cites that region's own documents only.
                assert jurisdiction.documents, rule.name
                assert all(doc.startswith(OWN_DOCUMENTS[jurisdiction.where]) for doc in jurisdiction.documents)
        if "national" not in {j.where for j in rule.jurisdictions}:
            # The query itself keeps to the rule's regions and their adopters, so it answers the same when run
            # on its own (govgraph query, Neo4j Browser).
            for jurisdiction in rule.jurisdictions:
                assert f"'{jurisdiction.where}'" in rule.query.text, rule.name
                for document in jurisdiction.documents:
                    assert f"'{document}'" in rule.query.text, (rule.name, document)
            assert f"'{rule.name}'" in rule.query.text and "adopts" in rule.query.text, rule.name


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


def test_a_lag_without_a_chair_in_vasterbotten_and_dalarna_too(graph):
    # 001 (the LPO names the LAG's chair) and 004 (KSG-B names the chairs) ask for a chair as 000 does.
    for region, source in ((VASTERBOTTEN, "001_a14aaf4a3697e8c0.txt Tillsättning och sammansättning (a rule of "
                                         "Region Västerbotten"),
                           (DALARNA, "004_c404d1e861ddfdc3.txt Styrning och ledning (a rule of Region Dalarna")):
        graph.write("MATCH (n) DETACH DELETE n")
        chart = clean_chart()
        chart.memberships = without(chart.memberships, person="person:chair", role="chair")
        report = run_checks(load(graph, moved(chart, OREBRO, region)), at=AT)
        assert found(report) == {("check_lag_has_chair_and_method_support", "error", "lag:x", None)}
        assert report.findings[0].finding == "LAG Suicidprevention has no chair on 2025-01-01"
        assert report.findings[0].source == f"{source}, {region})"


def test_method_support_is_orebros_rule_only(graph):
    # Method support from Kunskapsstödsgruppen is 000 §3.3.3 and 002 §8: Västerbotten (001) does not ask for it,
    # even where a group of its own supports its LPOs.
    chart = clean_chart()
    chart.memberships = without(chart.memberships, role="method_support")
    assert found(run_checks(load(graph, moved(chart, OREBRO, VASTERBOTTEN)), at=AT)) == set()


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


def test_orebros_rules_hold_elsewhere_only_where_the_regions_data_adopts_them(graph):
    # Region 21 is organised like Örebro län but its data adopts nothing: Örebro's rules do not hold there.
    chart = clean_chart()
    chart.memberships = without(chart.memberships, role="contact_person")
    load(graph, moved(chart, OREBRO, "region:21"))
    assert found(run_checks(graph, at=AT)) == set()
    # Adopting another document (000, the LAG assignment) does not bring in 002 §8's contact-person rule ...
    adopt(graph, "region:21", "000_9d1f36fc60801c79.txt")
    assert found(run_checks(graph, at=AT)) == set()
    # ... adopting the agreement 002 does, and the finding says whose rule it is and who adopts it.
    for adopted in (AGREEMENT_002, "check_lpo_has_contact_person"):
        adopt(graph, "region:21", adopted)
        report = run_checks(graph, at=AT)
        assert found(report) == {("check_lpo_has_contact_person", "error", "lpo:ka", None)}
        assert report.findings[0].region == "region:21"
        assert report.findings[0].source == (f"{AGREEMENT_002} §8 (a rule of Region Örebro län, region:18; "
                                             "adopted by Region Test, region:21)")


def test_an_adopted_rule_holds_as_its_document_gives_it(graph):
    # Adopting 001 brings in the chair (001 asks for one), not 000's method support.
    chart = clean_chart()
    chart.memberships = without(chart.memberships, role="method_support")
    chart.memberships = without(chart.memberships, person="person:chair", role="chair")
    load(graph, moved(chart, OREBRO, "region:21"))
    assert found(run_checks(graph, at=AT)) == set()
    adopt(graph, "region:21", "001_a14aaf4a3697e8c0.txt")
    report = run_checks(graph, at=AT)
    assert [f.finding for f in report.findings] == ["LAG Suicidprevention has no chair on 2025-01-01"]
    assert report.findings[0].source == ("001_a14aaf4a3697e8c0.txt Tillsättning och sammansättning (a rule of "
                                         "Region Västerbotten, region:24; adopted by Region Test, region:21)")


def test_a_lag_without_start_or_end_date(graph):
    # 004 (Dalarna's) asks for dated assignments: the rule holds in Dalarna, not in Örebro län's structure.
    chart = clean_chart()
    chart.units = changed(chart.units, {"id": "lag:x"}, end=None)
    assert found(run_checks(load(graph, chart), at=AT)) == set()
    graph.write("MATCH (n) DETACH DELETE n")
    assert found(run_checks(load(graph, moved(chart, OREBRO, DALARNA)), at=AT)) == {
        ("check_lag_has_end_date", "warning", "lag:x", None)}
    graph.write("MATCH (n) DETACH DELETE n")
    chart.units = changed(chart.units, {"id": "lag:x"}, start=None)
    assert found(run_checks(load(graph, chart), at=AT)) == set()
    graph.write("MATCH (n) DETACH DELETE n")
    report = run_checks(load(graph, moved(chart, OREBRO, DALARNA)), at=AT)
    assert found(report) == {("check_lag_has_start_date", "error", "lag:x", None)}
    assert report.findings[0].finding == "LAG Suicidprevention has no documented start date (nor an end date)"
    assert report.findings[0].source == f"{LAG_004} (a rule of Region Dalarna, {DALARNA})"


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
    # 000 §3.3 asks for the region's member of the *matching working group* ("motsvarande arbetsgrupp"); an RPO
    # is a programme area, whose local counterpart is the LPO (004), so its member need not sit in the LAG.
    chart = clean_chart()
    chart.memberships = without(chart.memberships, person="person:rpo-member", unit="lag:x")
    assert found(run_checks(load(graph, chart), at=AT)) == set()


def with_working_group(chart: Chart, name: str = "Suicidprevention", mirrored: bool = False) -> Chart:
    """`chart` with a national working group (NAG) in the LAG's area whose member for the region sits in the LAG."""
    chart.units = [*chart.units, UnitRecord("nag:x", "nag", name, level="national", knowledge_area="knowledge-area:ka")]
    chart.people = [*chart.people, PersonRecord("person:nag-member", "Nora Nationell", fictional=True)]
    chart.memberships = [*chart.memberships,
                         MembershipRecord("person:nag-member", "nag:x", "member", represents=(OREBRO,),
                                          start=_day("2023-01-01")),
                         MembershipRecord("person:nag-member", "lag:x", "member", start=_day("2023-01-01"))]
    if mirrored:
        chart.relations = [*chart.relations, RelationRecord("lag:x", "MIRRORS", "nag:x")]
    return chart


def test_the_regions_member_of_the_matching_working_group_missing_from_the_lag(graph):
    chart = with_working_group(clean_chart())
    assert found(run_checks(load(graph, chart), at=AT)) == set()
    graph.write("MATCH (n) DETACH DELETE n")
    chart.memberships = without(chart.memberships, person="person:nag-member", unit="lag:x")
    report = run_checks(load(graph, chart), at=AT)
    assert found(report) == {("check_region_member_of_matching_group_in_lag", "warning", "lag:x",
                              "person:nag-member")}
    assert report.findings[0].finding == ("Nora Nationell sits in NAG Suicidprevention for Region Test but not in "
                                          "LAG Suicidprevention on 2025-01-01")
    assert report.findings[0].source == "000_9d1f36fc60801c79.txt §3.3 (a rule of Region Örebro län, region:18)"


def test_a_working_group_matches_the_lag_by_a_mirrors_edge_not_only_by_name(graph):
    chart = with_working_group(clean_chart(), name="Suicidprevention inom psykiatrin", mirrored=True)
    chart.memberships = without(chart.memberships, person="person:nag-member", unit="lag:x")
    assert found(run_checks(load(graph, chart), at=AT)) == {
        ("check_region_member_of_matching_group_in_lag", "warning", "lag:x", "person:nag-member")}
    graph.write("MATCH (n) DETACH DELETE n")
    unmatched = with_working_group(clean_chart(), name="Självskadebeteende")
    unmatched.memberships = without(unmatched.memberships, person="person:nag-member", unit="lag:x")
    assert found(run_checks(load(graph, unmatched), at=AT)) == set()


def test_the_matching_working_group_rule_is_orebros_and_not_vasterbottens(graph):
    # 001 (Västerbotten) has no rule on who from the healthcare-regional or national level sits in a LAG.
    chart = with_working_group(clean_chart())
    chart.memberships = without(chart.memberships, person="person:nag-member", unit="lag:x")
    assert found(run_checks(load(graph, moved(chart, OREBRO, VASTERBOTTEN)), at=AT)) == set()


def test_a_membership_that_ended_while_the_body_runs_on(graph):
    chart = clean_chart()
    chart.memberships = changed(chart.memberships, {"person": "person:rpo-member", "unit": "lag:x"},
                                end=_day("2024-06-30"))
    report = run_checks(load(graph, chart), at=AT)
    # The RPO member is no longer in the LAG either, which 000 §3.3 does not ask for (see above).
    assert found(report) == {("check_membership_ended", "info", "person:rpo-member", "lag:x")}
    assert report.exit_code == 0
    # In Örebro län the rule is 002 §9 and 003's; elsewhere it is govgraph's own data-quality rule.
    assert report.findings[0].source == (f"{AGREEMENT_002} §9; 003_ef8c122bca7ad691.txt Avsluta uppdrag "
                                         "(a rule of Region Örebro län, region:18)")
    graph.write("MATCH (n) DETACH DELETE n")
    elsewhere = run_checks(load(graph, moved(chart, OREBRO, DALARNA)), at=AT)
    assert found(elsewhere) == {("check_membership_ended", "info", "person:rpo-member", "lag:x")}
    assert elsewhere.findings[0].source == "none: a national data-quality rule of govgraph's own; no document states it"


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
    # No document states it: a national data-quality rule, labelled as such wherever it fires.
    assert {f.source for f in report.findings} == {
        "none: a national data-quality rule of govgraph's own; no document states it"}
    graph.write("MATCH (n) DETACH DELETE n")
    elsewhere = run_checks(load(graph, moved(clean_chart(), OREBRO, VASTERBOTTEN)), at=AT, concurrent=2)
    assert {f.region for f in elsewhere.findings} == {VASTERBOTTEN} and len(elsewhere.findings) == 3


# -- the command line --------------------------------------------------------------------------------------
def run_govgraph(env, *args):
    return subprocess.run([sys.executable, "-m", "govgraph", *args], env=env, check=False, capture_output=True,
                          text=True, timeout=300)


def test_check_command_exit_status_and_json(cli_env):
    assert run_govgraph(cli_env, "load", "reference").returncode == 0
    everything = run_govgraph(cli_env, "check", "--at", AT, "--json")
    assert everything.returncode == 0, everything.stderr
    document = json.loads(everything.stdout)
    assert document["counts"] == {"error": 0, "warning": 1, "info": 2}
    assert set(document["findings"][0]) == {"severity", "rule", "rule_text", "document", "uid", "name", "kind",
                                            "region", "related", "finding"}
    assert document["findings"][0]["severity"] == "warning"
    dalarna = run_govgraph(cli_env, "check", "--region", DALARNA, "--at", AT, "--csv", "--lang", "en")
    assert dalarna.returncode == 0, dalarna.stderr
    header, *rows = dalarna.stdout.splitlines()
    assert header == "severity,rule,uid,name,kind,region,related,finding,document"
    assert len(rows) == 1 and rows[0].startswith(f"warning,check_lag_has_end_date,{DALARNA_OPEN_LAG},")
    assert rows[0].endswith(f'"{LAG_004} (a rule of Region Dalarna, {DALARNA})"')
    unknown = run_govgraph(cli_env, "check", "--region", "region:99")
    assert unknown.returncode == 2 and "region:99" in unknown.stderr


def test_check_on_a_fresh_reference_load_exits_0_and_says_why_when_a_region_breaks_its_own_rule(cli_env):
    assert run_govgraph(cli_env, "load", "reference").returncode == 0
    today = run_govgraph(cli_env, "check", "--json")
    assert today.returncode == 0, today.stderr
    assert [f for f in json.loads(today.stdout)["findings"] if f["severity"] == "error"] == []
    # Örebro län without a contact person for an area it has no LPO for breaks its own 002 §7: the table says why.
    from graphmodel.engine import embedded_engine, embedded_graph
    from graphmodel.settings import Settings

    engine = embedded_engine(Settings(data_dir=Path(cli_env["GOVGRAPH_DATA_DIR"])))
    state, _ = engine.start(detached=True)
    graph = embedded_graph(engine, state)
    try:
        graph.write("MATCH (:Entity)-[r:CONTACT_PERSON_FOR]->(:Entity {uid: 'knowledge-area:akut-vard'}) DELETE r")
    finally:
        graph.close()
    table = run_govgraph(cli_env, "check", "--lang", "en")
    engine.stop()
    assert table.returncode == 1
    assert "each a rule of a region's own documents (or one it adopts) that its data does not meet" \
        in " ".join(table.stdout.split())
    assert f"1 in Region Örebro län under {AGREEMENT_002} §7" in " ".join(table.stdout.split())
    for region in (DALARNA, VASTERBOTTEN):
        assert run_govgraph(cli_env, "check", "--region", region).returncode == 0


def test_into_a_pipe_the_check_table_is_printed_whole(cli_env):
    assert run_govgraph(cli_env, "load", "reference").returncode == 0
    table = run_govgraph(cli_env, "check", "--at", AT)
    assert "lag_has_end_date" in table.stdout and "…" not in table.stdout
