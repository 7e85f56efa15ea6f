"""Who decides a measure, and by which route: the cases of 002 §10 and 003, read from the reference data."""

from __future__ import annotations

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
DOC_002, DOC_003 = "002_f2c56e9e6debe3bb.txt", "003_ef8c122bca7ad691.txt"


def route(graph, scope: str, region: str | None = OREBRO, **criteria):
    criteria.setdefault("at", AT)
    return decision_route(graph, Measure(scope, region=region, **criteria))


def holders(entries) -> set[str]:
    return {entry.holder.uid for entry in entries}


def steps(answer) -> list[tuple[int, str, str]]:
    return [(entry.step, entry.part, entry.holder.uid) for entry in answer.route]


# -- a) to h): the documents' cases ------------------------------------------------------------------------
def test_a_region_measure_within_the_mandate_is_decided_by_the_operations_manager_and_rmks_endorses(
        reference_graph):
    answer = route(reference_graph, "region", within_mandate=True)

    assert answer.mandated
    assert holders(answer.deciders) == {VERKSAMHETSCHEF}
    assert {(entry.holder.uid, entry.part) for entry in answer.informed} == {(RMKS, "endorses")}
    assert steps(answer) == [(1, "decides", VERKSAMHETSCHEF), (2, "endorses", RMKS)]
    assert all(entry.source.startswith(DOC_002) and "§10" in entry.source for entry in answer.route)
    assert answer.message() == ("a region measure within the operations' remit and budget in Region Örebro län "
                                "is decided by: Verksamhetschef")


def test_b_a_region_measure_beyond_the_mandate_goes_to_the_management_groups_prepared_by_rmks(reference_graph):
    answer = route(reference_graph, "region", within_mandate=False)

    assert holders(answer.deciders) == {HS_LEDNINGSGRUPP, FTV_LEDNINGSGRUPP, SOCIALCHEFSNATVERKET}
    assert {(entry.holder.uid, entry.part) for entry in answer.preparing} == {(RMKS, "prepares")}
    assert holders(answer.no_mandate) == {VERKSAMHETSCHEF}
    assert [(step, part) for step, part, _ in steps(answer)] == [(1, "prepares")] + [(2, "decides")] * 3
    conditions = {entry.holder.uid: entry.condition for entry in answer.deciders}
    assert conditions[FTV_LEDNINGSGRUPP].startswith("where needed")
    assert conditions[SOCIALCHEFSNATVERKET].startswith("where needed")


def test_c_a_municipal_measure_without_cost_or_organisational_change_is_decided_in_the_lpos_and_anchored(
        reference_graph):
    answer = route(reference_graph, "municipal", cost=False, organisational=False, political=False)

    assert holders(answer.deciders) == LPOS
    assert {(entry.holder.uid, entry.part, entry.step) for entry in answer.informed} == {
        (network, "informed", 2) for network in MUNICIPAL_NETWORKS}
    assert holders(answer.preparing) == set()
    assert all(entry.source.startswith(DOC_003) for entry in answer.deciders)


def test_d_added_cost_goes_through_vf_to_the_social_services_heads_or_each_municipality(reference_graph):
    answer = route(reference_graph, "municipal", cost=True, organisational=False, political=False)

    assert {(entry.holder.uid, entry.part, entry.step) for entry in answer.preparing} == {(VF, "prepares", 1)}
    assert holders(answer.deciders) == {SOCIALCHEFSNATVERKET} | OREBRO_MUNICIPALITIES
    assert {entry.step for entry in answer.deciders} == {2}
    assert {entry.condition for entry in answer.deciders if entry.holder.kind == "municipality"} == {
        "when the consequences are more extensive"}
    assert answer.route[0].holder.uid == VF


def test_d_a_larger_organisational_change_without_cost_takes_the_same_route(reference_graph):
    answer = route(reference_graph, "municipal", cost=False, organisational=True, political=False)

    assert holders(answer.preparing) == {VF}
    assert holders(answer.deciders) == {SOCIALCHEFSNATVERKET} | OREBRO_MUNICIPALITIES


def test_e_a_political_decision_is_recommended_by_the_council_and_decided_by_each_municipality(reference_graph):
    answer = route(reference_graph, "municipal", cost=False, organisational=False, political=True)

    assert {(entry.holder.uid, entry.part, entry.step) for entry in answer.preparing} == {
        (SAMVERKANSRADET, "recommends", 1)}
    assert holders(answer.deciders) == OREBRO_MUNICIPALITIES
    assert {entry.step for entry in answer.deciders} == {2}


def test_f_a_question_region_and_municipalities_share_is_decided_by_the_managers_group_alone(reference_graph):
    answer = route(reference_graph, "both")

    assert holders(answer.deciders) == {CHEFSGRUPP}
    assert steps(answer) == [(1, "decides", CHEFSGRUPP)]
    assert [matter.criteria["measure_scope"] for matter in answer.matters] == ["both"]


