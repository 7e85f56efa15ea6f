"""A chart as Popolo-style JSON: organizations, persons, posts and memberships.

Bodies and territories are organizations (`classification` is the kind key,
`parent_id` the first PART_OF target that is itself an exported organization);
posts are Popolo posts. A MEMBER_OF row is a membership of a person, or of a
post sitting ex officio (`post_id`); a HOLDS_POST relation is a membership
of the person in the post. `on_behalf_of_id` is the first id the member
represents, `on_behalf_of_ids` all of them when there are several.

E-mail and phone numbers are left out unless `include_contact` is set:
Popolo files are made for publishing and for other tools, and a person's
contact details are personal data that should not travel further than the
workbook an administrator keeps, unless they choose so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphmodel.model import BODY_KINDS, TERRITORY_KINDS
from graphmodel.nodes import Post
from graphmodel.relationships import HoldsPost, PartOf
from graphmodel.vocabulary import ROLES
from importers.chart import Chart, MembershipRecord, PersonRecord, RelationRecord, UnitRecord
from importers.export_files import replace_file

ORGANIZATION_KINDS = frozenset(BODY_KINDS + TERRITORY_KINDS)
POST_KIND = Post.term.key


def popolo_document(chart: Chart, *, include_contact: bool = False) -> dict[str, list[dict[str, Any]]]:
    organizations = [unit for unit in chart.units if unit.kind in ORGANIZATION_KINDS]
    posts = [unit for unit in chart.units if unit.kind == POST_KIND]
    parents = _first_part_of(chart.relations, {unit.id for unit in organizations})
    post_ids = {post.id for post in posts}
    memberships = [_membership(row, post_ids) for row in chart.memberships]
    memberships += [_post_holding(row, parents) for row in chart.relations if row.type == HoldsPost.rel_type]
    return {
        "organizations": [_organization(unit, parents.get(unit.id)) for unit in organizations],
        "persons": [_person(person, include_contact) for person in chart.people],
        "posts": [_post(post, parents.get(post.id)) for post in posts],
        "memberships": memberships,
    }


def write_popolo(chart: Chart, path: Path, *, include_contact: bool = False) -> dict[str, list]:
    document = popolo_document(chart, include_contact=include_contact)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    replace_file(path, text.encode("utf-8"))
    return document


def _first_part_of(relations: list[RelationRecord], organization_ids: set[str]) -> dict[str, str]:
    parents: dict[str, str] = {}
    for row in relations:
        if row.type == PartOf.rel_type and row.target in organization_ids:
            parents.setdefault(row.source, row.target)
    return parents


def _organization(unit: UnitRecord, parent_id: str | None) -> dict[str, Any]:
    return _without_empty({
        "id": unit.id, "name": unit.name, "classification": unit.kind, "parent_id": parent_id,
        "founding_date": _date(unit.start), "dissolution_date": _date(unit.end),
        "other_names": [{"name": name} for name in unit.former_names],
        "identifiers": [{"scheme": "code", "identifier": unit.code}] if unit.code else [],
        "sources": _sources(unit.source), "fictional": unit.fictional or None,
    })


def _post(post: UnitRecord, organization_id: str | None) -> dict[str, Any]:
    return _without_empty({"id": post.id, "label": post.name, "organization_id": organization_id,
                           "sources": _sources(post.source), "fictional": post.fictional or None})


def _person(person: PersonRecord, include_contact: bool) -> dict[str, Any]:
    values = {"id": person.id, "name": person.name, "sources": _sources(person.source),
              "fictional": person.fictional or None}
    if include_contact:
        values["email"] = person.email
        values["contact_details"] = [{"type": "voice", "value": person.phone}] if person.phone else []
    return _without_empty(values)


def _membership(row: MembershipRecord, post_ids: set[str]) -> dict[str, Any]:
    member = "post_id" if row.person in post_ids else "person_id"
    return _without_empty({
        member: row.person, "organization_id": row.unit, "role": _role_name(row.role),
        "start_date": _date(row.start), "end_date": _date(row.end),
        "on_behalf_of_id": row.represents[0] if row.represents else None,
        "on_behalf_of_ids": list(row.represents) if len(row.represents) > 1 else [],
        "sources": _sources(row.source),
    })


def _post_holding(row: RelationRecord, parents: dict[str, str]) -> dict[str, Any]:
    return _without_empty({"person_id": row.source, "post_id": row.target, "organization_id": parents.get(row.target),
                           "start_date": _date(row.start), "end_date": _date(row.end),
                           "sources": _sources(row.source_document)})


def _role_name(role: str) -> str:
    return ROLES[role].en if role in ROLES else role


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _sources(source: str | None) -> list[dict[str, str]]:
    return [{"note": source}] if source else []


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in (None, "", [])}
