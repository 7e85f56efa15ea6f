"""How information travels along the governance graph: the contact path's rules, as data.

Document 003 describes the route of a national guideline: NPO → RPO → LPO →
LAG → municipal representative → contact person at Välfärd och folkhälsa →
municipal network → key person in a municipality. Each `Flow` below says
which stored edge carries information, in which direction, and at which
stage of that route:

* `descent`: down the programme structure, from a national group or a
  knowledge area to the regional groups that mirror it or report to it;
* `carrier`: from a group out through the people the documents name as
  carriers (the municipal representative, the V&F contact person, the
  network's key persons) to the target;
* `fallback`: ties the documents name for when a carrier is missing (the
  LPO's contact person, the LAG's method-support person, the head of V&F and
  the units and posts around them), used only when no carrier route exists.

Regional variants are data: a region whose chart uses the same edges and
roles gets the same routes, whatever its groups are called.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphmodel import relationships as rel

DESCENT = "descent"
CARRIER = "carrier"
FALLBACK = "fallback"
STAGES = (DESCENT, CARRIER, FALLBACK)


@dataclass(frozen=True)
class Flow:
    """Information moves along `edge`, with its stored direction (`forward`) or against it."""

    edge: type[rel.GovernanceRel]
    forward: bool
    stage: str
    roles: frozenset[str] | None = None  # MEMBER_OF only: the roles that carry on this stage
    from_person: bool = False  # only when the edge's travelling end is a person
    from_kinds: frozenset[str] | None = None  # only from nodes of these kinds
    into_target: bool = False  # only for the last hop, onto the node asked for

    @property
    def rel_type(self) -> str:
        return self.edge.rel_type

    def admits(self, role: str | None, represents: tuple[str, ...]) -> bool:
        """Whether an edge with this role (MEMBER_OF) travels on this flow."""
        if self.roles is None:
            return True
        if self.roles is CARRIER_ROLES:
            return carries(role, represents)
        return role in self.roles


# The roles through which a group's information leaves it on the documented route (003).
REPRESENTATIVE_ROLE = "municipal_representative"
KEY_PERSON_ROLE = "key_person"
CONTACT_PERSON_ROLE = "contact_person"
CARRIER_ROLES = frozenset({REPRESENTATIVE_ROLE, KEY_PERSON_ROLE})
# Members who carry information out of a group only when their membership says whom they speak for:
# a co-opted member from a municipality (001 Tillsättning och sammansättning) does; a patient, user or
# relative representative speaks for patients, not for a municipality, and does not.
CARRIES_WHEN_REPRESENTING = frozenset({"co_opted"})
SPEAKING_ROLES = CARRIER_ROLES - {KEY_PERSON_ROLE} | CARRIES_WHEN_REPRESENTING


def carries(role: str | None, represents: tuple[str, ...]) -> bool:
    """Whether a member in `role` carries a group's information out of it (per-role rule, any region)."""
    return role in CARRIER_ROLES or (role in CARRIES_WHEN_REPRESENTING and bool(represents))

# Ordered: where two flows reach the same node at the same distance, the earlier one explains the hop.
FLOWS: tuple[Flow, ...] = (
    Flow(rel.Mirrors, forward=False, stage=DESCENT),
    Flow(rel.ReportsTo, forward=False, stage=DESCENT),
    Flow(rel.Covers, forward=True, stage=DESCENT),
    Flow(rel.Covers, forward=False, stage=DESCENT),
    # Where a region has no LPO for an area, the contact person named for the area takes its place (002 §7):
    # the area's guidance reaches them, and they inform the area's LAGs.
    Flow(rel.ContactPersonFor, forward=False, stage=DESCENT, from_kinds=frozenset({"knowledge_area"})),
    Flow(rel.Informs, forward=True, stage=DESCENT, from_person=True),
    Flow(rel.MemberOf, forward=False, stage=CARRIER, roles=CARRIER_ROLES),
    # A person asked for is reached from any group they sit in, whatever their role there.
    Flow(rel.MemberOf, forward=False, stage=CARRIER, into_target=True),
    Flow(rel.ContactPersonFor, forward=False, stage=CARRIER, from_person=True),
    Flow(rel.Informs, forward=True, stage=CARRIER, from_person=True),
    Flow(rel.DisseminatesTo, forward=True, stage=CARRIER, from_person=True),
    Flow(rel.MemberOf, forward=False, stage=FALLBACK),
    Flow(rel.ContactPersonFor, forward=True, stage=FALLBACK),
    Flow(rel.DisseminatesTo, forward=True, stage=FALLBACK),
    Flow(rel.Informs, forward=True, stage=FALLBACK),
    Flow(rel.MemberOf, forward=True, stage=FALLBACK),
    Flow(rel.HoldsPost, forward=False, stage=FALLBACK),
    Flow(rel.HoldsPost, forward=True, stage=FALLBACK),
    Flow(rel.Leads, forward=True, stage=FALLBACK),
    Flow(rel.Leads, forward=False, stage=FALLBACK),
    Flow(rel.Supports, forward=True, stage=FALLBACK),
    Flow(rel.PartOf, forward=False, stage=FALLBACK),
    Flow(rel.PartOf, forward=True, stage=FALLBACK),
)

# Hops inferred from what a chart records (memberships, a person's organisation, who appointed whom) where
# it draws no communication edge. Each names the rule that allows it, said with the documents it rests on in
# the message catalogue (`inference.rule.<name>`, graphmodel/messages.py); the hop also names the records.
INFERRED_RULES = ("speaks_for", "contact_in_network", "key_person_to_municipality", "area_contact_informs_lag",
                  "appointing_structure_contact")
# Inferred hops cost a little more than drawn ones, so a drawn edge explains a hop wherever there is one.
INFERRED_EXTRA_COST = 0.01

# What the documents say of the people a fallback route goes through, by their role: the message catalogue's
# key for the remark (graphmodel/messages.py), and the one for a tie of any other role.
FALLBACK_NOTES = {"contact_person": "fallback.contact_person", "method_support": "fallback.method_support"}
FALLBACK_NOTE = "fallback.off_route"

# Territorial edges: which municipalities a county, region or healthcare region stands for.
TERRITORY_EDGES = (rel.LocatedIn.rel_type, rel.Serves.rel_type, rel.BelongsTo.rel_type)

ROUTE_EDGE_TYPES: tuple[str, ...] = tuple(dict.fromkeys(
    [flow.rel_type for flow in FLOWS] + list(TERRITORY_EDGES)))

# What a search must not treat as a step: nodes that only record decisions.
NOT_ON_ROUTES = frozenset({"decision_matter"})


def flows(stage: str) -> tuple[Flow, ...]:
    return tuple(flow for flow in FLOWS if flow.stage == stage)
