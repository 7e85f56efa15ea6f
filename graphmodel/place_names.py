"""A municipality's name as the municipality itself writes it: 'Lindesbergs kommun', 'Falu kommun'.

The reference tables name municipalities by their place ('Lindesberg', 'Falun'); the municipality's own
name puts the place in the genitive before 'kommun'. Swedish adds -s after a consonant and nothing after a
vowel or an s, x or z ('Kumla kommun', 'Alingsås kommun'); the few that bend otherwise are listed. Charts
write either form, so both are recognised wherever a chart's text names a municipality.
"""

from __future__ import annotations

MUNICIPALITY_WORD = "kommun"
# Places whose municipality's name is not the regular genitive.
IRREGULAR_GENITIVES = {"Falun": "Falu", "Kalmar": "Kalmar"}
_NO_GENITIVE_S = set("aeiouyåäösxz")


def genitive(place: str) -> str:
    if place in IRREGULAR_GENITIVES:
        return IRREGULAR_GENITIVES[place]
    return place if place[-1:].lower() in _NO_GENITIVE_S else f"{place}s"


def municipality_name(place: str) -> str:
    """'Lindesberg' -> 'Lindesbergs kommun'; 'Örebro' -> 'Örebro kommun'; 'Falun' -> 'Falu kommun'."""
    return f"{genitive(place)} {MUNICIPALITY_WORD}"


def places_named_by(text: str) -> set[str]:
    """The place names a municipality's name may stand for: 'Lindesbergs kommun' -> {'Lindesberg', 'Lindesbergs'}.

    Exact for the irregular ones; for the rest both readings of a final s, since 'Alingsås kommun' is
    Alingsås and 'Hallsbergs kommun' is Hallsberg: the caller keeps those that are places.
    """
    suffix = f" {MUNICIPALITY_WORD}"
    if not text.lower().endswith(suffix) or len(text) <= len(suffix):
        return set()
    stem = text[: -len(suffix)]
    places = {stem, stem[:-1]} if stem.lower().endswith("s") else {stem}
    places.update(place for place, irregular in IRREGULAR_GENITIVES.items() if irregular.lower() == stem.lower())
    return places
