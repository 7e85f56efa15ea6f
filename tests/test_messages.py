"""The message catalogue, the language of a request, and the register of source documents."""

from __future__ import annotations

import pickle
import string

import pytest

from cypher.checks import CHECK_PREFIX, rules
from cypher.explain import Hop, NodeRef
from cypher.gaps import GAPS_PREFIX
from graphmodel.documents import DOCUMENTS, cite, document_of, name_citations
from graphmodel.messages import ENGLISH, MESSAGES, SWEDISH, Phrase, catalogue, joined, negotiate, said, speaking, text
from graphmodel.routing import FALLBACK_NOTE, FALLBACK_NOTES, INFERRED_RULES

JOHANNA = NodeRef("person:johanna-rask", "Johanna Rask", "person")
LAG = NodeRef("lag:region-orebro-lan-suicidprevention", "Suicidprevention", "lag")
RPO = NodeRef("rpo:x", "Psykisk hälsa", "rpo")
NPO = NodeRef("npo:psykisk-halsa", "Psykisk hälsa", "npo")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# Messages whose English needs a field the Swedish does without (a plural: "1 step", "2 steps"; "steg" is both).
ENGLISH_PLURALS = {"drawing.neighbourhood_title"}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key):
    swedish, english = MESSAGES[key]
    assert swedish.strip() and english.strip(), key
    assert fields(swedish) <= fields(english), key
    assert (fields(swedish) == fields(english)) == (key not in ENGLISH_PLURALS), key


# Texts that are the same in both languages: names and words Swedish shares with English.
SAME_IN_BOTH = {"drawing.group_kind", "filters.region", "filter.region", "column.region", "property.start", "property.organisation",
                "finding.working_group.nag", "import.line.problem"}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_swedish_text_differs_from_the_english_but_for_names(key):
    swedish, english = MESSAGES[key]
    assert (swedish == english) == (key in SAME_IN_BOTH), key


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_no_message_has_a_field_named_as_text_takes_its_language(key):
    assert not {"key", "lang"} & (fields(MESSAGES[key][0]) | fields(MESSAGES[key][1])), key


@pytest.mark.parametrize("rule", [*rules(CHECK_PREFIX), *rules(GAPS_PREFIX)], ids=lambda rule: rule.name)
def test_every_rule_reads_in_swedish_and_english(rule):
    assert rule.text_sv and rule.text_sv != rule.text
    assert (rule.said(SWEDISH), rule.said(ENGLISH)) == (rule.text_sv, rule.text)
    with speaking(SWEDISH):
        assert rule.said() == rule.text_sv


def test_every_remark_a_hop_can_carry_is_in_the_catalogue():
    for key in [*FALLBACK_NOTES.values(), FALLBACK_NOTE, *(f"inference.rule.{rule}" for rule in INFERRED_RULES)]:
        assert key in MESSAGES, key


def test_a_phrase_is_english_as_a_string_and_said_in_the_language_asked():
    phrase = Phrase("inference.hop", record=Phrase("inference.works_for", person="Lena Hjort", place="Örebro kommun"),
                    rule=Phrase("inference.rule.key_person_to_municipality"))
    assert phrase.startswith("inferred from people: Lena Hjort works for Örebro kommun; rule: a key person")
    assert phrase.said(SWEDISH).startswith("härlett ur personer: Lena Hjort arbetar för Örebro kommun; regel: en "
                                           "nyckelperson")
    with speaking(SWEDISH):
        assert said(phrase) == phrase.said(SWEDISH)
    assert said("a plain remark") == "a plain remark"
    assert pickle.loads(pickle.dumps(phrase)).said(SWEDISH) == phrase.said(SWEDISH)


def test_a_list_is_joined_in_the_language_asked():
    assert joined(["A", "B", "C"], lang=SWEDISH) == "A, B och C"
    assert joined(["A", "B"], "words.or", ENGLISH) == "A or B"
    assert joined(["A"]) == "A" and joined([]) == ""


