// answers: Who decides a measure, and who is informed, endorses, prepares or recommends, at which step: the mandates of every decision matter whose criteria cover the measure. A matter covers it when its measure_scope is the scope and each criterion it sets (added_cost, organisational_change, within_mandate, political_decision) equals the measure's; an unset criterion, or a parameter left out, matches either. "both" means a question the region and the municipalities share: only matters scoped both answer it.
// param: scope (string) whose measure: region, municipal or both
// param: cost (boolean, optional) the measure adds cost; leave out for either
// param: organisational (boolean, optional) the measure changes the organisation; leave out for either
// param: within_mandate (boolean, optional) the measure fits the operations' remit and budget; leave out for either
// param: political (boolean, optional) the measure needs a political decision; leave out for either
// param: region (string, optional) a territory id: only matters that BELONG_TO it, to a territory joined to it by SERVES (region and county), or to the county it is LOCATED_IN; leave out for every region
// param: at (date, default: today) the day the mandates must be valid
// example: {"scope": "region", "cost": null, "organisational": null, "within_mandate": true, "political": null, "region": "region:18", "at": "2025-01-01"}
MATCH (matter:Entity {kind: 'decision_matter'})
WHERE matter.measure_scope = $scope
  AND ($cost IS NULL OR matter.added_cost IS NULL OR matter.added_cost = $cost)
  AND ($organisational IS NULL OR matter.organisational_change IS NULL
       OR matter.organisational_change = $organisational)
  AND ($within_mandate IS NULL OR matter.within_mandate IS NULL OR matter.within_mandate = $within_mandate)
  AND ($political IS NULL OR matter.political_decision IS NULL OR matter.political_decision = $political)
OPTIONAL MATCH (matter)-[home_edge:BELONGS_TO]->(home:Entity)
WHERE (home_edge.start IS NULL OR home_edge.start <= date($at))
  AND (home_edge.end IS NULL OR home_edge.end >= date($at))
OPTIONAL MATCH (home)-[:SERVES]-(partner:Entity)
OPTIONAL MATCH (resident:Entity)-[:LOCATED_IN]->(home)
WITH matter, collect(DISTINCT home.uid) + collect(DISTINCT partner.uid) + collect(DISTINCT resident.uid) AS reach,
     collect(DISTINCT home.uid) AS homes
WHERE $region IS NULL OR $region IN reach
MATCH (holder:Entity)-[m:MANDATE]->(matter)
WHERE (m.start IS NULL OR m.start <= date($at)) AND (m.end IS NULL OR m.end >= date($at))
  AND (holder.start IS NULL OR holder.start <= date($at)) AND (holder.end IS NULL OR holder.end >= date($at))
RETURN matter.uid AS matter, matter.name AS matter_name, matter.source AS matter_source, homes AS matter_region,
       matter.measure_scope AS measure_scope, matter.added_cost AS added_cost,
       matter.organisational_change AS organisational_change, matter.within_mandate AS within_mandate,
       matter.political_decision AS political_decision,
       holder.uid AS holder,
       CASE WHEN holder.name_since IS NOT NULL AND date($at) < holder.name_since
                 AND size(coalesce(holder.former_names, [])) > 0
            THEN holder.former_names[size(holder.former_names) - 1] ELSE holder.name END AS holder_name,
       holder.kind AS holder_kind,
       coalesce(m.part, CASE WHEN m.decides THEN 'decides' ELSE 'no_mandate' END) AS part,
       m.step AS step, m.condition AS condition, m.decision_ref AS decision_ref, m.source AS source
ORDER BY matter, step, part, holder
