"""What the answer routes accept and return: the same questions and JSON documents as the query commands.

Each public model mirrors the `as_json()` of the answer the command line prints
with `--json` (`PathAnswer`, `ChainAnswer`, `RepresentationAnswer`,
`DecisionRoute`, `Report`, `ChangesAnswer`), field for field; the routes return
that document itself, so these models describe it and never reshape it. Keys
that are Python keywords (`from`) are aliases. Dates are ISO text, as the
commands print them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, computed_field

from api.models import KindName
from cypher.checks import CHECK_PREFIX, rules
from cypher.params import QueryParameterError
from cypher.query_options import AT, REGION, answer_day
from graphmodel.documents import cite
from graphmodel.model import EDGE_CLASSES, MAX_ID_LENGTH
from graphmodel.vocabulary import MANDATE_PARTS, MANDATE_QUALIFIERS

# A county expands to its municipalities and a region to those of its counties; the largest (Västra
# Götaland, 49) fits many times over, while a request cannot ask for every municipality in the country.
MAX_PATH_TARGETS = 300

RelationTypeName = StrEnum("RelationTypeName", {key: key for key in EDGE_CLASSES})
RelationTypeName.__doc__ = "A relation type from the vocabulary."
CheckRuleName = StrEnum("CheckRuleName", {rule.name: rule.name for rule in rules(CHECK_PREFIX)})
CheckRuleName.__doc__ = "A conformance rule: a stored query cypher/check_*.cypher."


def _real_day(text: str) -> str:
    # The commands' own check of a day (cypher.query_options), so both refuse the same days.
    try:
        answer_day(text, "date")
    except QueryParameterError as error:
        raise ValueError(error.reason) from None
    return text


Day = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"},
                           examples=["2025-01-01"]), AfterValidator(_real_day)]
Uid = Annotated[str, Field(min_length=1, max_length=MAX_ID_LENGTH, examples=["region:18"])]
YesNo = Annotated[str | None, Field(max_length=10,
                                    description="yes or no (also ja/nej, true/false, 1/0); leave out when it "
                                                "does not matter")]
AT_DESCRIPTION = AT.description


# -- input -------------------------------------------------------------------------------
class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContactPathQuery(_Closed):
    """Query parameters of `GET /paths/contact`."""

    source: Uid = Field(alias="from", examples=["npo:psykisk-halsa"],
                        description="id of an NPO, RPO, LPO, NSG, other group, or knowledge area")
    to: list[Uid] = Field(min_length=1, max_length=MAX_PATH_TARGETS, examples=[["municipality:1880"]],
                          description="ids of municipalities, people or units, repeated for several; a county, "
                                      f"region or healthcare region means each of its municipalities (at most "
                                      f"{MAX_PATH_TARGETS} targets in all)")
    at: Day | None = Field(None, description=AT_DESCRIPTION)
    exclude_kind: list[KindName] = Field(default_factory=list, description="never pass through nodes of this kind")
    exclude_edge: list[RelationTypeName] = Field(default_factory=list, description="never follow this relation type")


class DayQuery(_Closed):
    """Query parameters of `GET /chains/{uid}`."""

    at: Day | None = Field(None, description=AT_DESCRIPTION)


class RepresentationQuery(_Closed):
    """Query parameters of `GET /representation/{uid}`."""

    at: Day | None = Field(None, description=AT_DESCRIPTION)
    all_time: bool = Field(False, alias="all", description="every membership, past and future (not with `at`)")


class DecisionQuery(_Closed):
    """Query parameters of `GET /decisions`, as the options of `govgraph decide`."""

    scope: str = Field(min_length=1, max_length=40, examples=["municipal"],
                       description="whose measure: region, municipal or both (Swedish words too)")
    political: YesNo = None
    within_mandate: YesNo = None
    several_divisions: YesNo = None
    cost: YesNo = None
    organisational: YesNo = None
    region: Uid | None = Field(None, description="a region, county or municipality id, e.g. region:18")
    area: Uid | None = Field(None, description="a knowledge area id, e.g. knowledge-area:psykisk-halsa: only the "
                                               "matters and bodies of that area, where the data distinguishes them")
    at: Day | None = Field(None, description=AT_DESCRIPTION)


class FindingsQuery(_Closed):
    """Query parameters of `GET /findings`, as the options of `govgraph check`."""

    at: Day | None = Field(None, description="the day to check (YYYY-MM-DD); default today")
    region: Uid | None = Field(None, description="only this region's findings, e.g. region:18")
    within: int = Field(90, ge=0, le=36500, description="report memberships ending within this many days")
    concurrent: int = Field(5, ge=1, le=1000, description="report people holding at least this many memberships "
                                                          "at once")
    rule: list[CheckRuleName] = Field(default_factory=list, max_length=len(CheckRuleName),
                                      description="only these rules, repeated for several; default every rule")


class GapsQuery(_Closed):
    """Query parameters of `GET /gaps`, as the options of `govgraph gaps`."""

    at: Day | None = Field(None, description="the day to look at (YYYY-MM-DD); default today")
    region: Uid | None = Field(None, description="only this region's gaps, e.g. region:18")
    area: Uid | None = Field(None, description="only this knowledge area, e.g. knowledge-area:psykisk-halsa")


class ChangesQuery(_Closed):
    """Query parameters of `GET /changes`, as the options of `govgraph diff`."""

    start: Day = Field(alias="from", description="the first day (YYYY-MM-DD), included")
    end: Day = Field(alias="to", description="the last day (YYYY-MM-DD), included")
    region: Uid | None = Field(None, description=REGION.description)


# -- shared parts of the answers -----------------------------------------------------------
class NodeRefOut(BaseModel):
    """A node as the answer names it, under the name it had on the day asked."""

    uid: str
    name: str
    kind: str
    label: str = Field(description="as the documents write it: 'LPO Psykisk hälsa', 'Örebro kommun'")


class HopOut(BaseModel):
    """One stored edge on the way, in the direction travelled, explained as the documents state it."""

    origin: NodeRefOut = Field(alias="from", description="where the hop leaves")
    destination: NodeRefOut = Field(alias="to", description="where the hop arrives")
    type: str = Field(description="the relation type, e.g. MEMBER_OF")
    stored_from: str = Field(description="the id the edge is stored from (the hop may travel against it)")
    role: str | None
    start: str | None = Field(description="YYYY-MM-DD")
    end: str | None = Field(description="YYYY-MM-DD")
    source: str | None = Field(description="the document and section stating the edge")
    explanation: str
    remarks: list[str] = Field(description="e.g. why a fallback hop is taken")

    @computed_field(description="the source as a person reads it: the document's title and issuer, then the section")
    @property
    def source_name(self) -> str | None:
        return cite(self.source)


# -- contact path --------------------------------------------------------------------------
_NPO = {"uid": "npo:psykisk-halsa", "name": "Psykisk hälsa", "kind": "npo", "label": "NPO Psykisk hälsa"}
_RPO = {"uid": "rpo:sjukvardsregion-mellansverige-psykisk-halsa", "name": "Psykisk hälsa", "kind": "rpo",
        "label": "RPO Psykisk hälsa"}
_OREBRO = {"uid": "municipality:1880", "name": "Örebro", "kind": "municipality", "label": "Örebro kommun"}


class RouteOut(BaseModel):
    to: NodeRefOut
    found: bool
    fallback: bool = Field(description="the route leaves the documented one and goes through named people")
    hops: list[HopOut]
    people: list[str] = Field(description="names of the people on the route, in order")
    reasons: list[str] = Field(description="why there is no documented route, when there is none")


class PathAnswerOut(BaseModel):
    """How guidance travels from a programme area or group to each target on a day, hop by hop."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "from": _NPO, "at": "2026-11-22", "excluded_kinds": [], "excluded_edges": [],
        "routes": [{"to": _OREBRO, "found": True, "fallback": False, "hops": [{
            "from": _NPO, "to": _RPO, "type": "MIRRORS", "stored_from": _RPO["uid"], "role": None, "start": None,
            "end": None, "source": "004_c404d1e861ddfdc3.txt Kunskapsstyrning på sjukvårdsregional nivå",
            "explanation": "RPO Psykisk hälsa mirrors NPO Psykisk hälsa", "remarks": []}],
            "people": ["Johanna Rask", "Eva Marklund", "Lena Hjort"], "reasons": []}]}]})

    source: NodeRefOut = Field(alias="from")
    at: str
    excluded_kinds: list[str]
    excluded_edges: list[str]
    routes: list[RouteOut] = Field(description="one per target, a county's or region's municipalities each")


