"""Node kinds of the governance graph, declared once with neomodel.

Every node is an `Entity`: a stable, human-readable unique `uid` (see
`importers.ids`), a `name`, its `kind` and a `source`. Bodies of the
knowledge-governance system and of the line organisation are `Body` nodes;
healthcare regions, regions, counties and municipalities are `Territory`
nodes. Each concrete class carries a `Term` (its key, English and Swedish
names) and, for bodies, the level it usually sits at; a region's own variant
(Dalarna's KSG-B, Örebro's RMKS) is data of one of these kinds, not a class.
"""

from __future__ import annotations

from typing import Any, ClassVar

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    IntegerProperty,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
    StructuredNode,
)

from graphmodel import relationships as rel
from graphmodel.properties import NativeDateProperty
from graphmodel.vocabulary import LEVELS, MEASURE_SCOPES, Term

LEVEL_CHOICES = {key: LEVELS[key].en for key in LEVELS.keys()}


def _to(target: str, edge: type[rel.GovernanceRel]) -> RelationshipTo:
    return RelationshipTo(target, edge.rel_type, model=edge)


def _from(source: str, edge: type[rel.GovernanceRel]) -> RelationshipFrom:
    return RelationshipFrom(source, edge.rel_type, model=edge)


class Entity(StructuredNode):
    """Anything in the graph: it has an id, a name, a kind and a source."""

    term: ClassVar[Term | None] = None
    default_level: ClassVar[str | None] = None

    uid = StringProperty(unique_index=True, required=True,
                         help_text="stable id, e.g. municipality:1880 or npo:psykisk-halsa")
    name = StringProperty(required=True, index=True, help_text="official or common name")
    kind = StringProperty(required=True, index=True, help_text="the node kind's key, e.g. lag")
    source = StringProperty(help_text="document file and section, or reference file, stating the fact")
    note = StringProperty(help_text="free text, e.g. the document's own wording")
    fictional = BooleanProperty(default=False, help_text="true for invented sample data")
    imported_from = StringProperty(index=True, help_text="the workbook (or `reference`) that owns this record")
    import_hash = StringProperty(help_text="fingerprint of the values last imported, to spot edits by hand")

    # Mandates and communication can start from any entity: a post, a body, a municipality.
    mandates = _to("graphmodel.nodes.DecisionMatter", rel.Mandate)
    informs = _to("Entity", rel.Informs)
    disseminates_to = _to("Entity", rel.DisseminatesTo)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.term is not None:
            kwargs.setdefault("kind", self.term.key)
        if self.default_level is not None and "level" in self.defined_properties(rels=False):
            kwargs.setdefault("level", self.default_level)
        super().__init__(*args, **kwargs)


class Body(Entity):
    """A group, council, network, organisation or unit: something people sit in or work for."""

    level = StringProperty(choices=LEVEL_CHOICES, index=True,
                           help_text="national, healthcare region, region or municipality")
    start = NativeDateProperty(help_text="first day the body exists or its assignment runs")
    end = NativeDateProperty(help_text="last day the body exists or its assignment runs")
    former_names = ArrayProperty(StringProperty(), help_text="earlier names, oldest first")
    name_since = NativeDateProperty(help_text="when the current name took effect")

    reports_to = _to("Entity", rel.ReportsTo)
    prepares_for = _to("Entity", rel.PreparesFor)
    escalates_to = _to("Entity", rel.EscalatesTo)
    part_of = _to("Entity", rel.PartOf)
    mirrors = _to("Body", rel.Mirrors)
    supports = _to("Entity", rel.Supports)
    established_by = _to("Entity", rel.EstablishedBy)
    belongs_to = _to("Territory", rel.BelongsTo)
    covers = _to("KnowledgeArea", rel.Covers)
    members = _from("Entity", rel.MemberOf)


class Territory(Entity):
    """A healthcare region, region, county or municipality: a place and its principal."""

    code = StringProperty(index=True, help_text="official code: SCB municipality or county code")
    former_names = ArrayProperty(StringProperty(), help_text="earlier names, oldest first")
    name_since = NativeDateProperty(help_text="when the current name took effect")

    part_of = _to("Territory", rel.PartOf)
    located_in = _to("Territory", rel.LocatedIn)
    serves = _to("Territory", rel.Serves)


