"""The contact path on the reference data: the document-003 route, hop by hop, on a date, with its fallbacks."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

import pytest

from cypher.contact_path import PathError, PathOptions, contact_paths
from cypher.params import UnknownId
from cypher.route_index import load_route_index
from graphmodel.messages import SWEDISH, speaking
from importers.load import apply_chart
from importers.reference import REFERENCE_OWNER, reference_chart

pytestmark = pytest.mark.engine

TODAY = PathOptions(datetime.date(2026, 11, 22))
NPO = "npo:psykisk-halsa"
DOCUMENTED_ROUTE_HEAD = ["npo:psykisk-halsa", "rpo:sjukvardsregion-mellansverige-psykisk-halsa",
                         "lpo:region-orebro-lan-psykisk-halsa", "lag:region-orebro-lan-suicidprevention",
                         "person:johanna-rask", "person:eva-marklund", "network:orebro-lan-natverk-for-mas-mar"]
# Örebro län's twelve municipalities and the key person the MAS/MAR network has for each.
KEY_PERSONS = {
    "municipality:1814": "person:karin-ostlund", "municipality:1860": "person:per-olof-hedin",
    "municipality:1861": "person:anneli-stromberg", "municipality:1862": "person:mats-granqvist",
    "municipality:1863": "person:sofia-lindblad", "municipality:1864": "person:roger-nyman",
    "municipality:1880": "person:lena-hjort", "municipality:1881": "person:emma-sundin",
    "municipality:1882": "person:nils-forsell", "municipality:1883": "person:therese-wikander",
    "municipality:1884": "person:anders-blomqvist", "municipality:1885": "person:malin-ekstrom",
}


@pytest.fixture(scope="module")
def index(reference_graph):
    return load_route_index(reference_graph)


def route_of(index, source, target, options=TODAY):
    (route,) = contact_paths(index, source, [target], options).routes
    return route


def visited(route) -> list[str]:
    return [route.hops[0].origin.uid] + [hop.destination.uid for hop in route.hops]


def test_the_route_to_each_orebro_municipality_is_the_document_003_route(index):
    answer = contact_paths(index, NPO, ["county:18"], TODAY)
    assert sorted(route.target.uid for route in answer.routes) == sorted(KEY_PERSONS)
    for route in answer.routes:
        assert route.found and not route.fallback and not route.reasons
        assert visited(route) == DOCUMENTED_ROUTE_HEAD + [KEY_PERSONS[route.target.uid], route.target.uid]


def test_each_hop_is_explained_in_the_documents_words(index):
    route = route_of(index, NPO, "municipality:1880")
    assert [hop.explanation() for hop in route.hops] == [
        "RPO Psykisk hälsa mirrors NPO Psykisk hälsa",
        "LPO Psykisk hälsa mirrors RPO Psykisk hälsa",
        "LAG Suicidprevention reports to LPO Psykisk hälsa since 2023-03-01",
        "Johanna Rask is member of LAG Suicidprevention as kommunal representant since 2023-03-01",
        "Eva Marklund is contact person for Johanna Rask",
        "Eva Marklund disseminates to Nätverk för MAS/MAR",
        "Lena Hjort is member of Nätverk för MAS/MAR as nyckelperson",
        "Lena Hjort disseminates to Örebro kommun",
    ]
    assert all(hop.document for hop in route.hops)
    assert route.people() == ["Johanna Rask", "Eva Marklund", "Lena Hjort"]


def test_before_the_lag_existed_the_route_goes_through_the_lpo_representative(index):
    route = route_of(index, NPO, "municipality:1880", PathOptions(datetime.date(2023, 1, 1)))
    assert route.found and "lag:region-orebro-lan-suicidprevention" not in visited(route)
    assert route.hops[2].explanation() == ("Johanna Rask is member of LPO Psykisk hälsa as kommunal "
                                           "representant since 2022-01-01")


def test_a_knowledge_area_starts_at_its_national_programme_area(index):
    route = route_of(index, "knowledge-area:psykisk-halsa", "municipality:1880")
    assert visited(route)[:2] == ["knowledge-area:psykisk-halsa", NPO]
    assert visited(route)[2:8] == DOCUMENTED_ROUTE_HEAD[1:]


def test_an_area_without_an_lpo_reaches_the_lag_reporting_to_kunskapsstodsgruppen(index):
    route = route_of(index, "npo:levnadsvanor", "municipality:1880")
    assert route.found and not route.fallback
    assert "lag:region-orebro-lan-levnadsvanor-vid-sjukdom" in visited(route)
    assert "person:oskar-hellgren" in visited(route)


def test_a_person_target_is_reached_in_whatever_role_they_sit(index):
    route = route_of(index, NPO, "person:cecilia-wahlberg")
    assert visited(route)[-2:] == ["lag:region-orebro-lan-suicidprevention", "person:cecilia-wahlberg"]
    assert route.hops[-1].role == "chair"


def test_excluding_a_kind_or_an_edge_type_finds_another_route(index):
    without_lags = route_of(index, NPO, "municipality:1880", PathOptions(TODAY.at, frozenset({"lag"})))
    assert not any(uid.startswith("lag:") for uid in visited(without_lags))
    assert "person:johanna-rask" in visited(without_lags)
    without_contact = route_of(index, NPO, "municipality:1880",
                               PathOptions(TODAY.at, exclude_edges=frozenset({"CONTACT_PERSON_FOR"})))
    assert without_contact.found
    assert any(hop.type == "INFORMS" for hop in without_contact.hops)


def test_a_region_without_a_group_for_the_area_says_so(index):
    route = route_of(index, NPO, "municipality:0180")
    assert not route.found and not route.hops
    assert route.reasons == ["Region Stockholm has no LPO or LAG for Psykisk hälsa on 2026-11-22 and no named "
                             "contact person for the area"]


def test_in_a_region_without_key_person_networks_the_representative_speaks_for_the_municipality(index):
    # Dalarna (004) records no V&F contact person and no network of municipal key persons: the LPO's municipal
    # representative speaks for Falun directly, an inferred hop that names its records and its rule.
    route = route_of(index, NPO, "municipality:2080")
    assert route.found and not route.fallback
    assert visited(route)[-2:] == ["person:hanna-lovgren", "municipality:2080"]
    last = route.hops[-1]
    assert any("represents Falu kommun" in remark and "rule:" in remark for remark in last.remarks)
    # Västerbotten (001): the co-opted member from the municipal health care speaks for Umeå.
    umea = route_of(index, NPO, "municipality:2480")
    assert umea.found and visited(umea)[-2:] == ["person:tomas-lindqvist", "municipality:2480"]


def test_a_representative_who_speaks_for_other_municipalities_is_named(index):
    route = route_of(index, NPO, "municipality:2081")
    assert not route.found or route.fallback
    assert route.reasons[0].startswith("Hanna Lövgren (municipal representative) speaks for Falu kommun")


def test_unknown_ids_and_options_are_refused_by_name(index):
    with pytest.raises(UnknownId, match="'npo:nonexistent'") as error:
        contact_paths(index, "npo:nonexistent", ["municipality:1880"], TODAY)
    assert error.value.parameter == "from"
    with pytest.raises(UnknownId, match="'municipality:9999'"):
        contact_paths(index, NPO, ["municipality:9999"], TODAY)
    with pytest.raises(PathError, match="'comittee'"):
        contact_paths(index, NPO, ["municipality:1880"], PathOptions(TODAY.at, frozenset({"comittee"})))
    with pytest.raises(PathError, match="'MENTORS'"):
        contact_paths(index, NPO, ["municipality:1880"], PathOptions(TODAY.at, exclude_edges=frozenset({"MENTORS"})))


def test_the_json_answer_has_a_stable_shape(index):
    document = contact_paths(index, NPO, ["municipality:1880"], TODAY).as_json()
    assert set(document) == {"from", "at", "excluded_kinds", "excluded_edges", "routes"}
    (route,) = document["routes"]
    assert set(route) == {"to", "found", "fallback", "hops", "people", "reasons"}
    assert set(route["hops"][0]) == {"from", "to", "type", "stored_from", "role", "start", "end", "source", "source_name",
                                     "explanation", "remarks"}
    json.dumps(document)


def test_an_ended_membership_is_named_and_a_fallback_offered(graph):
    apply_chart(graph, reference_chart(), owner=REFERENCE_OWNER)
    graph.write("MATCH (:Entity {uid: 'person:johanna-rask'})-[m:MEMBER_OF]->() SET m.end = date('2025-06-30')")
    route = route_of(load_route_index(graph), NPO, "municipality:1880", PathOptions(datetime.date(2026, 1, 1)))
    assert route.found and route.fallback
    assert ("Johanna Rask is member of LAG Suicidprevention as kommunal representant until 2025-06-30: "
            "that has ended") in route.reasons
    assert "person:johanna-rask" not in visited(route)
    assert visited(route)[-1] == "municipality:1880"
    assert any(hop.remarks and "002" in hop.remarks[0] for hop in route.hops)
    still = route_of(load_route_index(graph), NPO, "municipality:1880", PathOptions(datetime.date(2025, 6, 30)))
    assert still.found and not still.fallback and "person:johanna-rask" in visited(still)


def test_an_ended_membership_and_the_fallback_are_said_in_swedish(graph):
    apply_chart(graph, reference_chart(), owner=REFERENCE_OWNER)
    graph.write("MATCH (:Entity {uid: 'person:johanna-rask'})-[m:MEMBER_OF]->() SET m.end = date('2025-06-30')")
    with speaking(SWEDISH):
        route = route_of(load_route_index(graph), NPO, "municipality:1880", PathOptions(datetime.date(2026, 1, 1)))
    assert route.found and route.fallback
    assert ("Johanna Rask är ledamot i LAG Suicidprevention som kommunal representant till och med 2025-06-30: "
            "det har upphört") in route.reasons
    remarks = [remark for hop in route.hops for remark in hop.remarks]
    assert any(remark.startswith("reservväg") for remark in remarks), remarks
    assert not any(remark.startswith(("fallback", "inferred", "carried")) for remark in remarks), remarks


def test_govgraph_path_prints_json_and_fails_for_an_unknown_id(cli_env):
    command = [sys.executable, "-m", "govgraph"]
    subprocess.run([*command, "load", "reference"], env=cli_env, check=True, capture_output=True)
    done = subprocess.run([*command, "path", NPO, "municipality:1880", "--at", "2026-11-22", "--json"],
                          env=cli_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    route = json.loads(done.stdout)["routes"][0]
    assert [hop["to"]["uid"] for hop in route["hops"]][-2:] == ["person:lena-hjort", "municipality:1880"]
    missing = subprocess.run([*command, "path", "npo:nonexistent", "municipality:1880"], env=cli_env,
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "npo:nonexistent" in missing.stderr
    bad_day = subprocess.run([*command, "path", NPO, "municipality:1880", "--at", "2025-13-01"], env=cli_env,
                             capture_output=True, text=True)
    assert bad_day.returncode == 2 and "--at" in bad_day.stderr and "2025-13-01" in bad_day.stderr


def test_an_area_without_lpo_reaches_its_lag_through_the_named_contact_person(index):
    # 002 §7: where Örebro län has no LPO for an area, a contact person is named instead; the LAG reports to
    # Kunskapsstödsgruppen, where the contact person sits.
    route = route_of(index, "npo:levnadsvanor", "municipality:1880")
    assert route.found and not route.fallback
    path = visited(route)
    assert path.index("person:lars-vikstrom") < path.index("lag:region-orebro-lan-levnadsvanor-vid-sjukdom")
    informs = next(hop for hop in route.hops if hop.type == "INFORMS")
    assert any("rule:" in remark and "002 §7" in remark for remark in informs.remarks)


def test_a_mirror_tie_names_the_people_who_carry_it(index):
    route = route_of(index, NPO, "municipality:1880")
    assert visited(route)[:len(DOCUMENTED_ROUTE_HEAD)] == DOCUMENTED_ROUTE_HEAD
    lpo_mirror = route.hops[1]
    assert lpo_mirror.type == "MIRRORS" and not lpo_mirror.is_fallback
    assert any(remark.startswith("carried by Magnus Ekholm") and "Region Örebro län" in remark
               for remark in lpo_mirror.remarks)
    dalarna = route_of(index, NPO, "municipality:2080")
    assert any(remark.startswith("carried by Jenny Axelsson") for hop in dalarna.hops for remark in hop.remarks)


def test_before_the_national_system_existed_there_is_no_route_and_it_says_why(index):
    route = route_of(index, NPO, "municipality:1880", PathOptions(datetime.date(2015, 1, 1)))
    assert not route.found and not route.hops
    assert route.reasons[0].startswith("NPO Psykisk hälsa does not exist yet on 2015-01-01: it starts on ")