# -- reporting chain -----------------------------------------------------------------------
_VLS = {"uid": "unit:region-orebro-lan-vls", "name": "VLS", "kind": "unit", "label": "VLS"}
_HS = {"uid": "administration:region-orebro-lan-halso-och-sjukvardsforvaltningen",
       "name": "Hälso- och sjukvårdsförvaltningen", "kind": "administration",
       "label": "Hälso- och sjukvårdsförvaltningen"}
_LEVNADSVANOR = {"uid": "lag:region-orebro-lan-levnadsvanor-vid-sjukdom", "name": "Levnadsvanor vid sjukdom",
                 "kind": "lag", "label": "LAG Levnadsvanor vid sjukdom"}


class ChainStepOut(BaseModel):
    body: NodeRefOut
    distance: int = Field(description="how many hops up from the start")
    branch: str = Field(description="governance, or mirrors when the route passes a MIRRORS edge")
    via: str = Field(description="the body the last hop comes from")
    hop: HopOut
    route: list[str] = Field(description="the ids from the start to this body")
    led_by: list[NodeRefOut]
    explanation: str


class ChainOut(BaseModel):
    start: NodeRefOut
    message: str | None = Field(description="e.g. that the body did not exist on the day")
    steps: list[ChainStepOut]


class ChainAnswerOut(BaseModel):
    """To whom a body reports and on up; for a person or post, the chains of the bodies they sit in."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "subject": _LEVNADSVANOR, "at": "2025-01-01", "message": None, "memberships": [],
        "chains": [{"start": _LEVNADSVANOR, "message": None, "steps": [{
            "body": _HS, "distance": 4, "branch": "governance", "via": _VLS["uid"],
            "hop": {"from": _VLS, "to": _HS, "type": "PART_OF", "stored_from": _VLS["uid"], "role": None,
                    "start": None, "end": None, "source": "002_f2c56e9e6debe3bb.txt §4",
                    "explanation": "VLS is part of Hälso- och sjukvårdsförvaltningen", "remarks": []},
            "route": [_LEVNADSVANOR["uid"], "unit:region-orebro-lan-kunskapsstodsgruppen",
                      "unit:region-orebro-lan-utvecklingsenheten", _VLS["uid"], _HS["uid"]],
            "led_by": [{"uid": "post:region-orebro-lan-halso-och-sjukvardsdirektor",
                        "name": "Hälso- och sjukvårdsdirektör", "kind": "post",
                        "label": "Hälso- och sjukvårdsdirektör"}],
            "explanation": "VLS is part of Hälso- och sjukvårdsförvaltningen (led by Hälso- och sjukvårdsdirektör)",
        }]}]}]})

    subject: NodeRefOut
    at: str
    message: str | None
    memberships: list[HopOut] = Field(description="for a person or post: the memberships that open each chain")
    chains: list[ChainOut]


# -- representation ------------------------------------------------------------------------
class SeatOut(BaseModel):
    member: NodeRefOut
    body: NodeRefOut
    role: str
    represents: list[str] = Field(description="the ids the membership represents")
    how: str = Field(description="how the membership concerns the subject, e.g. 'directly, with 11 others'")
    since: str | None
    until: str | None
    source: str | None
    explanation: str


class RepresentationOut(BaseModel):
    """Where a municipality, region, county, person or post is represented: bodies, members, roles."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "subject": {"uid": "municipality:2080", "name": "Falun", "kind": "municipality", "label": "Falu kommun"},
        "at": "2025-01-01",
        "seats": [{"member": {"uid": "person:roland-oberg", "name": "Roland Öberg", "kind": "person",
                              "label": "Roland Öberg"},
                   "body": {"uid": "collaboration-group:nsk-s", "name": "NSK-S", "kind": "collaboration_group",
                            "label": "NSK-S"},
                   "role": "member", "represents": ["county:20"], "how": "collectively, through county:20",
                   "since": None, "until": None, "source": "004_c404d1e861ddfdc3.txt Styrning och ledning",
                   "explanation": "Roland Öberg is member of NSK-S as ledamot"}]}]})

    subject: NodeRefOut
    at: str | None = Field(description="null when asked over all time")
    seats: list[SeatOut]


