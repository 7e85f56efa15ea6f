// answers: Which municipal representatives sitting in a body on a day have no contact person at the regional support structure (V&F in Örebro län).
// answers_sv: Vilka kommunala representanter som sitter i en organisation en viss dag och saknar kontaktperson i den regionala stödstrukturen (V&F i Örebro län).
// rule: every municipal representative has a named contact person at the regional support structure (Välfärd och folkhälsa)
// rule_sv: varje kommunal representant har en namngiven kontaktperson i den regionala stöd- och samverkansstrukturen (Välfärd och folkhälsa)
// severity: error
// document: 003_ef8c122bca7ad691.txt Kommunikation, Avsluta uppdrag
// jurisdiction: region:18 003_ef8c122bca7ad691.txt Kommunikation, Avsluta uppdrag
// param: at (date, default: today) the day the membership and the contact must be valid
// param_sv: at dagen då medlemskapet och kontakten ska gälla
// param: region (string, optional) only representatives in bodies of this region (e.g. region:18); leave out for all
// param_sv: region bara representanter i organisationer i den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "region": null}
// 003 is Örebro län's: the rule holds there, and elsewhere only where the region's `adopts` lists the rule or
// 003. The support structure is found by what it does: the region's body that supports the municipalities
// (Område Välfärd och folkhälsa, the RSS).
MATCH (rep:Entity)-[seat:MEMBER_OF]->(body:Entity)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WHERE seat.role = 'municipal_representative'
  AND (seat.start IS NULL OR seat.start <= date($at)) AND (seat.end IS NULL OR seat.end >= date($at))
  AND (body.start IS NULL OR body.start <= date($at)) AND (body.end IS NULL OR body.end >= date($at))
  AND ($region IS NULL OR region.uid = $region)
  AND (region.uid = 'region:18'
       OR any(adopted IN coalesce(region.adopts, []) WHERE adopted IN ['check_municipal_representative_has_contact_person', '003_ef8c122bca7ad691.txt']))
MATCH (support:Entity)-[:SUPPORTS]->(:Municipality)
MATCH (support)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region)
WITH rep, region, collect(DISTINCT support.uid) AS structures, collect(DISTINCT support.name) AS names
OPTIONAL MATCH (contact:Entity)-[named:CONTACT_PERSON_FOR]->(rep)
WHERE (named.start IS NULL OR named.start <= date($at)) AND (named.end IS NULL OR named.end >= date($at))
// "At V&F": holding a post in (or leading) the structure, or sitting in it or in one of its networks.
OPTIONAL MATCH (contact)-[held:HOLDS_POST]->(:Post)-[:PART_OF|LEADS]->(postIn:Entity)
WHERE postIn.uid IN structures
  AND (held.start IS NULL OR held.start <= date($at)) AND (held.end IS NULL OR held.end >= date($at))
OPTIONAL MATCH (contact)-[sits:MEMBER_OF]->(:Entity)-[:PART_OF*0..1]->(seatIn:Entity)
WHERE seatIn.uid IN structures
  AND (sits.start IS NULL OR sits.start <= date($at)) AND (sits.end IS NULL OR sits.end >= date($at))
WITH rep, region, names, collect(DISTINCT contact.name) AS contacts,
     collect(DISTINCT CASE WHEN postIn IS NOT NULL OR seatIn IS NOT NULL THEN contact.name END) AS atSupport
WHERE size(atSupport) = 0
RETURN rep.uid AS uid, rep.name AS name, rep.kind AS kind, region.uid AS region, null AS related,
       {sentence: CASE WHEN size(contacts) = 0 THEN 'none' ELSE 'elsewhere' END, representative: rep.name,
        contact: contacts[0], structure: names[0], at: $at} AS finding
ORDER BY region, uid