class Person(Entity):
    """A person; sample people are fictional and marked so."""

    term = Term("person", "person", "person", ("people", "personer"))

    title = StringProperty(help_text="job title")
    organisation = StringProperty(help_text="employer, as written by the source")
    email = StringProperty(help_text="work e-mail (personal data: not shown without permission)")
    phone = StringProperty(help_text="work phone (personal data: not shown without permission)")

    member_of = _to("Entity", rel.MemberOf)
    holds_post = _to("Post", rel.HoldsPost)
    contact_person_for = _to("Entity", rel.ContactPersonFor)


class Post(Entity):
    """A post or function someone holds, e.g. health-care director or head of Välfärd och folkhälsa."""

    term = Term("post", "post", "befattning", ("funktion", "tjänst", "position"))

    member_of = _to("Entity", rel.MemberOf)
    part_of = _to("Entity", rel.PartOf)
    leads = _to("Entity", rel.Leads)
    reports_to = _to("Entity", rel.ReportsTo)
    holders = _from("Person", rel.HoldsPost)


class KnowledgeArea(Entity):
    """A knowledge area (kunskapsområde), the subject of an NPO and the groups that mirror it."""

    term = Term("knowledge_area", "knowledge area", "kunskapsområde", ("insatsområde", "sakområde"))


class DecisionMatter(Entity):
    """A kind of matter someone may (or may not) decide: the scope of a mandate.

    A matter about implementing measures says which measures it covers: whose
    (`measure_scope`) and, for each criterion, yes, no or unset (either). The
    decision route of a measure is then read from the mandates of the matters
    that cover it, so each region's rules are data.
    """

    term = Term("decision_matter", "decision matter", "beslutsfråga", ("scope", "ärende", "mandate scope"))

    measure_scope = StringProperty(choices={key: MEASURE_SCOPES[key].en for key in MEASURE_SCOPES.keys()},
                                   help_text="whose measures the matter covers: region, municipal or both; "
                                             "unset: not a measure matter")
    added_cost = BooleanProperty(help_text="the measures covered add cost (unset: either)")
    organisational_change = BooleanProperty(help_text="the measures covered change the organisation "
                                                      "(unset: either)")
    within_mandate = BooleanProperty(help_text="the measures covered fit the operations' remit and budget "
                                               "(unset: either)")
    political_decision = BooleanProperty(help_text="the measures covered need a political decision (unset: either)")
    several_divisions = BooleanProperty(help_text="the measures covered involve several divisions (unset: either)")
    route_order = IntegerProperty(help_text="the matter's place among the routes its documents give, 1 first: "
                                            "the order in which alternatives are listed")
    wording = StringProperty(help_text="the document's own sentence for the rule, quoted in the answer")

    belongs_to = _to("Territory", rel.BelongsTo)
    covers = _to("KnowledgeArea", rel.Covers)


# -- the national system's bodies and their regional mirrors ---------------------------------
class NationalProgrammeArea(Body):
    """Leads one knowledge area nationally; members from all six healthcare regions."""

    __label__ = "NPO"
    term = Term("npo", "national programme area", "nationellt programområde", ("NPO",))
    default_level = "national"


class NationalWorkingGroup(Body):
    """Set up by an NPO to produce specific knowledge support."""

    __label__ = "NAG"
    term = Term("nag", "national working group", "nationell arbetsgrupp", ("NAG",))
    default_level = "national"


class NationalCollaborationGroup(Body):
    """Represents all six healthcare regions in a field; supports the NPOs."""

    __label__ = "NSG"
    term = Term("nsg", "national collaboration group", "nationell samverkansgrupp", ("NSG",))
    default_level = "national"


class RegionalProgrammeArea(Body):
    """Mirrors an NPO in a healthcare region; one representative per region."""

    __label__ = "RPO"
    term = Term("rpo", "healthcare-regional programme area", "regionalt programområde", ("RPO", "sjukvårdsregionalt programområde"))
    default_level = "healthcare_region"