# -- decision route --------------------------------------------------------------------------
_VERKSAMHETSCHEF = {"uid": "post:region-orebro-lan-verksamhetschef", "name": "Verksamhetschef", "kind": "post",
                    "label": "Verksamhetschef"}
_WITHIN = "decision-matter:region-orebro-lan-implementering-av-atgarder-inom-verksamhetens-uppdrag-och-budget"
_VERKSAMHETSCHEF_DECIDES = {
    "step": 1, "part": "decides", "part_en": "decides", "part_sv": "beslutar", "qualifier": "always",
    "qualifier_en": "always", "qualifier_sv": "alltid", "rank": None, "holder": _VERKSAMHETSCHEF, "matter": _WITHIN,
    "condition": "åtgärderna ryms inom ramen för verksamheternas uppdrag och budget", "decision_ref": None,
    "decided_on": None, "source": "002_f2c56e9e6debe3bb.txt §10",
    "explanation": "Verksamhetschef decides: Implementering av åtgärder inom verksamhetens uppdrag och budget "
                   "(åtgärderna ryms inom ramen för verksamheternas uppdrag och budget)"}
_WITHIN_MATTER = {
    "uid": _WITHIN, "name": "Implementering av åtgärder inom verksamhetens uppdrag och budget",
    "kind": "decision_matter", "label": "Implementering av åtgärder inom verksamhetens uppdrag och budget",
    "source": "002_f2c56e9e6debe3bb.txt §10", "region": ["region:18"], "knowledge_areas": [], "route_order": 1,
    "wording": "Verksamhetschefer har mandat att fatta beslut om implementering om åtgärder ryms inom ramen för "
               "verksamheternas uppdrag och budget.",
    "criteria": {"measure_scope": "region", "political_decision": None, "within_mandate": True,
                 "several_divisions": None, "added_cost": None, "organisational_change": None},
    "entries": [_VERKSAMHETSCHEF_DECIDES]}
