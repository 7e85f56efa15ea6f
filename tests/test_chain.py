"""Reporting chains on the reference data, the route choice on its own, and the three commands as run."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cypher.chain import (
    GOVERNANCE,
    MIRRORS,
    NotAChainStart,
    UnknownNode,
    chain_steps,
    reporting_chain,
)

pytestmark = pytest.mark.engine

SUICIDPREVENTION = "lag:region-orebro-lan-suicidprevention"
LEVNADSVANOR = "lag:region-orebro-lan-levnadsvanor-vid-sjukdom"
SCHIZOFRENI = "lag:region-dalarna-schizofreni-och-schizofreniliknande-tillstand"
HS_MANAGEMENT = "management-group:region-orebro-lan-halso-och-sjukvardsforvaltningens-ledningsgrupp"
HS_ADMINISTRATION = "administration:region-orebro-lan-halso-och-sjukvardsforvaltningen"


def steps_of(answer):
    return {(step.body.uid, step.distance, step.branch) for chain in answer.chains for step in chain.steps}


def test_an_orebro_lag_reaches_the_management_and_via_the_mirrors_the_npo(reference_graph):
    answer = reporting_chain(reference_graph, SUICIDPREVENTION, "2025-01-01")
    assert steps_of(answer) == {
        ("lpo:region-orebro-lan-psykisk-halsa", 1, GOVERNANCE),
        ("council:region-orebro-lan-rmks", 2, GOVERNANCE),
        (HS_MANAGEMENT, 3, GOVERNANCE),
        ("management-group:region-orebro-lan-folktandvardsforvaltningens-ledningsgrupp", 3, GOVERNANCE),
        ("network:orebro-lan-socialchefsnatverket", 3, GOVERNANCE),
        ("council:region-orebro-lan-rsn", 3, GOVERNANCE),
        (HS_ADMINISTRATION, 4, GOVERNANCE),
        ("administration:region-orebro-lan-folktandvardsforvaltningen", 4, GOVERNANCE),
        ("rpo:sjukvardsregion-mellansverige-psykisk-halsa", 2, MIRRORS),
        ("npo:psykisk-halsa", 3, MIRRORS),
    }
    management = next(step for step in answer.chains[0].steps if step.body.uid == HS_MANAGEMENT)
    assert management.hop.explanation() == "RMKS prepares matters for Hälso- och sjukvårdsförvaltningens ledningsgrupp"
    assert [node.uid for node in management.route] == [
        SUICIDPREVENTION, "lpo:region-orebro-lan-psykisk-halsa", "council:region-orebro-lan-rmks", HS_MANAGEMENT]


def test_a_lag_without_an_lpo_reports_through_kunskapsstodsgruppen_to_the_administration_and_its_director(
        reference_graph):
    answer = reporting_chain(reference_graph, LEVNADSVANOR, "2025-01-01")
    assert steps_of(answer) == {
        ("unit:region-orebro-lan-kunskapsstodsgruppen", 1, GOVERNANCE),
        ("unit:region-orebro-lan-utvecklingsenheten", 2, GOVERNANCE),
        ("unit:region-orebro-lan-vls", 3, GOVERNANCE),
        (HS_ADMINISTRATION, 4, GOVERNANCE),
    }
    administration = answer.chains[0].steps[-1]
    assert [leader.uid for leader in administration.led_by] == ["post:region-orebro-lan-halso-och-sjukvardsdirektor"]
    assert administration.explanation().endswith("(led by Hälso- och sjukvårdsdirektör)")


def test_a_dalarna_lag_follows_its_own_region_while_it_runs_and_has_no_chain_after_it_ended(reference_graph):
    running = reporting_chain(reference_graph, SCHIZOFRENI, "2023-06-01")
    assert steps_of(running) == {
        ("lpo:region-dalarna-psykisk-halsa", 1, GOVERNANCE),
        ("rpo:sjukvardsregion-mellansverige-psykisk-halsa", 2, MIRRORS),
        ("npo:psykisk-halsa", 3, MIRRORS),
    }
    ended = reporting_chain(reference_graph, SCHIZOFRENI, "2025-01-01")
    assert steps_of(ended) == set()
    assert ended.message == ("LAG Schizofreni och schizofreniliknande tillstånd did not exist on 2025-01-01 "
                             "(it ran from 2022-01-01 until 2024-06-30)")


def test_before_a_lag_started_it_has_no_chain_and_the_answer_says_so(reference_graph):
    answer = reporting_chain(reference_graph, SUICIDPREVENTION, "2020-01-01")
    assert answer.chains[0].steps == ()
    assert answer.message == "LAG Suicidprevention did not exist on 2020-01-01 (it ran from 2023-03-01)"


def test_a_body_is_named_as_it_was_on_the_day(reference_graph):
    before = reporting_chain(reference_graph, "lpo:region-orebro-lan-aldres-halsa-och-palliativ-vard", "2022-06-01")
    after = reporting_chain(reference_graph, "lpo:region-orebro-lan-aldres-halsa-och-palliativ-vard", "2023-06-01")

    def npo_label(answer):
        return next(step.body.label() for step in answer.chains[0].steps if step.body.kind == "npo")

    assert (npo_label(before), npo_label(after)) == ("NPO Äldres hälsa", "NPO Äldres hälsa och palliativ vård")


def test_a_person_gets_the_chains_of_the_bodies_they_sit_in(reference_graph):
    answer = reporting_chain(reference_graph, "person:johanna-rask", "2025-01-01")
    assert {hop.explanation() for hop in answer.memberships} == {
        "Johanna Rask is member of LAG Suicidprevention as kommunal representant since 2023-03-01",
        "Johanna Rask is member of LPO Psykisk hälsa as kommunal representant since 2022-01-01",
    }
    assert {chain.start.uid for chain in answer.chains} == {SUICIDPREVENTION, "lpo:region-orebro-lan-psykisk-halsa"}
    assert ("npo:psykisk-halsa", 3, MIRRORS) in steps_of(answer)


def test_an_unknown_id_and_a_territory_are_refused_by_name(reference_graph):
    with pytest.raises(UnknownNode, match="lag:no-such-group"):
        reporting_chain(reference_graph, "lag:no-such-group", "2025-01-01")
    with pytest.raises(NotAChainStart, match="'municipality:1880' is a municipality"):
        reporting_chain(reference_graph, "municipality:1880", "2025-01-01")


def _row(*route: tuple[str, str], types: list[str]) -> dict:
    return {"distance": len(types), "led_by": [],
            "bodies": [{"uid": uid, "kind": kind, "name": uid} for uid, kind in route],
            "hops": [{"type": kind, "start": None, "end": None, "source": None, "note": None} for kind in types]}


def test_chain_steps_keeps_each_body_once_at_its_shortest_route():
    lag, lpo, council, board = ("lag:a", "lag"), ("lpo:a", "lpo"), ("council:a", "council"), ("unit:b", "unit")
    rows = [_row(lag, lpo, types=["REPORTS_TO"]),
            _row(lag, lpo, council, types=["REPORTS_TO", "REPORTS_TO"]),
            _row(lag, lpo, council, board, types=["REPORTS_TO", "REPORTS_TO", "PART_OF"]),
            _row(lag, board, types=["MIRRORS"])]
    steps = chain_steps(rows)
    assert [(step.body.uid, step.distance, step.branch, step.hop.origin.uid) for step in steps] == [
        ("lpo:a", 1, GOVERNANCE, "lag:a"), ("council:a", 2, GOVERNANCE, "lpo:a"), ("unit:b", 1, MIRRORS, "lag:a")]


def govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], check=False, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_commands_answer_in_json_and_csv_and_refuse_a_bad_id_or_a_backward_interval(cli_env):
    assert govgraph(cli_env, "db", "start").returncode == 0
    try:
        assert govgraph(cli_env, "load", "reference").returncode == 0
        chain = govgraph(cli_env, "chain", SUICIDPREVENTION, "--at", "2025-01-01", "--json")
        assert chain.returncode == 0, chain.stderr
        document = json.loads(chain.stdout)
        assert document["subject"]["uid"] == SUICIDPREVENTION
        assert {step["body"]["uid"] for step in document["chains"][0]["steps"]} >= {
            HS_MANAGEMENT, "npo:psykisk-halsa"}

        represented = govgraph(cli_env, "represented", "municipality:1880", "--at", "2025-01-01", "--csv")
        assert represented.returncode == 0, represented.stderr
        assert represented.stdout.splitlines()[0] == "member,role,body,how,since,until"
        assert "Lena Hjort,key_person,Nätverk för MAS/MAR,direkt,," in represented.stdout
        in_english = govgraph(cli_env, "represented", "municipality:1880", "--at", "2025-01-01", "--csv", "--lang", "en")
        assert "Lena Hjort,key_person,Nätverk för MAS/MAR,directly,," in in_english.stdout

        unknown = govgraph(cli_env, "chain", "lag:no-such-group")
        assert unknown.returncode == 2 and "lag:no-such-group" in unknown.stderr

        backwards = govgraph(cli_env, "diff", "--from", "2023-01-01", "--to", "2022-01-01")
        assert backwards.returncode == 2 and "2023-01-01" in backwards.stderr
    finally:
        govgraph(cli_env, "db", "stop")