class RegionalCollaborationGroup(Body):
    """Mirrors an NSG in a healthcare region."""

    __label__ = "RSG"
    term = Term("rsg", "healthcare-regional collaboration group", "regional samverkansgrupp", ("RSG", "sjukvårdsregional samverkansgrupp"))
    default_level = "healthcare_region"


class LocalProgrammeArea(Body):
    """Leads, prioritises and follows up one knowledge area in a region."""

    __label__ = "LPO"
    term = Term("lpo", "local programme area", "lokalt programområde", ("LPO",))
    default_level = "region"


class LocalProgrammeAreaGroup(Body):
    """Västerbotten's group of local programme areas."""

    __label__ = "LPOG"
    term = Term("lpog", "local programme-area group", "lokal programområdesgrupp", ("LPOG",))
    default_level = "region"


class LocalCollaborationGroup(Body):
    """Mirrors an RSG in a region (Dalarna)."""

    __label__ = "LSG"
    term = Term("lsg", "local collaboration group", "lokal samverkansgrupp", ("LSG",))
    default_level = "region"


class LocalWorkingGroup(Body):
    """Receives, adapts and implements knowledge support; has a chair and method support."""

    __label__ = "LAG"
    term = Term("lag", "local working group", "lokal arbetsgrupp", ("LAG", "arbetsgrupp"))
    default_level = "region"


# -- councils, steering, management, preparation, networks ---------------------------------------
class SteeringGroup(Body):
    """Steers a knowledge-governance system, e.g. SKS nationally."""

    term = Term("steering_group", "steering group", "styrgrupp", ("styrgruppen",))


class CollaborationGroup(Body):
    """A group joining parties around a shared question, e.g. NSK-S."""

    term = Term("collaboration_group", "collaboration group", "samverkansgrupp", ("gruppering", "samordningsgrupp", "coordination group"))


class Council(Body):
    """A council, e.g. RMKS, RSN, the medical, ethics and nursing councils, a political council."""

    term = Term("council", "council", "råd", ("rådet", "samverkansråd"))


class ManagementGroup(Body):
    """A line management group, e.g. the health-care management group (LGHS)."""

    term = Term("management_group", "management group", "ledningsgrupp", ("chefsgrupp", "ledningsgruppen"))


class PreparatoryGroup(Body):
    """Prepares matters for a steering group, e.g. KSG-B in Dalarna."""

    term = Term("preparatory_group", "preparatory group", "beredningsgrupp", ("beredning",))


class Network(Body):
    """A network, e.g. the V&F networks of municipal key persons, the social-services heads' network."""

    term = Term("network", "network", "nätverk", ("nätverket",))


class Organisation(Body):
    """An organisation outside the line, e.g. SKR or a patient association."""

    term = Term("organisation", "organisation", "organisation", ("myndighet", "förening"))


# -- the line organisation ----------------------------------------------------------------------
class Administration(Body):
    """An administration of a region, e.g. Regional utveckling."""

    term = Term("administration", "administration", "förvaltning", ())
    default_level = "region"


class Division(Body):
    """A division of a region's health care."""

    term = Term("division", "division", "division", ())
    default_level = "region"


class Area(Body):
    """An area of the line organisation, e.g. Område Välfärd och folkhälsa."""

    term = Term("area", "area", "område", ("verksamhetsområde",))
    default_level = "region"


class Unit(Body):
    """A unit of the line organisation, e.g. Utvecklingsenheten or Kunskapsstödsgruppen."""

    term = Term("unit", "unit", "enhet", ("grupp", "avdelning"))
    default_level = "region"


class Operation(Body):
    """An operation (verksamhet) led by an operations manager."""

    term = Term("operation", "operation", "verksamhet", ("klinik",))
    default_level = "region"


# -- territories ---------------------------------------------------------------------------------
class HealthcareRegion(Territory):
    """One of the six healthcare regions."""

    term = Term("healthcare_region", "healthcare region", "sjukvårdsregion", ())


class Region(Territory):
    """One of the 21 regions, principal for health care in its county."""

    term = Term("region", "region", "region", ("landsting",))


class County(Territory):
    """One of the 21 counties, identified by its county code."""

    term = Term("county", "county", "län", ())


class Municipality(Territory):
    """One of the 290 municipalities, identified by its SCB code."""

    term = Term("municipality", "municipality", "kommun", ())
