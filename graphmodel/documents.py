"""The register of source documents: what every `source` in the graph points into, by name.

The data cites a document by its file and the section it comes from
(`003_ef8c122bca7ad691.txt Kommunikation`, `002_f2c56e9e6debe3bb.txt §10`), or
by its number alone (`002 §7`). Wherever a source is shown to a person it is
named by the document's title and issuer instead; the file name stays the
citation's key and the link target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceDocument:
    number: str
    file: str
    title: str
    issuer: str
    kind: str
    # The date the document gives itself, where it gives one (YYYY-MM-DD).
    date: str | None = None

    def name(self) -> str:
        """'Uppdrag som kommunal representant i LPO/LAG (Region Örebro län)'."""
        return f"{self.title} ({self.issuer})"

    def as_json(self) -> dict[str, str | None]:
        return {"number": self.number, "file": self.file, "title": self.title, "issuer": self.issuer,
                "kind": self.kind, "date": self.date, "name": self.name()}


DOCUMENTS: tuple[SourceDocument, ...] = (
    SourceDocument("000", "000_9d1f36fc60801c79.txt", "Uppdrag för lokala arbetsgrupper (LAG)",
                   "Region Örebro län", "uppdragsbeskrivning"),
    SourceDocument("001", "001_a14aaf4a3697e8c0.txt", "Lokal arbetsgrupp (LAG) i Region Västerbottens system för "
                   "kunskapsstyrning", "Region Västerbotten", "uppdragsbeskrivning"),
    SourceDocument("002", "002_f2c56e9e6debe3bb.txt", "Överenskommelse om samverkan i kunskapsstödsprocessen",
                   "Region Örebro län och kommunerna i Örebro län", "överenskommelse"),
    SourceDocument("003", "003_ef8c122bca7ad691.txt", "Uppdrag som kommunal representant i LPO/LAG",
                   "Region Örebro län", "uppdragsbeskrivning"),
    SourceDocument("004", "004_c404d1e861ddfdc3.txt", "Region Dalarnas system för kunskapsstyrning",
                   "Region Dalarna", "systembeskrivning", "2019-08-20"),
)
BY_NUMBER = {document.number: document for document in DOCUMENTS}
BY_FILE = {document.file: document for document in DOCUMENTS}

# A citation: the file or the bare number, then the section, if any.
_CITATION = re.compile(r"^\s*(?P<key>\d{3}_[0-9a-f]+\.txt|\d{3})(?=\s|$|[,;:§])[\s,;:]*(?P<section>.*?)\s*$")


def document_of(source: str | None) -> SourceDocument | None:
    """The registered document `source` cites, or None for a citation of something else."""
    match = _CITATION.match(source or "")
    if match is None:
        return None
    key = match["key"]
    return BY_FILE.get(key) if key.endswith(".txt") else BY_NUMBER.get(key)


def cite(source: str | None) -> str | None:
    """`source` as a person reads it: 'Uppdrag som kommunal representant i LPO/LAG (Region Örebro län),
    Kommunikation'; several citations (separated by ';') each so; what the register does not know as written."""
    if not source:
        return source
    return "; ".join(_cite_one(part.strip()) for part in source.split(";") if part.strip())


# A citation written in parentheses inside a sentence, as a hop's remarks carry them.
_CITED_IN_TEXT = re.compile(r"\((\d{3}_[0-9a-f]+\.txt[^()]*)\)")


def name_citations(sentence: str) -> str:
    """`sentence` with each parenthesised citation of a registered document named: '(Region Dalarnas ...)'."""
    return _CITED_IN_TEXT.sub(lambda match: f"({cite(match[1])})", sentence)


def _cite_one(source: str) -> str:
    match = _CITATION.match(source)
    document = document_of(source)
    if match is None or document is None:
        return source
    section = match["section"]
    return f"{document.name()}, {section}" if section else document.name()