def test_the_catalogue_in_each_language_has_every_key():
    assert catalogue(SWEDISH).keys() == catalogue(ENGLISH).keys() == MESSAGES.keys()


@pytest.mark.parametrize(("asked", "accepted", "chosen"), [
    (None, None, "sv"), ("en", "sv", "en"), ("EN", None, "en"), ("fi", None, "sv"),
    (None, "en-GB,en;q=0.9", "en"), (None, "de;q=0.9,sv;q=0.8,en;q=0.5", "sv"), (None, "en;q=0.2,sv", "sv"),
    (None, "en;q=nonsense", "sv"), (None, "fr", "sv")])
def test_the_language_is_the_query_then_accept_language_then_swedish(asked, accepted, chosen):
    assert negotiate(asked, accepted) == chosen


def test_a_hop_is_explained_in_swedish_or_english():
    seat = Hop(JOHANNA, LAG, "MEMBER_OF", role="municipal_representative", start="2023-03-01", end="2025-12-31")
    assert seat.explanation(SWEDISH) == ("Johanna Rask är ledamot i LAG Suicidprevention som kommunal representant "
                                         "sedan 2023-03-01 till och med 2025-12-31")
    assert seat.explanation(ENGLISH) == ("Johanna Rask is member of LAG Suicidprevention as kommunal representant "
                                         "since 2023-03-01 until 2025-12-31")
    mirror = Hop(RPO, NPO, "MIRRORS")
    with speaking(SWEDISH):
        assert mirror.explanation() == "RPO Psykisk hälsa speglar NPO Psykisk hälsa"
        assert mirror.as_json()["explanation"] == mirror.explanation()
    assert mirror.explanation() == "RPO Psykisk hälsa mirrors NPO Psykisk hälsa"


def test_a_message_fills_its_fields():
    assert text("drawing.path_title", SWEDISH, source="NPO A", targets="Örebro kommun", at="2025-01-01") == \
        "NPO A → Örebro kommun den 2025-01-01"


def test_every_seed_document_is_registered_once_with_title_and_issuer():
    assert [document.number for document in DOCUMENTS] == ["000", "001", "002", "003", "004"]
    assert len({document.file for document in DOCUMENTS}) == 5
    assert all(document.title and document.issuer and document.kind for document in DOCUMENTS)


@pytest.mark.parametrize(("source", "named"), [
    ("003_ef8c122bca7ad691.txt Kommunikation",
     "Uppdrag som kommunal representant i LPO/LAG (Region Örebro län), Kommunikation"),
    ("002 §7", "Överenskommelse om samverkan i kunskapsstödsprocessen (Region Örebro län och kommunerna i Örebro "
               "län), §7"),
    ("004_c404d1e861ddfdc3.txt", "Region Dalarnas system för kunskapsstyrning (Region Dalarna)"),
    ("000_9d1f36fc60801c79.txt §3.2, §3.3; 002_f2c56e9e6debe3bb.txt §7",
     "Uppdrag för lokala arbetsgrupper (LAG) (Region Örebro län), §3.2, §3.3; Överenskommelse om samverkan i "
     "kunskapsstödsprocessen (Region Örebro län och kommunerna i Örebro län), §7"),
    ("reference/regions.csv", "reference/regions.csv"), ("009 §1", "009 §1"), (None, None), ("", "")])
def test_a_source_is_cited_by_the_documents_name(source, named):
    assert cite(source) == named


def test_citations_inside_a_sentence_are_named():
    remark = "carried by Karolina Wester (004_c404d1e861ddfdc3.txt Programområden och samverkansgrupper)"
    assert name_citations(remark) == ("carried by Karolina Wester (Region Dalarnas system för kunskapsstyrning "
                                      "(Region Dalarna), Programområden och samverkansgrupper)")
    assert name_citations("no citation (here)") == "no citation (here)"


def test_the_file_name_finds_the_document():
    assert document_of("004_c404d1e861ddfdc3.txt Styrning och ledning").date == "2019-08-20"
    assert document_of("0041 something") is None