@pytest.mark.parametrize("criteria", [
    dict(cost=False, organisational=False, political=False),
    dict(cost=True, organisational=False, political=False),
    dict(cost=False, organisational=False, political=True),
])
def test_g_the_municipal_representative_has_no_mandate_in_municipal_measures(reference_graph, criteria):
    answer = route(reference_graph, "municipal", **criteria)

    (refusal,) = answer.no_mandate
    assert (refusal.holder.uid, refusal.part, refusal.step) == (KOMMUNAL_REPRESENTANT, "no_mandate", None)
    assert refusal.source.startswith(DOC_003)
    assert answer.mandated


def test_h_a_region_without_mandate_data_for_measures_has_nobody_with_the_mandate(reference_graph):
    answer = route(reference_graph, "region", region="region:20", within_mandate=True)

    assert not answer.mandated and answer.matters == ()
    assert answer.message() == ("nobody in the graph has the mandate for this measure (a region measure within "
                                "the operations' remit and budget) in Region Dalarna")
    document = answer.as_json()
    assert (document["mandated"], document["deciders"], document["route"]) == (False, [], [])


# -- regions by graph edges, time, old edges ---------------------------------------------------------------
def test_the_county_and_a_municipality_in_it_find_the_municipal_route_too(reference_graph):
    criteria = dict(cost=True, organisational=False, political=False)
    by_region = route(reference_graph, "municipal", **criteria)
    for region in ("county:18", "municipality:1880"):
        assert holders(route(reference_graph, "municipal", region=region, **criteria).deciders) == \
            holders(by_region.deciders)
    assert not route(reference_graph, "municipal", region="municipality:2080", **criteria).mandated


def test_an_unknown_region_or_one_that_is_no_territory_is_an_error_naming_it(reference_graph):
    with pytest.raises(UnknownId, match="no node has the id 'region:99'"):
        route(reference_graph, "region", region="region:99")
    with pytest.raises(UnknownTerritory, match=f"'{RMKS}' is a council, not a territory") as raised:
        route(reference_graph, "region", region=RMKS)
    assert raised.value.parameter == "region"


def test_the_json_answer_has_a_stable_shape(reference_graph):
    document = route(reference_graph, "region", within_mandate=True).as_json()

    assert list(document) == ["measure", "region", "mandated", "message", "deciders", "informed", "preparing",
                              "no_mandate", "route", "matters"]
    assert document["measure"] == {"scope": "region", "cost": None, "organisational": None, "within_mandate": True,
                                   "political": None, "region": OREBRO, "at": AT}
    assert document["region"] == {"uid": OREBRO, "name": "Region Örebro län", "kind": "region",
                                  "label": "Region Örebro län"}
    first = document["route"][0]
    assert first == {"step": 1, "part": "decides", "part_en": "decides", "part_sv": "beslutar",
                     "holder": {"uid": VERKSAMHETSCHEF, "name": "Verksamhetschef", "kind": "post",
                                "label": "Verksamhetschef"},
                     "matter": document["matters"][0]["uid"],
                     "condition": "the measures fit within the operation's remit and budget", "decision_ref": None,
                     "source": f"{DOC_002} §10",
                     "explanation": "Verksamhetschef decides: Implementering av åtgärder inom verksamhetens uppdrag "
                                    "och budget (the measures fit within the operation's remit and budget)"}
    (matter,) = document["matters"]
    assert (matter["region"], matter["criteria"]) == ([OREBRO], {
        "measure_scope": "region", "added_cost": None, "organisational_change": None, "within_mandate": True,
        "political_decision": None})


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
        ("mandates row 3, column part: 'vetoes' is not a mandate part (known: decides, endorses, informed, "
         "prepares, recommends, no_mandate)")]


# -- reading a measure as typed --------------------------------------------------------------------------
def test_a_measure_reads_swedish_words_and_yes_no():
    measure = measure_from_text("kommunal", cost="ja", organisational="nej", region="county:18", at="2025-01-01")

    assert measure == Measure("municipal", cost=True, organisational=False, region="county:18", at="2025-01-01")
    assert measure.describe() == "a municipal measure with added cost, without organisational change"


def test_a_bad_scope_flag_or_date_names_its_parameter():
    for call, parameter in ((lambda: measure_from_text("everyone"), "scope"),
                            (lambda: measure_from_text("region", cost="maybe"), "cost"),
                            (lambda: measure_from_text("region", at="1 May"), "at")):
        with pytest.raises(QueryParameterError) as raised:
            call()
        assert raised.value.parameter == parameter


# -- govgraph decide ---------------------------------------------------------------------------------------
def govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graphmodel", *args], env=env, capture_output=True, text=True,
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
                         "--political", "no", "--at", AT)
        assert table.returncode == 0, table.stderr
        assert "Askersund kommun, Degerfors kommun" in " ".join(table.stdout.split())

        nobody = govgraph(cli_env, "decide", "--scope", "region", "--within-mandate", "yes", "--region",
                          "region:20", "--json")
        assert nobody.returncode == 3
        assert json.loads(nobody.stdout)["mandated"] is False
        assert "nobody in the graph has the mandate" in json.loads(nobody.stdout)["message"]

        bad = govgraph(cli_env, "decide", "--scope", "region", "--cost", "maybe")
        assert bad.returncode == 2 and "--cost" in bad.stderr and "maybe" in bad.stderr
    finally:
        govgraph(cli_env, "db", "stop")