_WITHIN_ALTERNATIVE = {
    "when": [{}], "region": None, "condition": "in every case", "mandated": True,
    "message": "decided by Verksamhetschef", "deciders": [_VERKSAMHETSCHEF_DECIDES], "informed": [], "preparing": [],
    "consulted": [], "implementing": [], "no_mandate": [], "route": [_VERKSAMHETSCHEF_DECIDES],
    "wording": [{"matter": _WITHIN, "text": _WITHIN_MATTER["wording"], "source": "002_f2c56e9e6debe3bb.txt §10"}],
    "matters": [_WITHIN_MATTER]}


class MeasureOut(BaseModel):
    scope: str = Field(description="region, municipal or both")
    political: bool | None
    within_mandate: bool | None
    several_divisions: bool | None
    cost: bool | None
    organisational: bool | None
    region: str | None
    area: str | None
    at: str | None


class RouteEntryOut(BaseModel):
    step: int | None
    part: str = Field(description="what the holder does: " + ", ".join(MANDATE_PARTS.keys()))
    part_en: str
    part_sv: str
    qualifier: str = Field(description="how beside the others of its step: " + ", ".join(MANDATE_QUALIFIERS.keys()))
    qualifier_en: str
    qualifier_sv: str
    rank: int | None = Field(description="the holder's place among those of its step and part, as the document "
                                         "names them")
    holder: NodeRefOut
    matter: str = Field(description="the decision matter's id")
    condition: str | None
    decision_ref: str | None
    decided_on: str | None = Field(description="the day of the decision the mandate comes from")
    source: str | None
    explanation: str


