"""The id scheme of govgraph's nodes: one predictable id per entity, built from what the source says.

* municipalities, regions and counties by official code:
  `municipality:<SCB code>` (municipality:1880), `region:<county code>` (region:18),
  `county:<county code>` (county:18);
* everything else `<kind>:<slug of its name>`, the kind key written with `-` for `_`
  (`npo:psykisk-halsa`, `healthcare-region:sjukvardsregion-mellansverige`);
* a body, post or decision matter that belongs to a region, county or healthcare region is
  qualified with its owner's name, because every region has its own LPO Psykisk hälsa,
  its own Utvecklingsenheten or operations manager:
  `lpo:region-orebro-lan-psykisk-halsa`, `rpo:sjukvardsregion-mellansverige-psykisk-halsa`.
"""

from __future__ import annotations

from graphmodel.model import NODE_KINDS
from graphmodel.vocabulary import slug

MUNICIPALITY_CODE_DIGITS = 4
COUNTY_CODE_DIGITS = 2
CODED_KINDS = frozenset({"municipality", "region", "county"})


def municipality_id(code: str) -> str:
    """'1880' -> 'municipality:1880'; the SCB code keeps its leading zero ('0114')."""
    return f"municipality:{_checked_code(code, MUNICIPALITY_CODE_DIGITS, 'municipality code')}"


def region_id(county_code: str) -> str:
    """A region by its county's code: '18' -> 'region:18' (Region Örebro län)."""
    return f"region:{_checked_code(county_code, COUNTY_CODE_DIGITS, 'county code')}"


def county_id(code: str) -> str:
    """'18' -> 'county:18' (Örebro län)."""
    return f"county:{_checked_code(code, COUNTY_CODE_DIGITS, 'county code')}"


def kind_prefix(kind: str) -> str:
    """The id prefix of a node kind: its key with '-' for '_' ('healthcare_region' -> 'healthcare-region')."""
    if kind not in NODE_KINDS:
        raise ValueError(f"unknown node kind {kind!r}; known kinds: {', '.join(NODE_KINDS.keys())}")
    return kind.replace("_", "-")


def entity_id(kind: str, name: str, *, owner: str | None = None) -> str:
    """`<kind>:<slug(name)>`, or `<kind>:<slug(owner name + name)>` for an owned body, post or matter.

    >>> entity_id("lpo", "Psykisk hälsa", owner="Region Örebro län")
    'lpo:region-orebro-lan-psykisk-halsa'
    """
    if kind in CODED_KINDS:
        raise ValueError(f"{kind} ids come from official codes: use {kind}_id(code), not a name")
    qualified = f"{owner} {name}" if owner else name
    name_slug = slug(qualified)
    if not name_slug:
        raise ValueError(f"cannot make an id from the name {name!r}: it has no letters or digits")
    return f"{kind_prefix(kind)}:{name_slug}"


def _checked_code(code: str, digits: int, what: str) -> str:
    cleaned = str(code).strip()
    if len(cleaned) != digits or not cleaned.isascii() or not cleaned.isdigit():
        raise ValueError(f"{what} must be {digits} digits, got {code!r}")
    return cleaned
