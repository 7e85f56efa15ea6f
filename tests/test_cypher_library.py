"""Every stored query runs on the engine, and answers its question on a small known graph."""

from __future__ import annotations

import datetime

import pytest
from neomodel import db as neomodel_db

from cypher import query, stored_queries
from graphmodel import nodes

pytestmark = pytest.mark.engine


@pytest.fixture
def small_chart(graph):
    """LAG -> LPO -> RMKS -> management group, with a chair and a member who left."""
    with neomodel_db.transaction:
        lag = nodes.LocalWorkingGroup(uid="lag:example", name="LAG Example").save()
        lpo = nodes.LocalProgrammeArea(uid="lpo:example", name="LPO Example").save()
        council = nodes.Council(uid="council:rmks", name="RMKS").save()
        board = nodes.ManagementGroup(uid="management-group:hs", name="HS ledningsgrupp").save()
        lag.reports_to.connect(lpo)
        lpo.reports_to.connect(council)
        council.prepares_for.connect(board)
        chair = nodes.Person(uid="person:chair", name="Chair", fictional=True).save()
        former = nodes.Person(uid="person:former", name="Former", fictional=True).save()
        chair.member_of.connect(lag, {"role": "chair", "start": datetime.date(2024, 1, 1)})
        former.member_of.connect(lag, {"role": "municipal_representative", "represents": ["region:18"],
                                       "start": datetime.date(2020, 1, 1), "end": datetime.date(2023, 6, 30)})
    return graph


@pytest.mark.parametrize("name", sorted(stored_queries()))
def test_every_stored_query_runs_with_its_example(small_chart, name):
    stored = query(name)
    rows = small_chart.read(stored.text, **stored.example)
    assert isinstance(rows, list)
    assert stored.answers


def test_members_of_body_lists_roles_and_represented(small_chart):
    rows = small_chart.read(query("members_of_body").text, uid="lag:example", on=None)
    assert {(row["member"], row["role"], tuple(row["represents"])) for row in rows} == {
        ("person:chair", "chair", ()), ("person:former", "municipal_representative", ("region:18",))}


def test_members_of_body_on_a_day_leaves_out_who_had_left(small_chart):
    rows = small_chart.read(query("members_of_body").text, uid="lag:example", on="2025-03-01")
    assert [row["member"] for row in rows] == ["person:chair"]


def test_reporting_chain_walks_up_with_the_hops_valid_on_the_day(small_chart):
    rows = small_chart.read(query("reporting_chain").text, uid="lag:example", at="2025-03-01")
    assert [(row["uid"], row["distance"], tuple(hop["type"] for hop in row["hops"]),
             tuple(body["uid"] for body in row["bodies"])) for row in rows] == [
        ("lpo:example", 1, ("REPORTS_TO",), ("lag:example", "lpo:example")),
        ("council:rmks", 2, ("REPORTS_TO", "REPORTS_TO"), ("lag:example", "lpo:example", "council:rmks")),
        ("management-group:hs", 3, ("REPORTS_TO", "REPORTS_TO", "PREPARES_FOR"),
         ("lag:example", "lpo:example", "council:rmks", "management-group:hs")),
    ]
    with neomodel_db.transaction:
        lag = nodes.LocalWorkingGroup.nodes.get(uid="lag:example")
        lpo = nodes.LocalProgrammeArea.nodes.get(uid="lpo:example")
        lag.reports_to.disconnect(lpo)
        lag.reports_to.connect(lpo, {"end": datetime.date(2024, 12, 31)})
    assert small_chart.read(query("reporting_chain").text, uid="lag:example", at="2025-03-01") == []


def test_count_by_kind_counts_each_kind(small_chart):
    rows = small_chart.read(query("count_by_kind").text)
    assert {row["kind"]: row["nodes"] for row in rows} == {
        "lag": 1, "lpo": 1, "council": 1, "management_group": 1, "person": 2}


def test_an_unknown_query_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="members_of_body"):
        query("no_such_query")
