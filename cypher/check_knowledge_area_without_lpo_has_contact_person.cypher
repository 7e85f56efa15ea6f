// answers: In which knowledge areas Region Örebro län (or a region adopting its rule) has neither an LPO nor a named contact person of its own on a day.
// answers_sv: Inom vilka kunskapsområden Region Örebro län (eller en region som antagit dess regel) varken har ett LPO eller en egen namngiven kontaktperson en viss dag.
// rule: a knowledge area without an LPO has a named contact person instead
// rule_sv: ett kunskapsområde utan LPO har i stället en namngiven kontaktperson
// severity: error
// document: 002_f2c56e9e6debe3bb.txt §7
// jurisdiction: region:18 002_f2c56e9e6debe3bb.txt §7
// param: at (date, default: today) the day the LPO or the contact person must exist
// param_sv: at dagen då LPO:t eller kontaktpersonen ska finnas
// param: region (string, optional) only this region (e.g. region:18); leave out for all
// param_sv: region bara den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "region": null}
// The agreement (002) is Örebro län's: the rule holds there, and in another region only where its data adopts
// it (the region's `adopts` lists the rule or 002). Only a region whose structure is recorded (an LPO or a LAG
// of its own) is looked at. The areas are those with a national programme area on the day.
MATCH (region:Region)
WHERE ($region IS NULL OR region.uid = $region)
  AND (region.uid = 'region:18'
       OR any(adopted IN coalesce(region.adopts, []) WHERE adopted IN ['check_knowledge_area_without_lpo_has_contact_person', '002_f2c56e9e6debe3bb.txt']))
MATCH (body:Entity)-[:BELONGS_TO]->(region)
WHERE body.kind IN ['lpo', 'lag']
WITH DISTINCT region
MATCH (npo:NPO)-[:COVERS]->(area:KnowledgeArea)
WHERE (npo.start IS NULL OR npo.start <= date($at)) AND (npo.end IS NULL OR npo.end >= date($at))
WITH DISTINCT region, area
OPTIONAL MATCH (area)<-[:COVERS]-(lpo:LPO)-[:BELONGS_TO]->(region)
WHERE (lpo.start IS NULL OR lpo.start <= date($at)) AND (lpo.end IS NULL OR lpo.end >= date($at))
WITH region, area, count(lpo) AS lpos
WHERE lpos = 0
// The contact-person edge names no region: a contact counts for the region they work in, i.e. where they
// sit in a body of the region, or hold a post in one.
OPTIONAL MATCH (contact:Entity)-[named:CONTACT_PERSON_FOR]->(area)
WHERE (named.start IS NULL OR named.start <= date($at)) AND (named.end IS NULL OR named.end >= date($at))
OPTIONAL MATCH (contact)-[seat:MEMBER_OF]->(:Entity)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region)
WHERE (seat.start IS NULL OR seat.start <= date($at)) AND (seat.end IS NULL OR seat.end >= date($at))
OPTIONAL MATCH (contact)-[held:HOLDS_POST]->(:Post)-[:PART_OF|MEMBER_OF]->(:Entity)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region)
WHERE (held.start IS NULL OR held.start <= date($at)) AND (held.end IS NULL OR held.end >= date($at))
WITH region, area, collect(DISTINCT CASE WHEN seat IS NOT NULL OR held IS NOT NULL THEN contact.uid END) AS contacts
WHERE size(contacts) = 0
RETURN area.uid AS uid, area.name AS name, area.kind AS kind, region.uid AS region, null AS related,
       {sentence: 'none', region: region.name, area: area.name, at: $at} AS finding
ORDER BY region, uid
