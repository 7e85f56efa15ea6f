// answers: The decision rules for a measure: every decision matter of the measure's scope (in the territory, when given), with the criteria it sets, its route order, wording and knowledge areas, and each mandate on it valid on the day: holder, part, qualifier, rank, step, condition and the decision record. Which matters cover the measure, and which alternatives a criterion left out opens, is worked out from these rows (cypher/decision_route.py).
// answers_sv: Beslutsreglerna för en åtgärd: varje beslutsärende inom åtgärdens omfattning (i området, om ett anges), med de kriterier det sätter, dess beslutsordning, formulering och kunskapsområden, och varje mandat i ärendet som gäller den dagen: innehavare, del, förbehåll, rang, steg, villkor och beslutsunderlag. Vilka ärenden som omfattar åtgärden, och vilka alternativ ett utelämnat kriterium öppnar, räknas fram ur dessa rader (cypher/decision_route.py).
// param: scope (string) whose measure: region, municipal or both
// param_sv: scope vems åtgärd: region, municipal eller both
// param: region (string, optional) a territory id: only matters that BELONG_TO it, to a territory joined to it by SERVES (region and county), or to the county it is LOCATED_IN; leave out for every region
// param_sv: region id för ett område: bara ärenden som hör till det (BELONGS_TO), till ett område som är förbundet med det genom SERVES (region och län), eller till länet det ligger i (LOCATED_IN); utelämna för alla regioner
// param: at (date, default: today) the day the mandates must be valid
// param_sv: at dagen då mandaten ska gälla
// example: {"scope": "municipal", "region": "municipality:1881", "at": "2025-01-01"}
MATCH (matter:Entity {kind: 'decision_matter'})
WHERE matter.measure_scope = $scope
OPTIONAL MATCH (matter)-[home_edge:BELONGS_TO]->(home:Entity)
WHERE (home_edge.start IS NULL OR home_edge.start <= date($at))
  AND (home_edge.end IS NULL OR home_edge.end >= date($at))
OPTIONAL MATCH (home)-[:SERVES]-(partner:Entity)
OPTIONAL MATCH (resident:Entity)-[:LOCATED_IN]->(home)
WITH matter, collect(DISTINCT home.uid) + collect(DISTINCT partner.uid) + collect(DISTINCT resident.uid) AS reach,
     collect(DISTINCT {uid: home.uid, name: home.name, kind: home.kind}) AS homes
WHERE $region IS NULL OR $region IN reach
OPTIONAL MATCH (matter)-[:COVERS]->(matter_area:Entity {kind: 'knowledge_area'})
WITH matter, homes, collect(DISTINCT matter_area.uid) AS matter_areas
MATCH (holder:Entity)-[m:MANDATE]->(matter)
WHERE (m.start IS NULL OR m.start <= date($at)) AND (m.end IS NULL OR m.end >= date($at))
  AND (holder.start IS NULL OR holder.start <= date($at)) AND (holder.end IS NULL OR holder.end >= date($at))
OPTIONAL MATCH (holder)-[:COVERS]->(holder_area:Entity {kind: 'knowledge_area'})
WITH matter, homes, matter_areas, holder, m, collect(DISTINCT holder_area.uid) AS holder_areas
RETURN matter.uid AS matter, matter.name AS matter_name, matter.source AS matter_source, homes AS matter_homes,
       matter_areas, properties(matter) AS matter_properties,
       holder.uid AS holder,
       CASE WHEN holder.name_since IS NOT NULL AND date($at) < holder.name_since
                 AND size(coalesce(holder.former_names, [])) > 0
            THEN holder.former_names[size(holder.former_names) - 1] ELSE holder.name END AS holder_name,
       holder.kind AS holder_kind, holder_areas,
       coalesce(m.part, CASE WHEN m.decides THEN 'decides' ELSE 'no_mandate' END) AS part,
       m.qualifier AS qualifier, m.rank AS rank, m.step AS step, m.condition AS condition,
       m.decision_ref AS decision_ref, toString(m.decided_on) AS decided_on, m.source AS source
ORDER BY matter, step, part, holder
