"""Hops and the words that explain them, shared by every answer that walks the graph.

A hop is one stored edge, taken in either direction. It is explained the way
the edge is stored ("Johanna Rask member of LAG Suicidprevention as kommunal
representant since 2023-03-01"), whatever the direction of travel, so the
sentence always reads as the documents state the fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphmodel.documents import cite
from graphmodel.messages import SWEDISH, current_language, text
from graphmodel.model import EDGE_CLASSES, NODE_CLASSES, ROLES
from graphmodel.place_names import municipality_name

# Kinds whose documents always name them by their abbreviation ("LAG Suicidprevention").
_ABBREVIATED = {key for key, cls in NODE_CLASSES.items()
                if cls.term.aliases and cls.term.aliases[0].isupper()}


@dataclass(frozen=True)
class NodeRef:
    uid: str
    name: str
    kind: str

    @classmethod
    def from_row(cls, row: dict[str, Any], prefix: str = "") -> "NodeRef":
        return cls(row[f"{prefix}uid"], row[f"{prefix}name"], row[f"{prefix}kind"])

    def label(self) -> str:
        """The node as the documents write it: 'LPO Psykisk hälsa', 'Lindesbergs kommun', 'Sara Nyquist'."""
        if self.kind in _ABBREVIATED:
            return f"{NODE_CLASSES[self.kind].term.aliases[0]} {self.name}"
        if self.kind == "municipality":
            return municipality_name(self.name)
        return self.name

    def as_json(self) -> dict[str, str]:
        return {"uid": self.uid, "name": self.name, "kind": self.kind, "label": self.label()}


@dataclass(frozen=True)
class Hop:
    """One edge on a route: stored from `source` to `target`, travelled `forward` or against it."""

    source: NodeRef
    target: NodeRef
    type: str
    forward: bool = True
    role: str | None = None
    start: str | None = None
    end: str | None = None
    document: str | None = None
    remarks: tuple[str, ...] = field(default=())
    # Whether the hop is a fallback tie; None leaves it to the remarks (a hop with remarks is one).
    fallback: bool | None = None

    @property
    def is_fallback(self) -> bool:
        return bool(self.remarks) if self.fallback is None else self.fallback

    @property
    def origin(self) -> NodeRef:
        return self.source if self.forward else self.target

    @property
    def destination(self) -> NodeRef:
        return self.target if self.forward else self.source

    def explanation(self, lang: str | None = None) -> str:
        """The hop as a sentence in `lang` (default: the current request's or command's language)."""
        words = [self.source.label(), edge_verb(self.type, lang), self.target.label()]
        if self.role:
            words.append(text("hop.role", lang, role=role_words(self.role)))
        if self.start:
            words.append(text("hop.since", lang, start=self.start))
        if self.end:
            words.append(text("hop.until", lang, end=self.end))
        return " ".join(words)

    def as_json(self) -> dict[str, Any]:
        return {"from": self.origin.as_json(), "to": self.destination.as_json(), "type": self.type,
                "stored_from": self.source.uid, "role": self.role, "start": self.start, "end": self.end,
                "source": self.document, "source_name": cite(self.document), "explanation": self.explanation(),
                "remarks": list(self.remarks)}


def edge_verb(rel_type: str, lang: str | None = None) -> str:
    """The edge type as a verb phrase: 'rapporterar till', 'är ledamot i' ('reports to', 'is member of')."""
    if rel_type == "MANDATE":
        return text("hop.mandate", lang)
    term = EDGE_CLASSES[rel_type].term
    swedish = (lang or current_language()) == SWEDISH
    phrase = term.sv if swedish else term.en
    # A phrase that is already a verb ('speglar', 'reports to') stands alone; a noun or participle takes 'is'.
    verb_ending = "r" if swedish else "s"
    return phrase if phrase.split()[0].endswith(verb_ending) else text("hop.is", lang, phrase=phrase)


def kind_words(kind: str) -> str:
    """A node kind as the current language writes it ('kommun', 'municipality'); an unknown key as it is."""
    if kind not in NODE_CLASSES:
        return kind
    term = NODE_CLASSES[kind].term
    return term.sv if current_language() == SWEDISH else term.en


def role_words(role: str) -> str:
    """A role in the documents' Swedish ('kommunal representant'); an unknown key as it is."""
    return ROLES[role].sv if role in ROLES else role


def iso(value: Any) -> str | None:
    """A driver date (or None) as YYYY-MM-DD text."""
    if value is None:
        return None
    return value.iso_format() if hasattr(value, "iso_format") else str(value)
