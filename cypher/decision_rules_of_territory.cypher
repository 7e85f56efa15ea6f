// answers: How many decision matters the graph holds for a territory, and how many of them say which measures they cover: a territory with none has no decision rules recorded, which is a different answer from a rule that gives nobody the mandate.
// answers_sv: Hur många beslutsärenden grafen innehåller för ett område, och hur många av dem som anger vilka åtgärder de omfattar: ett område utan några har inga beslutsregler registrerade, vilket är ett annat svar än en regel som inte ger någon mandatet.
// param: region (string, optional) a territory id: matters that BELONG_TO it, to a territory joined to it by SERVES, or to the county it is LOCATED_IN; leave out for every region
// param_sv: region id för ett område: ärenden som hör till det (BELONGS_TO), till ett område som är förbundet med det genom SERVES, eller till länet det ligger i (LOCATED_IN); utelämna för alla regioner
// example: {"region": "region:20"}
MATCH (matter:Entity {kind: 'decision_matter'})
OPTIONAL MATCH (matter)-[:BELONGS_TO]->(home:Entity)
OPTIONAL MATCH (home)-[:SERVES]-(partner:Entity)
OPTIONAL MATCH (resident:Entity)-[:LOCATED_IN]->(home)
WITH matter, collect(DISTINCT home.uid) + collect(DISTINCT partner.uid) + collect(DISTINCT resident.uid) AS reach
WHERE $region IS NULL OR $region IN reach
RETURN count(matter) AS matters,
       count(CASE WHEN matter.measure_scope IS NOT NULL THEN 1 END) AS measure_matters,
       collect(DISTINCT matter.measure_scope) AS scopes