class MatterCriteriaOut(BaseModel):
    measure_scope: str | None
    political_decision: bool | None
    within_mandate: bool | None
    several_divisions: bool | None
    added_cost: bool | None
    organisational_change: bool | None


class CoveringMatterOut(BaseModel):
    uid: str
    name: str
    kind: str
    label: str
    source: str | None
    region: list[str] = Field(description="the territories whose matter it is")
    knowledge_areas: list[str] = Field(description="the knowledge areas the matter is about; empty: every area")
    route_order: int | None = Field(description="the matter's place among the routes its documents give")
    wording: str | None = Field(description="the document's own sentence for the rule")
    criteria: MatterCriteriaOut
    entries: list[RouteEntryOut]


class WordingOut(BaseModel):
    matter: str
    text: str
    source: str | None


class AlternativeOut(BaseModel):
    when: list[dict[str, bool]] = Field(description="the criteria that lead to this route: any one of the "
                                                    "clauses, each a set of criterion values")
    region: NodeRefOut | None = Field(description="the region whose route it is, when the question named none")
    condition: str = Field(description="the condition in words, e.g. 'if the measure needs a political decision'")
    mandated: bool
    message: str = Field(description="the route in one line, as the documents read")
    deciders: list[RouteEntryOut]
    informed: list[RouteEntryOut] = Field(description="endorses, anchors or is informed")
    preparing: list[RouteEntryOut] = Field(description="prepares or recommends")
    consulted: list[RouteEntryOut]
    implementing: list[RouteEntryOut]
    no_mandate: list[RouteEntryOut]
    route: list[RouteEntryOut] = Field(description="every mandate with a step, in step order")
    wording: list[WordingOut]
    matters: list[CoveringMatterOut]


class OpenCriterionOut(BaseModel):
    criterion: str
    option: str = Field(description="the query parameter that settles it")
    flag: str = Field(description="the option of `govgraph decide` that settles it")
    yes: str
    no: str


