"""Who decides a measure, and by which route: the cases of 002 §10 and 003, read from the reference data."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

import pytest

from cypher.decision_route import (
    Measure,
    UnknownTerritory,
    decision_route,
    measure_from_text,
)
from cypher.params import QueryParameterError, UnknownId
from importers.chart import Chart, MandateRecord, UnitRecord
from importers.load import apply_chart
from importers.validate_chart import check_chart

pytestmark = pytest.mark.engine

AT = "2025-06-01"
OREBRO = "region:18"
VERKSAMHETSCHEF = "post:region-orebro-lan-verksamhetschef"
RMKS = "council:region-orebro-lan-rmks"
HS_LEDNINGSGRUPP = "management-group:region-orebro-lan-halso-och-sjukvardsforvaltningens-ledningsgrupp"
FTV_LEDNINGSGRUPP = "management-group:region-orebro-lan-folktandvardsforvaltningens-ledningsgrupp"
SOCIALCHEFSNATVERKET = "network:orebro-lan-socialchefsnatverket"
VF = "area:region-orebro-lan-valfard-och-folkhalsa"
SAMVERKANSRADET = "council:orebro-lan-specifika-samverkansradet-social-valfard-samt-vard-och-omsorg"
CHEFSGRUPP = "collaboration-group:orebro-lan-chefsgrupp-for-social-valfard-samt-vard-och-omsorg"
KOMMUNAL_REPRESENTANT = "post:orebro-lan-kommunal-representant-i-lpo-lag"
LPOS = {"lpo:region-orebro-lan-barn-och-ungdomars-halsa", "lpo:region-orebro-lan-psykisk-halsa",
        "lpo:region-orebro-lan-aldres-halsa-och-palliativ-vard"}
MUNICIPAL_NETWORKS = {"network:orebro-lan-natverk-for-strategiska-chefer", "network:orebro-lan-natverk-for-mas-mar"}
OREBRO_MUNICIPALITIES = {f"municipality:{code}" for code in
                         ("1814", "1860", "1861", "1862", "1863", "1864", "1880", "1881", "1882", "1883", "1884",
                          "1885")}
DOC_001, DOC_002, DOC_003, DOC_004 = ("001_a14aaf4a3697e8c0.txt", "002_f2c56e9e6debe3bb.txt", "003_ef8c122bca7ad691.txt",
                                    "004_c404d1e861ddfdc3.txt")


def route(graph, scope: str, region: str | None = OREBRO, **criteria):
    criteria.setdefault("at", AT)
    return decision_route(graph, Measure(scope, region=region, **criteria))


def holders(entries) -> set[str]:
    return {entry.holder.uid for entry in entries}


def steps(answer) -> list[tuple[int, str, str]]:
    return [(entry.step, entry.part, entry.holder.uid) for entry in answer.route]


# -- 1 to 5: the documents' cases for Region Örebro län, every criterion given ----------------------------
# Each expected answer is written from the document it cites, not read back from the code.
def test_1_a_region_measure_within_the_mandate_is_decided_by_the_operations_manager_and_rmks_endorses(
        reference_graph):
    # 002 §10: "Verksamhetschefer har mandat att fatta beslut ... om åtgärder ryms inom ramen för verksamheternas
    # uppdrag och budget. Gapanalysen presenteras sedan för RMKS för kännedom/tillstyrkan"
    answer = route(reference_graph, "region", within_mandate=True)

    assert answer.mandated and answer.determined
    assert holders(answer.deciders) == {VERKSAMHETSCHEF}
    assert {(entry.holder.uid, entry.part) for entry in answer.informed} == {(RMKS, "endorses")}
    assert steps(answer) == [(1, "decides", VERKSAMHETSCHEF), (2, "endorses", RMKS)]
    assert all(entry.source.startswith(DOC_002) and "§10" in entry.source for entry in answer.route)
    assert answer.message() == ("a region measure that fits within the operations' remit and budget in Region "
                                "Örebro län: decided by Verksamhetschef; endorsed by RMKS")


def test_2_a_region_measure_beyond_the_mandate_goes_to_the_health_care_management_group_and_when_needed_others(
        reference_graph):
    # 002 §10: "De åtgärder som inte kan beslutas av verksamheterna prioriteras och lämnas för förslag till Hälso-
    # och sjukvårdsförvaltningens ledningsgrupp samt vid behov till Folktandvårdförvaltningens ledningsgrupp
    # och/eller socialchefsnätverket." 002 §6: RMKS "bereder vid behov" such matters.
    answer = route(reference_graph, "region", within_mandate=False)

    qualified = {(entry.holder.uid, entry.resolved_qualifier, entry.step) for entry in answer.deciders}
    assert qualified == {(HS_LEDNINGSGRUPP, "always", 2), (FTV_LEDNINGSGRUPP, "when_needed", 2),
                         (SOCIALCHEFSNATVERKET, "when_needed", 2)}
    assert [entry.holder.uid for entry in answer.deciders] == [HS_LEDNINGSGRUPP, FTV_LEDNINGSGRUPP,
                                                              SOCIALCHEFSNATVERKET]
    assert {(entry.holder.uid, entry.part) for entry in answer.preparing} == {(RMKS, "prepares")}
    assert holders(answer.no_mandate) == {VERKSAMHETSCHEF}
    assert "decided by Hälso- och sjukvårdsförvaltningens ledningsgrupp; when needed also by " \
           "Folktandvårdsförvaltningens ledningsgrupp and/or Socialchefsnätverket" in answer.message()


def test_3_a_municipal_measure_without_cost_or_organisational_change_is_decided_in_the_knowledge_governance_organisation_and_anchored(  # noqa: E501
        reference_graph):
    # 003: "Kunskapsstöd och aktiviteter som inte medför ökade kostnader eller organisatoriska konsekvenser beslutas
    # inom kunskapsstyrningsorganisationen och förankras i samverkansorganisationen."
    answer = route(reference_graph, "municipal", cost=False, organisational=False, political=False)

    assert answer.determined
    assert holders(answer.deciders) == LPOS
    assert {(entry.holder.uid, entry.part, entry.step) for entry in answer.informed} == {
        (network, "anchors", 2) for network in MUNICIPAL_NETWORKS}
    assert holders(answer.preparing) == set()
    assert all(entry.source.startswith(DOC_003) for entry in answer.deciders)
    (alternative,) = answer.alternatives
    assert any("beslutas inom kunskapsstyrningsorganisationen och förankras i samverkansorganisationen"
               in (matter.wording or "") for matter in alternative.matters)
    assert "anchored in Nätverk för MAS/MAR and Nätverk för strategiska chefer" in answer.message()


def test_3_one_knowledge_area_narrows_the_knowledge_governance_organisation_to_its_lpo(reference_graph):
    answer = route(reference_graph, "municipal", cost=False, organisational=False, political=False,
                   area="knowledge-area:psykisk-halsa")

    assert holders(answer.deciders) == {"lpo:region-orebro-lan-psykisk-halsa"}
    assert holders(answer.informed) == MUNICIPAL_NETWORKS
    assert answer.area.uid == "knowledge-area:psykisk-halsa"


def test_4_added_cost_goes_through_vf_to_the_social_services_heads_or_alternatively_each_municipality(
        reference_graph):
    # 003: "... ska beslutas inom respektive linjeorganisation. Sådana frågor processas genom
    # samverkansorganisationen inom Välfärd och folkhälsa. Beslut fattas i socialchefsgruppen alternativt om det
    # medför mer omfattande konsekvenser i respektive kommun."
    answer = route(reference_graph, "municipal", cost=True, organisational=False, political=False)

    assert {(entry.holder.uid, entry.part, entry.step) for entry in answer.preparing} == {(VF, "prepares", 1)}
    primary = [entry for entry in answer.deciders if entry.resolved_qualifier == "primarily"]
    alternatives = [entry for entry in answer.deciders if entry.resolved_qualifier == "alternatively"]
    assert [entry.holder.uid for entry in primary] == [SOCIALCHEFSNATVERKET]
    assert holders(alternatives) == OREBRO_MUNICIPALITIES
    assert {entry.condition for entry in alternatives} == {"om det medför mer omfattande konsekvenser"}
    assert {entry.step for entry in answer.deciders} == {2}
    assert answer.route[0].holder.uid == VF
    (alternative,) = answer.alternatives
    assert any("respektive linjeorganisation" in (matter.wording or "") for matter in alternative.matters)
    assert ("prepared by Välfärd och folkhälsa; decided by Socialchefsnätverket, or alternatively by each "
            "municipality (12) om det medför mer omfattande konsekvenser") in answer.message()


def test_4_a_larger_organisational_change_without_cost_takes_the_same_route(reference_graph):
    with_cost = route(reference_graph, "municipal", cost=True, organisational=False, political=False)
    answer = route(reference_graph, "municipal", cost=False, organisational=True, political=False)

    assert holders(answer.preparing) == {VF}
    assert holders(answer.deciders) == {SOCIALCHEFSNATVERKET} | OREBRO_MUNICIPALITIES
    assert answer.alternatives[0].summary(one_municipality=False) == \
        with_cost.alternatives[0].summary(one_municipality=False)


def test_5_a_political_decision_is_recommended_by_the_council_and_decided_by_each_municipality(reference_graph):
    # 002 §10: "I de fall politiska beslut krävs tas ärendet för rekommendation till kommunala beslut upp i
    # specifika samverkansrådet"; "Beslut ... måste fattas inom varje kommun."
    for criteria in (dict(cost=False, organisational=False, political=True), dict(political=True)):
        answer = route(reference_graph, "municipal", **criteria)

        assert answer.determined, criteria
        assert {(entry.holder.uid, entry.part, entry.step) for entry in answer.preparing} == {
            (SAMVERKANSRADET, "recommends", 1)}
        assert holders(answer.deciders) == OREBRO_MUNICIPALITIES
        assert {entry.step for entry in answer.deciders} == {2}
        assert "recommended by Specifika samverkansrådet social välfärd samt vård och omsorg; decided by each " \
               "municipality (12)" in answer.message()


# -- 6: a criterion left out is a question --------------------------------------------------------------------
def test_6_a_municipal_measure_with_political_left_out_lists_both_routes_with_their_conditions(reference_graph):
    answer = route(reference_graph, "municipal", cost=False, organisational=False)

    assert not answer.determined and answer.open_criteria() == ["political_decision"]
    assert answer.deciders == [] and answer.route == []
    conditions = [(alternative.when, holders(alternative.deciders)) for alternative in answer.alternatives]
    assert conditions == [(({"political_decision": False},), LPOS),
                          (({"political_decision": True},), OREBRO_MUNICIPALITIES)]
    assert [alternative.condition() for alternative in answer.alternatives] == [
        "if the measure needs no political decision", "if the measure needs a political decision"]
    document = answer.as_json()
    assert [item["criterion"] for item in document["open_criteria"]] == ["political_decision"]
    assert [item["condition"] for item in document["alternatives"]] == [
        "if the measure needs no political decision", "if the measure needs a political decision"]
    assert document["deciders"] == [] and "2 routes" in document["message"]


def test_6_a_municipal_political_question_with_cost_left_out_is_settled_no_network_takes_a_political_decision(
        reference_graph):
    answer = route(reference_graph, "municipal", political=True)

    assert answer.determined
    assert SOCIALCHEFSNATVERKET not in holders(answer.deciders)
    assert VF not in holders(answer.preparing)


def test_6_a_region_measure_with_the_mandate_left_out_gives_each_route_and_never_a_decider_without_mandate(
        reference_graph):
    answer = route(reference_graph, "region", cost=False, organisational=False)

    assert answer.open_criteria() == ["within_mandate"]
    within, beyond = answer.alternatives
    assert within.when == ({"within_mandate": True},) and holders(within.deciders) == {VERKSAMHETSCHEF}
    assert beyond.when == ({"within_mandate": False},)
    assert VERKSAMHETSCHEF not in holders(beyond.deciders)
    assert VERKSAMHETSCHEF in holders(beyond.with_parts("no_mandate"))


def test_6_a_municipal_measure_with_nothing_given_has_three_routes_in_the_documents_order(reference_graph):
    answer = route(reference_graph, "municipal")

    assert answer.open_criteria() == ["political_decision", "added_cost", "organisational_change"]
    first, second, third = answer.alternatives
    assert first.when == ({"political_decision": False, "added_cost": False, "organisational_change": False},)
    assert holders(first.deciders) == LPOS
    # 003's two matters (added cost; larger organisational change without cost) read alike: one route,
    # and its condition reads as 003 puts it ("ökade resurser/kostnader eller större förändringar i organisation")
    assert second.when == ({"political_decision": False, "added_cost": True},
                           {"political_decision": False, "organisational_change": True})
    assert second.condition() == "if the measure needs no political decision and adds cost or changes the organisation"
    assert holders(second.with_parts("prepares")) == {VF}
    assert third.when == ({"political_decision": True},)
    assert holders(third.deciders) == OREBRO_MUNICIPALITIES


# -- 7: a municipality's question answers for that municipality ------------------------------------------------
def test_7_a_question_about_kumla_names_kumla_and_the_shared_bodies_not_all_twelve(reference_graph):
    kumla = "municipality:1881"
    political = route(reference_graph, "municipal", region=kumla, political=True)
    cost = route(reference_graph, "municipal", region=kumla, cost=True, political=False)

    assert holders(political.deciders) == {kumla}
    assert holders(political.preparing) == {SAMVERKANSRADET}
    assert holders(cost.deciders) == {SOCIALCHEFSNATVERKET, kumla}
    assert "or alternatively by Kumla kommun om det medför mer omfattande konsekvenser" in cost.message()
    assert "Askersund" not in cost.message() and "each municipality" not in cost.message()


# -- 8: every region answers from its own documents -----------------------------------------------------------
def test_8_dalarna_a_region_measure_is_decided_by_the_division_head_or_across_divisions_by_lghs(reference_graph):
    # 004 Styrning och ledning: "Divisionschefer ansvarar och beslutar om övergripande aktiviteter som ska
    # genomföras i samband med implementeringsarbete inom den egna divisionen. Verksamhetschef ansvarar för att
    # genomföra beslutade förändringar"; KSG-B "samordnar förbättrings- och implementeringsarbeten när flera
    # divisioner är involverade" and prepares for the steering group LGHS, which "beslutar om övergripande mål
    # och aktiviteter".
    answer = route(reference_graph, "region", region="region:20", within_mandate=True)

    assert answer.mandated and answer.open_criteria() == ["several_divisions"]
    within, several = answer.alternatives
    assert within.when == ({"several_divisions": False},)
    assert [(entry.step, entry.part, entry.holder.uid) for entry in within.route] == [
        (1, "decides", "post:region-dalarna-divisionschef"), (2, "implements", "post:region-dalarna-verksamhetschef")]
    assert several.when == ({"several_divisions": True},)
    assert [(entry.step, entry.part, entry.holder.uid) for entry in several.route][:2] == [
        (1, "prepares", "preparatory-group:region-dalarna-ksg-b"), (2, "decides", "management-group:region-dalarna-lghs")]
    assert all(entry.source.startswith(DOC_004) for alternative in answer.alternatives for entry in alternative.route)
    settled = route(reference_graph, "region", region="region:20", several_divisions=False)
    assert settled.determined and holders(settled.deciders) == {"post:region-dalarna-divisionschef"}
    # 004 has no rule that turns on the operations' remit and budget: the answer says so instead of hiding it
    assert answer.unused_criteria == ("within_mandate",)
    assert [item["flag"] for item in answer.as_json()["unused_criteria"]] == ["--within-mandate"]
    assert route(reference_graph, "region", region="region:18", within_mandate=True).unused_criteria == ()


def test_8_vasterbotten_names_who_carries_out_and_who_is_told_but_no_decider_as_001_names_none(reference_graph):
    # 001 Uppdrag för LAG: "Ta emot, processa och medverka till implementering"; "Upprätta
    # implementeringsprocessen: identifiera, initiera, styra och stödja spridning"; "rapportera i regelbundna
    # avstämningar till LPO om implementeringsprocessen". 001 gives no one a mandate to decide on the measures.
    answer = route(reference_graph, "region", region="region:24", within_mandate=True)

    assert answer.rules_held and answer.determined and not answer.mandated
    assert [(entry.step, entry.part, entry.holder.uid) for entry in answer.route] == [
        (1, "implements", "lag:region-vasterbotten-sjalvskadebeteende"),
        (2, "informed", "lpo:region-vasterbotten-psykisk-halsa")]
    assert answer.deciders == []
    assert all(entry.source.startswith(DOC_001) for entry in answer.route)
    assert answer.message() == (
        "a region measure that fits within the operations' remit and budget in Region Västerbotten: nobody in the "
        "graph has the mandate to decide; carried out by LAG Självskadebeteende; reported to LPO Psykisk hälsa")
    (matter,) = answer.matters
    assert matter.areas == ("knowledge-area:psykisk-halsa",)
    other_area = route(reference_graph, "region", region="region:24", area="knowledge-area:endokrina-sjukdomar")
    assert not other_area.mandated and other_area.alternatives == ()


def test_f_a_political_question_region_and_municipalities_share_is_not_the_managers_groups(reference_graph):
    # 002 §5: "chefsgruppen ... tar beslut om frågor i samverkan. På politisk nivå finns specifika samverkansrådet"
    answer = route(reference_graph, "both", region="region:18", political=True)

    assert not answer.mandated and CHEFSGRUPP not in holders(answer.deciders)
    assert holders(route(reference_graph, "both", region="region:18", political=False).deciders) == {CHEFSGRUPP}


def test_8_a_region_whose_data_has_no_decision_matters_says_so(reference_graph):
    answer = route(reference_graph, "region", region="region:01", within_mandate=True)

    assert not answer.mandated and not answer.rules_held
    assert answer.message() == "the graph holds no decision rules for Region Stockholm"
    document = answer.as_json()
    assert (document["mandated"], document["rules_held"], document["deciders"], document["alternatives"]) == (
        False, False, [], [])
    municipal = route(reference_graph, "municipal", region="region:20")
    assert municipal.rules_held and not municipal.mandated
    assert municipal.message() == "the graph holds no decision rules for a municipal measure in Region Dalarna"


def test_the_municipal_representative_has_no_mandate_on_any_municipal_route(reference_graph):
    # 003 Ansvar/avgränsning: "Du kan inte godkänna nya arbetsuppgifter eller fatta beslut i frågor."
    for alternative in route(reference_graph, "municipal").alternatives:
        refusals = alternative.with_parts("no_mandate")
        assert [(entry.holder.uid, entry.step) for entry in refusals] == [(KOMMUNAL_REPRESENTANT, None)]
        assert refusals[0].source.startswith(DOC_003)


def test_f_a_question_region_and_municipalities_share_is_decided_by_the_managers_group_alone(reference_graph):
    answer = route(reference_graph, "both")

    assert holders(answer.deciders) == {CHEFSGRUPP}
    assert steps(answer) == [(1, "decides", CHEFSGRUPP)]
    assert [matter.criteria["measure_scope"] for matter in answer.matters] == ["both"]


def test_without_a_region_each_regions_rules_are_an_alternative_of_their_own(reference_graph):
    answer = route(reference_graph, "region", region=None, within_mandate=True, several_divisions=False)

    homes = [alternative.home.uid for alternative in answer.alternatives]
    assert homes == ["region:18", "region:20", "region:24"]
    assert answer.alternatives[0].condition() == "in Region Örebro län"


# -- regions by graph edges, time, old edges ---------------------------------------------------------------
def test_the_county_and_a_municipality_in_it_find_the_municipal_route_too(reference_graph):
    criteria = dict(cost=True, organisational=False, political=False)
    by_region = route(reference_graph, "municipal", **criteria)
    assert holders(route(reference_graph, "municipal", region="county:18", **criteria).deciders) == \
        holders(by_region.deciders)
    # a municipality's question keeps the shared network and the municipality itself
    assert holders(route(reference_graph, "municipal", region="municipality:1880", **criteria).deciders) == {
        SOCIALCHEFSNATVERKET, "municipality:1880"}
    assert not route(reference_graph, "municipal", region="municipality:2080", **criteria).mandated


def test_an_unknown_region_or_one_that_is_no_territory_is_an_error_naming_it(reference_graph):
    with pytest.raises(UnknownId, match="no node has the id 'region:99'"):
        route(reference_graph, "region", region="region:99")
    with pytest.raises(UnknownTerritory, match=f"'{RMKS}' is a council, not a territory") as raised:
        route(reference_graph, "region", region=RMKS)
    assert raised.value.parameter == "region"


def test_the_json_answer_has_a_stable_shape(reference_graph):
    document = route(reference_graph, "region", within_mandate=True).as_json()

    assert list(document) == ["measure", "region", "area", "rules_held", "mandated", "determined", "open_criteria",
                              "unused_criteria", "message", "alternatives", "deciders", "informed", "preparing", "consulted",
                              "implementing", "no_mandate", "route", "matters"]
    assert document["measure"] == {"scope": "region", "political": None, "within_mandate": True,
                                   "several_divisions": None, "cost": None, "organisational": None, "region": OREBRO,
                                   "area": None, "at": AT}
    assert document["region"] == {"uid": OREBRO, "name": "Region Örebro län", "kind": "region",
                                  "label": "Region Örebro län"}
    first = document["route"][0]
    assert first == {"step": 1, "part": "decides", "part_en": "decides", "part_sv": "beslutar", "qualifier": "always",
                     "qualifier_en": "always", "qualifier_sv": "alltid", "rank": None,
                     "holder": {"uid": VERKSAMHETSCHEF, "name": "Verksamhetschef", "kind": "post",
                                "label": "Verksamhetschef"},
                     "matter": document["matters"][0]["uid"],
                     "condition": "åtgärderna ryms inom ramen för verksamheternas uppdrag och budget",
                     "decision_ref": None,
                     "decided_on": None, "source": f"{DOC_002} §10",
                     "explanation": "Verksamhetschef decides: Implementering av åtgärder inom verksamhetens uppdrag "
                                    "och budget (åtgärderna ryms inom ramen för verksamheternas uppdrag och budget)"}
    (matter,) = document["matters"]
    assert (matter["region"], matter["criteria"], matter["route_order"]) == ([OREBRO], {
        "measure_scope": "region", "political_decision": None, "within_mandate": True, "several_divisions": None,
        "added_cost": None, "organisational_change": None}, 1)
    (alternative,) = document["alternatives"]
    assert (alternative["when"], alternative["condition"], alternative["route"]) == ([{}], "in every case",
                                                                                     document["route"])


def test_qualifiers_ranks_consultation_and_the_decision_record_are_kept_from_a_chart(graph):
    matter = UnitRecord("decision-matter:x", "decision_matter", "X", measure_scope="region", route_order=1,
                        wording="Beslut fattas i A alternativt i B.", knowledge_area="knowledge-area:endokrina-sjukdomar")
    units = [matter, UnitRecord("knowledge-area:endokrina-sjukdomar", "knowledge_area", "Endokrina sjukdomar"),
             UnitRecord("knowledge-area:psykisk-halsa", "knowledge_area", "Psykisk hälsa"),
             *(UnitRecord(f"post:{name}", "post", name.upper()) for name in ("a", "b", "c"))]
    mandates = [MandateRecord("post:a", matter.id, True, part="decides", step=2, qualifier="primarily", rank=1,
                              decision_ref="LD1/1", decided_on=datetime.date(2019, 8, 20)),
                MandateRecord("post:b", matter.id, True, part="decides", step=2, qualifier="alternatively", rank=2,
                              condition="when it is large"),
                MandateRecord("post:c", matter.id, False, part="consults", step=1)]
    apply_chart(graph, Chart(units=units, mandates=mandates), owner="test")

    answer = route(graph, "region", region=None)
    assert [(entry.holder.uid, entry.qualifier, entry.rank) for entry in answer.deciders] == [
        ("post:a", "primarily", 1), ("post:b", "alternatively", 2)]
    assert (answer.deciders[0].decision_ref, answer.deciders[0].decided_on) == ("LD1/1", "2019-08-20")
    assert holders(answer.consulted) == {"post:c"}
    assert answer.alternatives[0].summary(one_municipality=False) == (
        "in consultation with C; decided by A, or alternatively by B when it is large")
    assert answer.matters[0].wording == "Beslut fattas i A alternativt i B."
    assert not route(graph, "region", region=None, area="knowledge-area:psykisk-halsa").alternatives


def test_a_bad_qualifier_or_rank_in_a_mandates_file_names_row_and_column(tmp_path):
    from importers.read import read_workbook
    from importers.validate import validate

    (tmp_path / "units.csv").write_text("id,kind,name\ndecision-matter:x,decision_matter,X\npost:a,post,A\n",
                                        encoding="utf-8")
    for name in ("people", "memberships", "relations"):
        header = {"people": "id,name", "memberships": "person,unit,role", "relations": "source,type,target"}[name]
        (tmp_path / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
    (tmp_path / "mandates.csv").write_text(
        "holder,scope,decides,qualifier,rank\npost:a,decision-matter:x,ja,ibland,första\n", encoding="utf-8")

    problems = [str(problem) for problem in validate(read_workbook(tmp_path)).problems]
    assert any("mandates.csv row 2, column qualifier: 'ibland' is not a mandate qualifier" in text
               for text in problems), problems
    assert any("mandates.csv row 2, column rank: 'första' is not a rank" in text for text in problems), problems


def test_a_matter_belongs_where_its_edge_says_and_old_edges_without_a_part_still_count(graph):
    region_20 = UnitRecord("region:20", "region", "Region Dalarna", code="20")
    region_18 = UnitRecord("region:18", "region", "Region Örebro län", code="18")
    # The id says Örebro; the region cell (a BELONGS_TO edge) says Dalarna, and the edge wins.
    matter = UnitRecord("decision-matter:region-orebro-lan-x", "decision_matter", "X", region="region:20",
                        measure_scope="region", within_mandate=True)
    boss = UnitRecord("post:chef", "post", "Chef")
    apply_chart(graph, Chart(units=[region_18, region_20, matter, boss],
                             mandates=[MandateRecord("post:chef", matter.id, True)]), owner="test")
    graph.write("MATCH ()-[m:MANDATE]->() REMOVE m.part")

    assert holders(route(graph, "region", region="region:20", within_mandate=True).deciders) == {"post:chef"}
    assert not route(graph, "region", region="region:18", within_mandate=True).mandated
    assert not route(graph, "region", region="region:20", within_mandate=False).mandated
    assert holders(route(graph, "region", region=None).deciders) == {"post:chef"}


def test_a_mandate_that_has_ended_is_not_on_the_route(graph):
    matter = UnitRecord("decision-matter:x", "decision_matter", "X", measure_scope="both")
    apply_chart(graph, Chart(units=[matter, UnitRecord("post:chef", "post", "Chef")],
                             mandates=[MandateRecord("post:chef", matter.id, True, part="decides", step=1)]),
                owner="test")
    graph.write("MATCH ()-[m:MANDATE]->() SET m.end = date('2024-12-31')")

    assert not route(graph, "both", region=None).mandated
    assert holders(route(graph, "both", region=None, at="2024-12-31").deciders) == {"post:chef"}
    today = route(graph, "both", region=None, at=None)
    assert not today.mandated and today.as_json()["measure"]["at"] > "2024-12-31"


def test_a_chart_built_in_code_must_have_parts_that_agree_with_decides():
    chart = Chart(units=[UnitRecord("decision-matter:x", "decision_matter", "X"), UnitRecord("post:a", "post", "A")],
                  mandates=[MandateRecord("post:a", "decision-matter:x", True, part="endorses"),
                            MandateRecord("post:a", "decision-matter:x", False, part="vetoes")])

    assert [str(problem) for problem in check_chart(chart)] == [
        "mandates row 3: duplicate row (holder post:a, scope decision-matter:x): also row 2",
        "mandates row 2, column decides: decides True contradicts part 'endorses': only part decides decides",
        ("mandates row 3, column part: 'vetoes' is not a mandate part (known: decides, prepares, recommends, "
         "consults, endorses, anchors, informed, implements, no_mandate)")]


# -- reading a measure as typed --------------------------------------------------------------------------
def test_a_measure_reads_swedish_words_and_yes_no():
    measure = measure_from_text("kommunal", cost="ja", organisational="nej", region="county:18", at="2025-01-01")

    assert measure == Measure("municipal", cost=True, organisational=False, region="county:18", at="2025-01-01")
    assert measure.describe() == "a municipal measure that adds cost and does not change the organisation"


def test_a_bad_scope_flag_or_date_names_its_parameter():
    for call, parameter in ((lambda: measure_from_text("everyone"), "scope"),
                            (lambda: measure_from_text("region", cost="maybe"), "cost"),
                            (lambda: measure_from_text("region", at="1 May"), "at")):
        with pytest.raises(QueryParameterError) as raised:
            call()
        assert raised.value.parameter == parameter


# -- govgraph decide ---------------------------------------------------------------------------------------
def govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_govgraph_decide_prints_the_route_and_exits_3_when_nobody_has_the_mandate(cli_env):
    assert govgraph(cli_env, "db", "start").returncode == 0
    try:
        assert govgraph(cli_env, "load", "reference").returncode == 0

        found = govgraph(cli_env, "decide", "--scope", "region", "--within-mandate", "ja", "--region", OREBRO,
                         "--at", AT, "--json")
        assert found.returncode == 0, found.stderr
        document = json.loads(found.stdout)
        assert document["mandated"] is True
        assert [(entry["step"], entry["part"], entry["holder"]["uid"]) for entry in document["route"]] == [
            (1, "decides", VERKSAMHETSCHEF), (2, "endorses", RMKS)]

        table = govgraph(cli_env, "decide", "--scope", "kommunal", "--cost", "yes", "--organisational", "no",
                         "--political", "no", "--at", AT, "--lang", "en")
        assert table.returncode == 0, table.stderr
        assert "Askersunds kommun, Degerfors kommun" in " ".join(table.stdout.split())

        dalarna = govgraph(cli_env, "decide", "--scope", "region", "--region", "region:20", "--json", "--lang", "en")
        assert dalarna.returncode == 0, dalarna.stderr
        assert [alternative["condition"] for alternative in json.loads(dalarna.stdout)["alternatives"]] == [
            "if the measure stays within one division", "if the measure involves several divisions"]

        open_question = govgraph(cli_env, "decide", "--scope", "municipal", "--cost", "no", "--organisational", "no",
                                 "--region", OREBRO, "--at", AT, "--lang", "en")
        assert open_question.returncode == 0, open_question.stderr
        text = " ".join(open_question.stdout.split())
        assert "(--political): 2 routes" in text
        assert "1. if the measure needs no political decision: decided by LPO" in text
        assert "2. if the measure needs a political decision: recommended by Specifika samverkansrådet" in text

        nobody = govgraph(cli_env, "decide", "--scope", "region", "--within-mandate", "yes", "--region",
                          "region:01", "--json", "--lang", "en")
        assert nobody.returncode == 3
        assert json.loads(nobody.stdout)["mandated"] is False
        assert json.loads(nobody.stdout)["message"] == "the graph holds no decision rules for Region Stockholm"

        bad = govgraph(cli_env, "decide", "--scope", "region", "--cost", "maybe")
        assert bad.returncode == 2 and "--cost" in bad.stderr and "maybe" in bad.stderr
    finally:
        govgraph(cli_env, "db", "stop")
