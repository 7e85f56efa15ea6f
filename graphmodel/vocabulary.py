"""The words of the governance model: levels, roles, edge families, and how to look a term up.

Node kinds and edge types are declared with their classes in `nodes.py` and
`relationships.py`; each carries a `Term` from here. Everything that needs the
vocabulary (constraints, import validation, API enums, documentation) reads it
through `graphmodel.model`, never from a list of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One word of the vocabulary, as stored (`key`) and as people write it."""

    key: str
    en: str
    sv: str
    aliases: tuple[str, ...] = ()
    description: str = ""

    def spellings(self) -> Iterator[str]:
        yield from (self.key, self.en, self.sv, *self.aliases)


_FOLDED = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "a", "ø": "o"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form used to match what people type: 'Ordförande' -> 'ordforande'."""
    lowered = unicodedata.normalize("NFC", text).casefold().translate(_FOLDED)
    ascii_only = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", ascii_only).strip()


def slug(text: str) -> str:
    """The id slug: lower-case ASCII, every run of other characters one '-' ('Psykisk hälsa' -> 'psykisk-halsa')."""
    return fold(text).replace(" ", "-")


class TermTable:
    """A closed set of terms, looked up by key or by any English or Swedish spelling."""

    def __init__(self, name: str, terms: Iterable[Term]) -> None:
        self.name = name
        self.terms = tuple(terms)
        self._by_spelling: dict[str, Term] = {}
        self._by_text: dict[str, Term | None] = {}
        for term in self.terms:
            for spelling in term.spellings():
                self._register(fold(spelling), term)

    def _register(self, folded: str, term: Term) -> None:
        known = self._by_spelling.get(folded)
        if known is not None and known is not term:
            raise ValueError(f"{self.name}: '{folded}' would mean both {known.key} and {term.key}")
        self._by_spelling[folded] = term

    def lookup(self, text: str) -> Term | None:
        # A spreadsheet repeats the same few words thousands of times; fold each spelling once.
        try:
            return self._by_text[text]
        except KeyError:
            found = self._by_text[text] = self._by_spelling.get(fold(text))
            return found

    def keys(self) -> tuple[str, ...]:
        return tuple(term.key for term in self.terms)

    def __getitem__(self, key: str) -> Term:
        for term in self.terms:
            if term.key == key:
                return term
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in self.keys()


LEVELS = TermTable("level", [
    Term("national", "national", "nationell", ("nationell nivå",)),
    Term("healthcare_region", "healthcare region", "sjukvårdsregional",
         ("sjukvårdsregion", "sjukvårdsregional nivå", "healthcare-regional")),
    Term("region", "region", "regional", ("regional nivå", "lokal", "local")),
    Term("municipality", "municipality", "kommunal", ("kommun", "kommunal nivå")),
])

FAMILIES = TermTable("edge family", [
    Term("reporting", "reporting", "rapportering",
         description="reports to, prepares matters for, escalates to, part of, mirrors, supports, leads, established by"),
    Term("representation", "representation", "representation",
         description="membership with role, whom it represents and when; holding a post"),
    Term("mandate", "mandate", "mandat",
         description="who may decide what, under which condition, from which decision; or explicitly may not"),
    Term("communication", "communication", "kommunikation",
         description="contact person for, informs, disseminates to"),
    Term("structure", "structure", "struktur",
         description="where a body belongs and which knowledge area it covers; territorial facts"),
])

ROLES = TermTable("role", [
    Term("chair", "chair", "ordförande", ("ordf", "chairperson", "sammankallande")),
    Term("vice_chair", "vice chair", "vice ordförande", ("vice ordf",)),
    Term("member", "member", "ledamot", ("deltagare", "medlem", "övrig ledamot", "ledamöter")),
    Term("method_support", "method support", "metodstöd", ("method supporter",)),
    Term("contact_person", "contact person", "kontaktperson", ("contact",)),
    Term("co_opted", "co-opted", "adjungerad", ("co-opted member", "adjungerad ledamot")),
    Term("municipal_representative", "municipal representative", "kommunal representant",
         ("kommunrepresentant", "representant för kommunerna")),
    Term("patient_representative", "patient representative", "patientföreträdare",
         ("patientrepresentant",)),
    Term("user_representative", "user representative", "brukarföreträdare", ("brukarrepresentant",)),
    Term("relative_representative", "relative representative", "närståendeföreträdare",
         ("närståenderepresentant",)),
    Term("region_representative", "region representative", "regionrepresentant",
         ("representant för regionen",)),
    Term("key_person", "key person", "nyckelperson", ("kommunal nyckelperson",)),
    Term("development_leader", "development leader", "utvecklingsledare"),
    Term("coordinator", "coordinator", "samordnare"),
    Term("secretary", "secretary", "sekreterare"),
    Term("administrator", "administrator", "administratör"),
])

# Whose measure a decision matter covers (002 §10: "För Region Örebro län" / "För kommunerna"; §5: "frågor i
# samverkan"). A matter with no scope is not about implementing measures at all.
MEASURE_SCOPES = TermTable("measure scope", [
    Term("region", "region", "region", ("regional", "regionen", "regionens"),
         "a measure the region alone implements"),
    Term("municipal", "municipal", "kommunal", ("kommun", "kommunerna", "municipalities", "municipality"),
         "a measure the municipalities implement"),
    Term("both", "both", "båda", ("gemensam", "region och kommun", "shared", "joint", "frågor i samverkan"),
         "a question the region and the municipalities share"),
])

# What a mandate holder does with a matter, in the documents' words (002 §6, §10; 003; 004).
MANDATE_PARTS = TermTable("mandate part", [
    Term("decides", "decides", "beslutar", ("decide", "beslut", "fattar beslut", "may decide", "får besluta"),
         "takes the decision"),
    Term("prepares", "prepares", "bereder", ("prepare", "beredning", "processar", "processes", "prioriterar"),
         "prepares the matter for those who decide"),
    Term("recommends", "recommends", "rekommenderar", ("recommend", "rekommendation", "proposes", "föreslår"),
         "gives a recommendation or proposal to those who decide"),
    Term("consults", "is consulted", "i samråd med", ("consults", "consulted", "samråd", "samråder"),
         "is consulted before the decision: the decider acts in consultation with the holder"),
    Term("endorses", "endorses", "tillstyrker", ("endorse", "tillstyrkan", "kännedom/tillstyrkan"),
         "is informed of the decision and endorses it"),
    Term("anchors", "anchors", "förankrar", ("anchored in", "förankras i", "förankring", "anchoring"),
         "the decision is anchored there: presented and made known, without deciding"),
    Term("informed", "is informed", "för kännedom", ("informed", "kännedom", "informeras"),
         "is informed of the matter"),
    Term("implements", "implements", "genomför", ("carries out", "ansvarar för att genomföra", "verkställer"),
         "carries out what was decided"),
    Term("no_mandate", "no mandate", "saknar mandat", ("inget mandat", "har inte mandat", "may not decide"),
         "explicitly may not decide"),
])

# How a mandate holder takes part, beside others of the same step (002 §10 "vid behov", 003 "alternativt").
MANDATE_QUALIFIERS = TermTable("mandate qualifier", [
    Term("always", "always", "alltid", ("ordinarily", "ordinarie"),
         "takes part whenever the route is taken (the default)"),
    Term("primarily", "primarily", "i första hand", ("first", "främst", "primary"),
         "the first holder for the part; others of the step come after or instead"),
    Term("when_needed", "when needed", "vid behov", ("where needed", "if needed", "also when needed"),
         "takes part only when the matter needs it, beside the holders who always do"),
    Term("alternatively", "alternatively", "alternativt", ("alternative", "instead", "i stället"),
         "takes the part instead of the step's first holder, under the mandate's condition"),
])


@dataclass(frozen=True)
class MeasureCriterion:
    """A yes/no question that decides which route a measure takes; the property a decision matter sets."""

    key: str
    option: str
    yes: str
    no: str
    # The Swedish as it reads after "som" or "om åtgärden": a subordinate clause, "inte" before the verb.
    sv_yes: str
    sv_no: str

    @property
    def flag(self) -> str:
        return "--" + self.option.replace("_", "-")


# In the order a route is asked about: whose decision first (political), then the operation's frame, then
# its consequences. Dalarna's division criterion comes from 004 (KSG-B coordinates when several divisions
# are involved); a region whose data never sets a criterion is never asked about it.
MEASURE_CRITERIA: tuple[MeasureCriterion, ...] = (
    MeasureCriterion("political_decision", "political", "needs a political decision",
                     "needs no political decision", "kräver politiskt beslut",
                     "inte kräver något politiskt beslut"),
    MeasureCriterion("within_mandate", "within_mandate", "fits within the operations' remit and budget",
                     "goes beyond the operations' remit and budget", "ryms inom verksamhetens uppdrag och budget",
                     "inte ryms inom verksamhetens uppdrag och budget"),
    MeasureCriterion("several_divisions", "several_divisions", "involves several divisions",
                     "stays within one division", "berör flera divisioner", "berör en division"),
    MeasureCriterion("added_cost", "cost", "adds cost", "adds no cost", "medför ökade kostnader",
                     "inte medför ökade kostnader"),
    MeasureCriterion("organisational_change", "organisational", "changes the organisation",
                     "does not change the organisation", "medför organisatoriska förändringar",
                     "inte medför organisatoriska förändringar"),
)
MEASURE_CRITERION_BY_OPTION = {criterion.option: criterion for criterion in MEASURE_CRITERIA}
MEASURE_CRITERION_BY_KEY = {criterion.key: criterion for criterion in MEASURE_CRITERIA}
