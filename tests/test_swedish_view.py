"""The Swedish view has no English sentence: the API's answers asked in Swedish, and the commands by default.

Walks every text of the answers the explorer and the commands show (why a contact path is missing, the hop
remarks, changes, findings, gaps, reporting chains, decisions) on the reference data, and fails on an
English function word. The data's own words (the decision conditions, the notes on an edge) are quoted as
they stand, and the reference charts hold them in Swedish, as a region's staff write them: every free-text
cell of the reference CSVs is held to Swedish too, so a new English note fails here.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from importers.reference import DATA_DIR

API = "/api/v1"
NPO = "npo:psykisk-halsa"
PATH_DAY = "2026-11-22"
DAY = "2025-01-01"
OREBRO, DALARNA = "region:18", "region:20"
SUICIDPREVENTION = "lag:region-orebro-lan-suicidprevention"
ENDED_LAG = "lag:region-dalarna-schizofreni-och-schizofreniliknande-tillstand"
# Words no Swedish sentence has and nearly every English one does.
ENGLISH = re.compile(r"\b(the|has no|has|on|and|for|not|of|is|to|with|by|nobody|until|since|yet|does|each|"
                     r"when|needs|holds)\b", re.IGNORECASE)
# Values that are codes for programs, not text for people: ids, kinds, types, roles, rule names, severities.
CODES = {"uid", "uids", "kind", "type", "stored_from", "role", "part", "qualifier", "part_en", "qualifier_en",
         "criterion", "option", "flag", "change", "what", "family", "severity", "rule", "related", "region",
         "matter", "via", "route", "branch", "scope", "command"}
DECISIONS = [
    {"scope": "municipal", "cost": "no", "organisational": "no", "region": OREBRO, "at": DAY},
    {"scope": "kommunal", "cost": "ja", "organisational": "nej", "political": "nej", "at": DAY},
    {"scope": "region", "within_mandate": "yes", "region": OREBRO, "at": DAY},
    {"scope": "region", "region": DALARNA},
    {"scope": "both", "cost": "yes", "political": "yes", "region": DALARNA, "at": DAY},
    {"scope": "region", "region": "region:01"},
    {"scope": "region", "within_mandate": "yes", "region": "region:24", "at": DAY},
]


def texts(document: Any, key: str | None = None) -> Iterator[str]:
    """Every string of a JSON document meant for people (not under a key of `CODES`)."""
    if key in CODES:
        return
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for name, value in document.items():
            yield from texts(value, name)
    elif isinstance(document, list):
        for item in document:
            yield from texts(item, key)


def english_in(text: str) -> list[str]:
    return ENGLISH.findall(text)


def assert_swedish(document: Any, where: str) -> None:
    english = {text: english_in(text) for text in texts(document)}
    assert {text: words for text, words in english.items() if words} == {}, where


def test_the_english_words_are_found_and_the_swedish_ones_left_alone():
    assert english_in("the graph holds no decision rules for Region Stockholm") == ["the", "holds", "for"]
    assert english_in("grafen innehåller inga beslutsregler för Region Stockholm") == []
    assert english_in("beslutas av Kumla kommun when it is large") == ["when", "is"]


# -- the reference data's own text ----------------------------------------------------------------------
# The columns a region writes for people to read. The national sheets' `status` is left out: it is a code
# ('checked', 'unverified', 'indirect') the importer reads, not a sentence.
FREE_TEXT = {"condition", "note", "title", "wording", "organisation"}


def reference_cells() -> Iterator[tuple[str, str]]:
    """(where, text) for every non-empty free-text cell of the reference CSVs."""
    for sheet in sorted(DATA_DIR.rglob("*.csv")):
        with sheet.open(encoding="utf-8", newline="") as rows:
            for line, row in enumerate(csv.DictReader(rows), start=2):
                for column in FREE_TEXT.intersection(row):
                    if row[column]:
                        yield f"{sheet.relative_to(DATA_DIR)}:{line}:{column}", row[column]


def test_the_reference_data_writes_its_conditions_and_notes_in_swedish():
    cells = dict(reference_cells())
    assert len([where for where in cells if where.endswith((":condition", ":note"))]) > 300, "the walk found the notes"
    assert {where: english_in(text) for where, text in cells.items() if english_in(text)} == {}


@pytest.fixture
def swedish_client(api_client):
    api_client.headers["Accept-Language"] = "sv"
    return api_client


def ask(client, path: str, **params: Any) -> dict:
    response = client.get(f"{API}{path}", params={**params, "lang": "sv"})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Language"] == "sv"
    return response.json()


# -- the API asked in Swedish ------------------------------------------------------------------------
@pytest.mark.engine
def test_a_missing_contact_path_says_why_in_swedish(swedish_client, reference_graph):
    targets = ["municipality:0180", "municipality:2081", "municipality:2080", "municipality:1880"]
    answer = ask(swedish_client, "/paths/contact", **{"from": NPO, "to": targets, "at": PATH_DAY})
    assert_swedish(answer, "contact path")
    stockholm, borlange, falun, orebro = answer["routes"]
    assert stockholm["reasons"] == ["Region Stockholm har varken LPO eller LAG för Psykisk hälsa den 2026-11-22 och "
                                    "ingen namngiven kontaktperson för kunskapsområdet"]
    assert borlange["reasons"][0].startswith("Hanna Lövgren (kommunal representant) företräder Falu kommun den "
                                               "2026-11-22, inte ")
    remarks = [remark for hop in falun["hops"] for remark in hop["remarks"]]
    assert any(remark.startswith("härlett ur medlemskap: Hanna Lövgren sitter i ") and "; regel: " in remark
               for remark in remarks)
    assert any(remark.startswith("förs vidare av Magnus Ekholm: ledamot i ")
               for hop in orebro["hops"] for remark in hop["remarks"])
    before = ask(swedish_client, "/paths/contact", **{"from": NPO, "to": "municipality:1880", "at": "2015-01-01"})
    assert before["routes"][0]["reasons"][0].startswith("NPO Psykisk hälsa finns ännu inte den 2015-01-01; gäller "
                                                        "från ")
    assert_swedish(before, "contact path before the national system")


@pytest.mark.engine
def test_an_inferred_hop_of_another_area_is_said_in_swedish_too(swedish_client, reference_graph):
    answer = ask(swedish_client, "/paths/contact", **{"from": "npo:levnadsvanor", "to": "municipality:1880",
                                                      "at": PATH_DAY})
    assert_swedish(answer, "contact path for levnadsvanor")
    informs = next(hop for hop in answer["routes"][0]["hops"] if hop["type"] == "INFORMS")
    assert any(remark.startswith("härlett ur relationer: Lars Vikström är kontaktperson för Levnadsvanor")
               for remark in informs["remarks"])


@pytest.mark.engine
def test_changes_are_said_in_swedish(swedish_client, reference_graph):
    answer = ask(swedish_client, "/changes", **{"from": "2022-01-01", "to": "2024-12-31"})
    assert_swedish(answer, "changes")
    renamed = [change["subject"] for change in answer["changes"] if change["change"] == "renamed"]
    assert "NPO Äldres hälsa bytte namn till NPO Äldres hälsa och palliativ vård" in renamed


@pytest.mark.engine
@pytest.mark.parametrize("params", [{"at": DAY}, {"at": DAY, "within": 400, "concurrent": 3}])
def test_findings_are_said_in_swedish(swedish_client, reference_graph, params):
    report = ask(swedish_client, "/findings", **params)
    assert_swedish(report, f"findings {params}")
    assert report["findings"], "the reference data has findings to read"
    by_rule = {finding["rule"]: finding for finding in report["findings"]}
    end_date = by_rule["check_lag_has_end_date"]
    assert end_date["finding"] == "LAG Uppföljning av vårdförlopp började 2024-09-01 och saknar dokumenterat slutdatum"
    assert end_date["rule_text"] == "en LAG:s uppdrag är tidsbegränsat, med ett dokumenterat slutdatum"
    assert end_date["document"] == ("004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG (en regel för Region Dalarna, "
                                    "region:20)")
    assert by_rule["check_concurrent_memberships"]["document"] == (
        "ingen: en nationell regel för datakvalitet i govgraph; inget dokument anger den")


@pytest.mark.engine
def test_gaps_are_said_in_swedish(swedish_client, reference_graph):
    report = ask(swedish_client, "/gaps", at=DAY)
    assert_swedish(report, "gaps")
    assert {finding["rule"] for finding in report["findings"]} >= {"gaps_npo_without_lpo", "gaps_npo_without_rpo"}


@pytest.mark.engine
def test_reporting_chains_are_said_in_swedish(swedish_client, reference_graph):
    for subject in (SUICIDPREVENTION, "person:johanna-rask"):
        chain = ask(swedish_client, f"/chains/{subject}", at=DAY)
        assert chain["chains"] and chain["chains"][0]["steps"], subject
        assert_swedish(chain, f"chain of {subject}")
    ended = ask(swedish_client, f"/chains/{ENDED_LAG}", at=DAY)
    assert ended["message"] == ("LAG Schizofreni och schizofreniliknande tillstånd fanns inte den 2025-01-01 (gällde "
                                "från 2022-01-01 till och med 2024-06-30)")


def test_every_stored_query_says_in_swedish_what_it_answers():
    from cypher import stored_queries

    questions = {name: stored.answers_sv for name, stored in stored_queries().items()}
    questions |= {f"{name} {parameter.name}": parameter.meant("sv")
                  for name, stored in stored_queries().items() for parameter in stored.params}
    assert all(questions.values())
    assert {name: english_in(question) for name, question in questions.items() if english_in(question)} == {}


@pytest.mark.engine
def test_a_bad_parameter_is_refused_in_the_language_asked(api_client):
    swedish = api_client.get(f"{API}/changes", params={"from": "2023-13-01", "to": "2024-01-01"})
    assert swedish.status_code == 422
    assert swedish.json()["detail"] == "frågeparametern ”from”: ”2023-13-01” är inte ett datum (ÅÅÅÅ-MM-DD)"
    english = api_client.get(f"{API}/changes", params={"from": "2023-13-01", "to": "2024-01-01", "lang": "en"})
    assert english.json()["detail"] == "query parameter 'from': '2023-13-01' is not a date (YYYY-MM-DD)"
    kind = api_client.get(f"{API}/nodes", params={"kind": "committee", "limit": 0}).json()
    assert kind["detail"].startswith("frågeparametern ”kind”: ska vara ") and " eller " in kind["detail"]
    assert kind["detail"].endswith(" (och 1 till)")
    assert_swedish(kind, "a refused search")
    run = api_client.post(f"{API}/queries/count_by_kind/run", json={"parameters": {"at": "2025-01-01"}})
    assert run.status_code == 422 and "är inte en parameter till den här frågan (dess parametrar: inga)" in run.text


@pytest.mark.engine
def test_the_query_library_is_listed_in_the_language_asked(api_client):
    swedish = {query["name"]: query["answers"] for query in ask(api_client, "/queries")}
    assert swedish["count_by_kind"] == "Hur många noder av varje slag grafen innehåller."
    listed = {query["name"]: query for query in ask(api_client, "/queries")}
    assert listed["node_on_date"]["parameters"][0]["meaning"] == "nodens id"
    english = api_client.get(f"{API}/queries", params={"lang": "en"}).json()
    assert {query["name"]: query["answers"] for query in english}["count_by_kind"] == \
        "How many nodes of each kind the graph holds."


@pytest.mark.engine
@pytest.mark.parametrize("subject", ["municipality:1880", "municipality:2080", "region:20", "county:20",
                                     "person:johanna-rask", "person:roland-oberg"])
def test_representation_is_said_in_swedish(swedish_client, reference_graph, subject):
    answer = ask(swedish_client, f"/representation/{subject}", at=DAY)
    assert answer["seats"], subject
    assert_swedish(answer, f"representation of {subject}")


@pytest.mark.engine
def test_representation_says_how_in_swedish(swedish_client, reference_graph):
    how = {(seat["member"]["uid"], seat["body"]["uid"]): seat["how"]
           for seat in ask(swedish_client, "/representation/municipality:1880", at=DAY)["seats"]}
    assert how[("person:lena-hjort", "network:orebro-lan-natverk-for-mas-mar")] == "direkt"
    assert how[("person:johanna-rask", "lpo:region-orebro-lan-psykisk-halsa")] == "direkt, tillsammans med 11 till"
    refused = swedish_client.get(f"{API}/representation/{SUICIDPREVENTION}", params={"lang": "sv"})
    assert refused.status_code in (400, 422) and "företrädande frågas om för en kommun" in refused.text


@pytest.mark.engine
@pytest.mark.parametrize("params", DECISIONS)
def test_decisions_are_said_in_swedish(swedish_client, reference_graph, params):
    assert_swedish(ask(swedish_client, "/decisions", **params), f"decision {params}")


@pytest.mark.engine
def test_decisions_say_in_swedish_who_has_no_rules_and_which_condition_leads_where(swedish_client, reference_graph):
    assert ask(swedish_client, "/decisions", scope="region", region="region:01")["message"] == \
        "grafen innehåller inga beslutsregler för Region Stockholm"
    assert ask(swedish_client, "/decisions", scope="both", cost="yes", political="yes", region=DALARNA,
               at=DAY)["message"] == ("grafen innehåller inga beslutsregler för en fråga som regionen och kommunerna "
                                      "delar i Region Dalarna")
    dalarna = ask(swedish_client, "/decisions", scope="region", region=DALARNA)
    assert [alternative["condition"] for alternative in dalarna["alternatives"]] == [
        "om åtgärden berör en division", "om åtgärden berör flera divisioner"]


@pytest.mark.engine
def test_without_a_language_asked_the_api_speaks_swedish_and_english_on_asking(api_client, reference_graph):
    swedish = api_client.get(f"{API}/decisions", params={"scope": "region", "region": "region:01"})
    assert swedish.json()["message"] == "grafen innehåller inga beslutsregler för Region Stockholm"
    english = api_client.get(f"{API}/decisions", params={"scope": "region", "region": "region:01", "lang": "en"})
    assert english.json()["message"] == "the graph holds no decision rules for Region Stockholm"


# -- the commands, by default -------------------------------------------------------------------------
def govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.engine
def test_the_commands_speak_swedish_by_default_and_english_on_asking(cli_env):
    assert govgraph(cli_env, "db", "start").returncode == 0
    try:
        assert govgraph(cli_env, "load", "reference").returncode == 0
        commands = {
            "path": ["path", NPO, "municipality:0180", "municipality:2080", "--at", PATH_DAY],
            "chain": ["chain", SUICIDPREVENTION, "--at", DAY],
            "ended chain": ["chain", ENDED_LAG, "--at", DAY],
            "check": ["check", "--at", DAY, "--within", "400", "--concurrent", "3"],
            "gaps": ["gaps", "--at", DAY],
            "diff": ["diff", "--from", "2022-01-01", "--to", "2024-12-31"],
            "represented": ["represented", "municipality:2080", "--at", DAY],
            "decide": ["decide", "--scope", "municipal", "--cost", "no", "--organisational", "no", "--region",
                       OREBRO, "--at", DAY],
        }
        printed = {name: govgraph(cli_env, *args) for name, args in commands.items()}
        assert {name: done.returncode for name, done in printed.items()} == {
            "path": 1, "chain": 0, "ended chain": 0, "check": 0, "gaps": 0, "diff": 0, "decide": 0,
            "represented": 0}
        for name, done in printed.items():
            assert english_in(" ".join(done.stdout.split())) == [], (name, done.stdout)
        said = {name: " ".join(done.stdout.split()) for name, done in printed.items()}
        assert "Region Stockholm har varken LPO eller LAG för Psykisk hälsa den 2026-11-22" in said["path"]
        assert "Rapporteringskedja för LAG Suicidprevention den 2025-01-01" in said["chain"]
        assert "Regelkontroller" in said["check"] and "varning" in said["check"]
        assert "Beslutsväg: en kommunal åtgärd som inte medför ökade kostnader" in said["decide"]
        assert "Svaret beror på det som frågan lämnar öppet (--political): 2 vägar." in said["decide"]
        assert "Där Falu kommun är företrädd den 2025-01-01" in said["represented"]
        assert "gemensamt, genom county:20" in said["represented"]
        assert "NPO Äldres hälsa bytte namn till NPO Äldres hälsa och palliativ vård" in said["diff"]
        english = govgraph(cli_env, *commands["check"], "--lang", "en")
        assert english.returncode == 0 and "Conformance checks" in english.stdout
        wrong = govgraph(cli_env, "decide", "--scope", "region", "--lang", "fi")
        assert wrong.returncode == 2 and "--lang" in wrong.stderr and "'fi'" in wrong.stderr
    finally:
        govgraph(cli_env, "db", "stop")
