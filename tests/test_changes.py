"""What changed between two days: a small chart with known dates, and the reference data's NPO rename."""

from __future__ import annotations

import datetime

import pytest
from neomodel import db as neomodel_db

from cypher.changes import changes_between
from cypher.params import QueryParameterError
from graphmodel import nodes

pytestmark = pytest.mark.engine


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def dated_chart(graph):
    """Two regions' LAGs with known dates, a membership that ends, and an NPO renamed on 2023-06-01."""
    with neomodel_db.transaction:
        north = nodes.Region(uid="region:1", name="Region Nord", code="1").save()
        south = nodes.Region(uid="region:2", name="Region Syd", code="2").save()
        lpo = nodes.LocalProgrammeArea(uid="lpo:north", name="Hjärta").save()
        lag = nodes.LocalWorkingGroup(uid="lag:north", name="Svikt", start=day("2023-02-01"),
                                      end=day("2023-11-30")).save()
        other = nodes.LocalWorkingGroup(uid="lag:south", name="Stroke", start=day("2023-04-01")).save()
        npo = nodes.NationalProgrammeArea(uid="npo:hjarta", name="Hjärta och kärl", former_names=["Hjärta"],
                                          name_since=day("2023-06-01")).save()
        lpo.belongs_to.connect(north)
        lag.belongs_to.connect(north)
        other.belongs_to.connect(south)
        lag.reports_to.connect(lpo, {"start": day("2023-02-01"), "end": day("2023-11-30")})
        lpo.mirrors.connect(npo)
        person = nodes.Person(uid="person:a", name="Anna Ek", fictional=True).save()
        person.member_of.connect(lag, {"role": "chair", "start": day("2023-02-01"), "end": day("2024-01-31")})
    return graph


def changes_of(answer):
    return {(change.date, change.change, change.what, change.kind) for change in answer.changes}


def test_starts_ends_and_renames_in_the_interval_and_nothing_outside_it(dated_chart):
    answer = changes_between(dated_chart, "2023-01-01", "2023-12-31")
    assert changes_of(answer) == {
        ("2023-02-01", "started", "node", "lag"),
        ("2023-02-01", "started", "edge", "REPORTS_TO"),
        ("2023-02-01", "started", "edge", "MEMBER_OF"),
        ("2023-04-01", "started", "node", "lag"),
        ("2023-06-01", "renamed", "node", "npo"),
        ("2023-11-30", "ended", "node", "lag"),
        ("2023-11-30", "ended", "edge", "REPORTS_TO"),
    }
    renamed = next(change for change in answer.changes if change.change == "renamed")
    assert (renamed.old_name, renamed.new_name, renamed.subject) == (
        "Hjärta", "Hjärta och kärl", "NPO Hjärta renamed NPO Hjärta och kärl")
    membership = next(change for change in answer.changes if change.kind == "MEMBER_OF")
    assert membership.subject == "Anna Ek is member of LAG Svikt as ordförande since 2023-02-01 until 2024-01-31"
    assert membership.family == "representation"


def test_the_interval_includes_both_days(dated_chart):
    assert changes_of(changes_between(dated_chart, "2024-01-31", "2024-01-31")) == {
        ("2024-01-31", "ended", "edge", "MEMBER_OF")}


def test_a_region_keeps_only_its_own_nodes_and_the_edges_touching_them(dated_chart):
    north = changes_between(dated_chart, "2023-01-01", "2024-12-31", region="region:1")
    assert {(change.date, change.change, change.kind) for change in north.changes} == {
        ("2023-02-01", "started", "lag"), ("2023-02-01", "started", "REPORTS_TO"),
        ("2023-02-01", "started", "MEMBER_OF"), ("2023-11-30", "ended", "lag"),
        ("2023-11-30", "ended", "REPORTS_TO"), ("2024-01-31", "ended", "MEMBER_OF")}
    south = changes_between(dated_chart, "2023-01-01", "2024-12-31", region="region:2")
    assert changes_of(south) == {("2023-04-01", "started", "node", "lag")}


def test_a_backward_interval_a_bad_day_and_a_region_that_is_no_territory_are_refused(dated_chart):
    with pytest.raises(QueryParameterError, match="2023-12-31 is after --to 2023-01-01") as backward:
        changes_between(dated_chart, "2023-12-31", "2023-01-01")
    assert backward.value.parameter == "from"
    with pytest.raises(QueryParameterError, match="'2023-13-01' is not a date") as bad:
        changes_between(dated_chart, "2023-01-01", "2023-13-01")
    assert bad.value.parameter == "to"
    with pytest.raises(QueryParameterError, match="'lag:north' is a lag"):
        changes_between(dated_chart, "2023-01-01", "2023-12-31", region="lag:north")
    with pytest.raises(QueryParameterError, match="no node has the id 'region:99'"):
        changes_between(dated_chart, "2023-01-01", "2023-12-31", region="region:99")


def test_the_reference_npo_rename_of_2022(reference_graph):
    answer = changes_between(reference_graph, "2022-01-01", "2022-12-31")
    renames = [(change.date, change.old_name, change.new_name) for change in answer.changes
               if change.change == "renamed"]
    assert renames == [("2022-10-28", "Äldres hälsa", "Äldres hälsa och palliativ vård")]
    started = {change.uids[0] for change in answer.changes if change.what == "node" and change.change == "started"}
    assert started == {"lag:region-dalarna-schizofreni-och-schizofreniliknande-tillstand",
                       "lag:region-orebro-lan-overvikt-och-fetma-hos-barn"}
