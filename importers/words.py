"""The vocabulary's words inside an import's messages: kinds and known terms, in English and in Swedish.

A message lists the terms a cell may hold, or names the kind a node has; in
Swedish it uses the Swedish names the vocabulary declares (which the import
accepts as well as the keys). Each is made only for a problem found, as
`Words` said with the message (`graphmodel.messages`).
"""

from __future__ import annotations

from collections.abc import Iterable

from graphmodel.messages import ENGLISH, SWEDISH, Words, joined, text
from graphmodel.model import NODE_KINDS
from graphmodel.vocabulary import TermTable


def known_terms(table: TermTable) -> Words:
    """The terms of `table`: their keys in English (what the chart stores), their Swedish names in Swedish."""
    return Words(", ".join(table.keys()), ", ".join(term.sv or term.key for term in table.terms))


def kind_name(kind: str | None, *, article: bool = False) -> Words:
    """A node kind's name: 'municipality' (with `article`: 'a municipality') in English, 'kommun' in Swedish.

    Swedish messages say "av slaget kommun", which needs no article (en/ett would depend on the word)."""
    if kind is None or kind not in NODE_KINDS:
        return Words(text("import.a_node", ENGLISH) if article else "node", "nod")
    term = NODE_KINDS[kind]
    english = term.en
    if article:
        english = f"an {english}" if english[0] in "aeiou" else f"a {english}"
    return Words(english, term.sv)


def kind_names(kinds: Iterable[str], *, article: bool = False) -> Words:
    """Kinds in the vocabulary's order, as 'a region, a county or a municipality' / 'region, län eller kommun'."""
    wanted = set(kinds)
    names = [kind_name(kind, article=article) for kind in NODE_KINDS.keys() if kind in wanted]
    return Words(_either([name.english for name in names], ENGLISH),
                 _either([name.swedish for name in names], SWEDISH))


def _either(names: list[str], lang: str) -> str:
    return joined(names, "words.or", lang)


def number(count: int) -> Words:
    """A count as each language writes it: 200,000 and 200 000."""
    return Words(f"{count:,}", f"{count:,}".replace(",", "\u00a0"))


def listed(items: Iterable[Words | str], conjunction: str = "words.and") -> Words:
    """'A, B and C' / 'A, B och C', of items said in each language."""
    items = list(items)
    return Words(joined([str(item) for item in items], conjunction, ENGLISH),
                 joined([item.swedish if isinstance(item, Words) else item for item in items], conjunction, SWEDISH))


def comma_listed(items: Iterable[Words | str]) -> Words:
    """'A, B, C' in each language."""
    items = list(items)
    return Words(", ".join(str(item) for item in items),
                 ", ".join(item.swedish if isinstance(item, Words) else item for item in items))
