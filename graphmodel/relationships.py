"""Edge types of the governance graph, one neomodel class each, grouped by family.

Each class names its Cypher type (`rel_type`), its family and its `Term`; node
classes in `nodes.py` refer to these classes, so a type is declared only here.
Every edge may carry `start`, `end`, `source` (document and section, or
reference file) and a `note`.
"""

from __future__ import annotations

from typing import ClassVar

from neomodel import ArrayProperty, BooleanProperty, IntegerProperty, StringProperty, StructuredRel

from graphmodel.properties import NativeDateProperty
from graphmodel.vocabulary import MANDATE_PARTS, MANDATE_QUALIFIERS, ROLES, Term


class GovernanceRel(StructuredRel):
    """Base of every edge type: dated and sourced."""

    rel_type: ClassVar[str]
    family: ClassVar[str]
    term: ClassVar[Term]

    start = NativeDateProperty(help_text="first day the relation holds")
    end = NativeDateProperty(help_text="last day the relation holds")
    # Stored as `source`, like on nodes; neomodel keeps the Python name `source` for itself.
    source_ref = StringProperty(db_property="source",
                                help_text="document file and section, or reference file, stating the fact")
    note = StringProperty(help_text="free text, e.g. the document's own wording")
    imported_from = StringProperty(help_text="the workbook (or `reference`) that owns this record")
    import_hash = StringProperty(help_text="fingerprint of the values last imported, to spot edits by hand")


# -- reporting ----------------------------------------------------------------------
class ReportingRel(GovernanceRel):
    family = "reporting"


class ReportsTo(ReportingRel):
    rel_type = "REPORTS_TO"
    term = Term(rel_type, "reports to", "rapporterar till", ("reports_to",),
                "the source reports its work to the target, e.g. a LAG to its LPO")


class PreparesFor(ReportingRel):
    rel_type = "PREPARES_FOR"
    term = Term(rel_type, "prepares matters for", "bereder ärenden till", ("prepares for", "bereder"),
                "the source prepares matters on which the target decides, e.g. RMKS for the management group")


class EscalatesTo(ReportingRel):
    rel_type = "ESCALATES_TO"
    term = Term(rel_type, "escalates to", "lyfter frågor till", ("lyfter till", "eskalerar till"),
                "the source raises questions beyond its remit to the target, e.g. RMKS to RSN")


class PartOf(ReportingRel):
    rel_type = "PART_OF"
    term = Term(rel_type, "part of", "del av", ("ingår i", "tillhör organisatoriskt"),
                "the source is organisationally part of the target")


class Mirrors(ReportingRel):
    rel_type = "MIRRORS"
    term = Term(rel_type, "mirrors", "speglar", (),
                "the source is the same knowledge area one level down, e.g. an RPO mirrors its NPO")


class Supports(ReportingRel):
    rel_type = "SUPPORTS"
    term = Term(rel_type, "supports", "stödjer", ("ger stöd till", "stöder"),
                "the source supports the target's work, e.g. an NSG supports the NPOs")


class Leads(ReportingRel):
    rel_type = "LEADS"
    term = Term(rel_type, "leads", "leder", ("process owner of", "processägare för", "uppdragsgivare för"),
                "the source (a post or body) leads or owns the target")


class EstablishedBy(ReportingRel):
    rel_type = "ESTABLISHED_BY"
    term = Term(rel_type, "established by", "inrättad av", ("established_by", "inrättas av", "tillsatt av"),
                "the source was set up by the target, under the decision in `decision_ref`")

    decision_ref = StringProperty(help_text="the decision record, e.g. LD18/02757")


# -- representation ------------------------------------------------------------------
class RepresentationRel(GovernanceRel):
    family = "representation"


class MemberOf(RepresentationRel):
    rel_type = "MEMBER_OF"
    term = Term(rel_type, "member of", "ledamot i", ("membership", "medlem i", "ingår i gruppen"),
                "a person (or post, ex officio) sits in a body, in a role")

    role = StringProperty(required=True, choices={key: ROLES[key].en for key in ROLES.keys()},
                          help_text="the role in the body, from the role vocabulary")
    represents = ArrayProperty(StringProperty(), help_text="ids of those the member speaks for")
    appointed_by = StringProperty(help_text="id of the body, post or person who appointed the member")


