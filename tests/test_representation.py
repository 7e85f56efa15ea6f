"""Where municipalities, regions, counties and people are represented, on the reference data."""

from __future__ import annotations

import pytest

from cypher.chain import NotAChainStart, UnknownNode
from cypher.explain import NodeRef
from cypher.representation import representation, territory_how

pytestmark = pytest.mark.engine

DAY = "2025-01-01"
OREBRO_MUNICIPAL_SEATS = {
    ("person:johanna-rask", "municipal_representative", "lpo:region-orebro-lan-psykisk-halsa"),
    ("person:johanna-rask", "municipal_representative", "lag:region-orebro-lan-suicidprevention"),
    ("person:mikael-strand", "municipal_representative", "lpo:region-orebro-lan-barn-och-ungdomars-halsa"),
    ("person:mikael-strand", "municipal_representative", "lag:region-orebro-lan-overvikt-och-fetma-hos-barn"),
    ("person:birgitta-lund", "municipal_representative", "lpo:region-orebro-lan-aldres-halsa-och-palliativ-vard"),
    ("person:birgitta-lund", "municipal_representative", "lag:region-orebro-lan-palliativ-vard-i-livets-slutskede"),
    ("person:oskar-hellgren", "municipal_representative", "lag:region-orebro-lan-levnadsvanor-vid-sjukdom"),
    ("post:orebro-lan-socialchef", "member", "network:orebro-lan-socialchefsnatverket"),
    ("post:orebro-lan-socialnamndens-ordforande", "member",
     "council:orebro-lan-specifika-samverkansradet-social-valfard-samt-vard-och-omsorg"),
}


def seats_of(answer):
    return {(seat.member.uid, seat.role, seat.body.uid) for seat in answer.seats}


def how_of(answer):
    return {(seat.member.uid, seat.body.uid): seat.how for seat in answer.seats}


def test_an_orebro_municipality_by_its_key_person_and_the_representatives_of_all_twelve(reference_graph):
    answer = representation(reference_graph, "municipality:1880", DAY)
    assert seats_of(answer) == OREBRO_MUNICIPAL_SEATS | {
        ("person:lena-hjort", "key_person", "network:orebro-lan-natverk-for-mas-mar")}
    how = how_of(answer)
    assert how[("person:lena-hjort", "network:orebro-lan-natverk-for-mas-mar")] == "directly"
    assert how[("person:johanna-rask", "lpo:region-orebro-lan-psykisk-halsa")] == "directly, with 11 others"
    rask = next(seat for seat in answer.seats if seat.body.uid == "lag:region-orebro-lan-suicidprevention")
    assert (rask.start, rask.end, len(rask.represents)) == ("2023-03-01", None, 12)


def test_a_dalarna_municipality_also_through_its_county_and_by_day(reference_graph):
    today = representation(reference_graph, "municipality:2080", DAY)
    assert how_of(today) == {
        ("person:roland-oberg", "collaboration-group:nsk-s"): "collectively, through county:20",
        ("person:hanna-lovgren", "lpo:region-dalarna-psykisk-halsa"): "directly",
    }
    ever = representation(reference_graph, "municipality:2080", None)
    ended = next(seat for seat in ever.seats
                 if seat.body.uid == "lag:region-dalarna-vardforlopp-depression-och-angest-hos-vuxna")
    assert (ended.member.uid, ended.role, ended.start, ended.end) == (
        "person:hanna-lovgren", "municipal_representative", "2020-03-01", "2021-12-31")
    assert len(ever.seats) == 3


def test_a_region_directly_and_through_its_healthcare_region(reference_graph):
    answer = representation(reference_graph, "region:18", DAY)
    assert how_of(answer) == {
        ("person:karolina-wester", "npo:psykisk-halsa"):
            "collectively, through healthcare-region:sjukvardsregion-mellansverige",
        ("person:karolina-wester", "rpo:sjukvardsregion-mellansverige-psykisk-halsa"): "directly",
        ("person:magnus-ekholm", "rpo:sjukvardsregion-mellansverige-psykisk-halsa"): "directly",
        ("person:goran-sjodin", "rpo:sjukvardsregion-mellansverige-aldres-halsa-och-palliativ-vard"): "directly",
        ("person:helena-brandt", "rpo:sjukvardsregion-mellansverige-barn-och-ungdomars-halsa"): "directly",
    }


def test_a_county_through_its_municipalities(reference_graph):
    answer = representation(reference_graph, "county:18", DAY)
    assert len(answer.seats) == len(OREBRO_MUNICIPAL_SEATS) + 12
    how = how_of(answer)
    assert how[("person:johanna-rask", "lag:region-orebro-lan-suicidprevention")] == "all 12 of its municipalities"
    assert how[("person:lena-hjort", "network:orebro-lan-natverk-for-mas-mar")] == "1 of its 12 municipalities"


def test_a_person_in_every_body_they_sit_in_also_ex_officio_through_a_post(reference_graph):
    rask = representation(reference_graph, "person:johanna-rask", DAY)
    assert {(seat.body.uid, seat.role, seat.start, seat.how) for seat in rask.seats} == {
        ("lpo:region-orebro-lan-psykisk-halsa", "municipal_representative", "2022-01-01", "in person"),
        ("lag:region-orebro-lan-suicidprevention", "municipal_representative", "2023-03-01", "in person"),
    }
    solberg = representation(reference_graph, "person:annika-solberg", DAY)
    assert {(seat.body.uid, seat.how) for seat in solberg.seats} == {
        ("council:region-orebro-lan-rmks", "ex officio as Områdeschef Välfärd och folkhälsa"),
        ("collaboration-group:region-orebro-lan-samverkansgruppering-for-kunskapsstodsomradet",
         "ex officio as Områdeschef Välfärd och folkhälsa"),
    }


def test_a_body_or_an_unknown_id_is_refused_by_name(reference_graph):
    refusal = r"'lag:region-orebro-lan-suicidprevention' \(LAG Suicidprevention, local working group\): representation"
    with pytest.raises(NotAChainStart, match=refusal):
        representation(reference_graph, "lag:region-orebro-lan-suicidprevention", DAY)
    with pytest.raises(UnknownNode, match="municipality:9999"):
        representation(reference_graph, "municipality:9999", DAY)


def test_territory_how_words_a_partial_county_share():
    county = NodeRef("county:20", "Dalarnas län", "county")
    row = {"represents": ["municipality:2080"], "through": [], "municipalities_represented": 1,
           "municipalities_of_county": 15}
    assert territory_how(county, row) == "1 of its 15 municipalities"
