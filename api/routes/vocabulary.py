"""The model's vocabulary, for clients that build queries or forms."""

from __future__ import annotations

import inspect

from fastapi import APIRouter

from api.models import KindOut, RelationTypeOut, TermOut, Vocabulary
from graphmodel.messages import catalogue, current_language
from graphmodel.model import EDGE_CLASSES, FAMILIES, LEVELS, NODE_CLASSES, ROLES, edge_properties, kind_info
from graphmodel.vocabulary import Term, TermTable

router = APIRouter(tags=["vocabulary"])


def term_fields(term: Term, fallback_description: str | None = None) -> dict:
    return {"key": term.key, "en": term.en, "sv": term.sv, "aliases": list(term.aliases),
            "description": term.description or inspect.cleandoc(fallback_description or "")}


def terms(table: TermTable) -> list[TermOut]:
    return [TermOut(**term_fields(term)) for term in table.terms]


def kinds() -> list[KindOut]:
    found = []
    for key, cls in NODE_CLASSES.items():
        info = kind_info(key)
        found.append(KindOut(**term_fields(cls.term, cls.__doc__), labels=list(info.labels),
                             default_level=info.default_level, properties=list(info.properties)))
    return found


def relation_types() -> list[RelationTypeOut]:
    return [RelationTypeOut(**term_fields(cls.term), family=cls.family, properties=list(edge_properties(key)))
            for key, cls in EDGE_CLASSES.items()]


@router.get("/vocabulary", response_model=Vocabulary)
def vocabulary() -> Vocabulary:
    """Node kinds, relation types with their family, roles, levels and edge families."""
    return Vocabulary(kinds=kinds(), relation_types=relation_types(), roles=terms(ROLES),
                      levels=terms(LEVELS), families=terms(FAMILIES))


@router.get("/messages")
def messages() -> dict[str, object]:
    """Every sentence the explorer shows, in the request's language: its one message catalogue.

    Like every resource it answers in `?lang=` (sv or en), else the first language of `Accept-Language`
    that govgraph speaks, else Swedish."""
    chosen = current_language()
    return {"lang": chosen, "messages": catalogue(chosen)}