class HoldsPost(RepresentationRel):
    rel_type = "HOLDS_POST"
    term = Term(rel_type, "holds post", "innehar befattningen", ("holds", "innehar"),
                "a person holds a post, e.g. the head of Välfärd och folkhälsa")


# -- mandate ---------------------------------------------------------------------------
class Mandate(GovernanceRel):
    family = "mandate"
    rel_type = "MANDATE"
    term = Term(rel_type, "mandate", "mandat", ("may decide", "får besluta", "beslutar"),
                "what the holder does with the matter (`part`, `decides`), at which `step`, under which condition")

    decides = BooleanProperty(required=True, help_text="true: may decide (part decides); false: does not decide")
    part = StringProperty(choices={key: MANDATE_PARTS[key].en for key in MANDATE_PARTS.keys()},
                          help_text="what the holder does with the matter: " + ", ".join(MANDATE_PARTS.keys())
                                    + "; unset on old edges: decides, or no_mandate")
    step = IntegerProperty(help_text="the holder's place in the decision route, 1 first; unset: not on the route")
    qualifier = StringProperty(choices={key: MANDATE_QUALIFIERS[key].en for key in MANDATE_QUALIFIERS.keys()},
                               help_text="how the holder takes part beside the others of its step: always, "
                                         "primarily, when_needed or alternatively; unset: always")
    rank = IntegerProperty(help_text="the holder's place among those of the same step and part, as the document "
                                     "names them, 1 first")
    condition = StringProperty(help_text="when the mandate applies, e.g. within the operation's budget")
    decision_ref = StringProperty(help_text="the decision record the mandate comes from")
    decided_on = NativeDateProperty(help_text="the day of the decision the mandate comes from")


# -- communication -----------------------------------------------------------------------
class CommunicationRel(GovernanceRel):
    family = "communication"


class ContactPersonFor(CommunicationRel):
    rel_type = "CONTACT_PERSON_FOR"
    term = Term(rel_type, "contact person for", "kontaktperson för", ("contact for",),
                "a person is the named contact of the target, e.g. a V&F contact for a municipal representative")


class Informs(CommunicationRel):
    rel_type = "INFORMS"
    term = Term(rel_type, "informs", "informerar", ("informerar till", "delger"),
                "the source carries information to the target")


class DisseminatesTo(CommunicationRel):
    rel_type = "DISSEMINATES_TO"
    term = Term(rel_type, "disseminates to", "sprider till", ("sprider", "förankrar i"),
                "the source passes knowledge support on to the target, e.g. a network to a municipality")


# -- structure ------------------------------------------------------------------------------
class StructureRel(GovernanceRel):
    family = "structure"


class BelongsTo(StructureRel):
    rel_type = "BELONGS_TO"
    term = Term(rel_type, "belongs to", "tillhör", ("organisation of", "huvudman"),
                "a body belongs to the organisation of a region, municipality or healthcare region")


class Covers(StructureRel):
    rel_type = "COVERS"
    term = Term(rel_type, "covers", "omfattar", ("knowledge area", "kunskapsområde"),
                "a body works in a knowledge area")


class LocatedIn(StructureRel):
    rel_type = "LOCATED_IN"
    term = Term(rel_type, "located in", "ligger i", ("belongs to county", "i länet"),
                "a municipality lies in a county, and in a healthcare region")


class Serves(StructureRel):
    rel_type = "SERVES"
    term = Term(rel_type, "serves", "ansvarar för", ("huvudman för",),
                "a region is the health-care principal for a county")


EDGE_TYPES: tuple[type[GovernanceRel], ...] = (
    ReportsTo, PreparesFor, EscalatesTo, PartOf, Mirrors, Supports, Leads, EstablishedBy,
    MemberOf, HoldsPost,
    Mandate,
    ContactPersonFor, Informs, DisseminatesTo,
    BelongsTo, Covers, LocatedIn, Serves,
)