class DecisionRouteOut(BaseModel):
    """The routes a measure may take, each with its condition, deciders and steps; one when the question settles it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "measure": {"scope": "region", "political": None, "within_mandate": True, "several_divisions": None,
                    "cost": None, "organisational": None, "region": "region:18", "area": None, "at": "2025-06-01"},
        "region": {"uid": "region:18", "name": "Region Örebro län", "kind": "region", "label": "Region Örebro län"},
        "area": None, "rules_held": True, "mandated": True, "determined": True, "open_criteria": [],
        "message": "a region measure that fits within the operations' remit and budget in Region Örebro län: "
                   "decided by Verksamhetschef",
        "alternatives": [_WITHIN_ALTERNATIVE],
        "deciders": [_VERKSAMHETSCHEF_DECIDES], "informed": [], "preparing": [], "consulted": [], "implementing": [],
        "no_mandate": [], "route": [_VERKSAMHETSCHEF_DECIDES], "matters": [_WITHIN_MATTER]}]})

    measure: MeasureOut
    region: NodeRefOut | None
    area: NodeRefOut | None
    rules_held: bool = Field(description="false when the graph holds no decision matter for the region at all")
    mandated: bool = Field(description="false when nobody in the graph has the mandate on some route "
                                       "(`govgraph decide` exits 3)")
    determined: bool = Field(description="the question settles one route; false: see `alternatives`")
    open_criteria: list[OpenCriterionOut] = Field(description="criteria left out that separate the routes")
    unused_criteria: list[OpenCriterionOut] = Field(
        default_factory=list, description="criteria given that no rule of the region's for this scope depends on")
    message: str
    alternatives: list[AlternativeOut] = Field(description="each route the measure may take, with its condition, in "
                                                           "the documents' order")
    deciders: list[RouteEntryOut] = Field(description="the settled route's deciders; empty while routes are open")
    informed: list[RouteEntryOut]
    preparing: list[RouteEntryOut]
    consulted: list[RouteEntryOut]
    implementing: list[RouteEntryOut]
    no_mandate: list[RouteEntryOut]
    route: list[RouteEntryOut] = Field(description="the settled route's mandates with a step, in step order")
    matters: list[CoveringMatterOut]


# -- conformance findings and gaps -------------------------------------------------------------
class RuleOut(BaseModel):
    rule: str
    rule_text: str
    severity: str = Field(description="error, warning or info")
    document: str


class SeverityCountsOut(BaseModel):
    error: int
    warning: int
    info: int


class FindingOut(BaseModel):
    severity: str
    rule: str
    rule_text: str
    document: str
    uid: str
    name: str
    kind: str
    region: str | None
    related: str | None
    finding: str


class ReportOut(BaseModel):
    """What a set of rules found, with the settings they ran with."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "command": "check", "parameters": {"at": "2025-01-01", "region": "region:24", "within": 90, "concurrent": 5},
        "rules": [{"rule": "check_lag_has_end_date", "rule_text": "a LAG's assignment is time-bound, with a "
                                                                  "documented end date",
                   "severity": "warning", "document": "004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG"}],
        "counts": {"error": 0, "warning": 1, "info": 0},
        "findings": [{"severity": "warning", "rule": "check_lag_has_end_date",
                      "rule_text": "a LAG's assignment is time-bound, with a documented end date",
                      "document": "004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG",
                      "uid": "lag:region-vasterbotten-sjalvskadebeteende", "name": "Självskadebeteende",
                      "kind": "lag", "region": "region:24", "related": None,
                      "finding": "LAG Självskadebeteende started 2023-05-01 and has no documented end date"}]}]})

    command: str = Field(description="check or gaps")
    parameters: dict[str, Any] = Field(description="the settings the rules ran with (unset ones left out)")
    rules: list[RuleOut]
    counts: SeverityCountsOut
    findings: list[FindingOut] = Field(description="ordered by severity, rule, region and node")


# -- changes -----------------------------------------------------------------------------------
class ChangeOut(BaseModel):
    date: str
    change: str = Field(description="started, ended or renamed")
    what: str = Field(description="node or edge")
    kind: str = Field(description="the node kind or relation type")
    family: str | None = Field(description="the edge family; null for nodes")
    subject: str = Field(description="the change in words")
    old_name: str | None
    new_name: str | None
    uids: list[str]
    hop: HopOut | None = Field(description="the edge, for an edge that started or ended")


class ChangesOut(BaseModel):
    """What changed between two days: groups and edges that started or ended, and bodies renamed."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "from": "2022-01-01", "to": "2022-12-31", "region": None,
        "changes": [{"date": "2022-10-28", "change": "renamed", "what": "node", "kind": "npo", "family": None,
                     "subject": "NPO Äldres hälsa renamed NPO Äldres hälsa och palliativ vård",
                     "old_name": "Äldres hälsa", "new_name": "Äldres hälsa och palliativ vård",
                     "uids": ["npo:aldres-halsa-och-palliativ-vard"], "hop": None}]}]})

    start: str = Field(alias="from")
    end: str = Field(alias="to")
    region: str | None
    changes: list[ChangeOut]
