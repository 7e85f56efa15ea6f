// answers: Who has left every body they sat in (all their memberships have ended) yet still stands on a communication route on a day.
// answers_sv: Vem som har lämnat alla organisationer hen satt i (alla medlemskap har upphört) men ändå står kvar på en kommunikationsväg en viss dag.
// rule: a person who has left the structure no longer carries information, holds its posts or is anyone's contact
// rule_sv: den som har lämnat strukturen för inte längre information vidare, innehar inte dess befattningar och är inte någons kontaktperson
// severity: warning
// document: 003_ef8c122bca7ad691.txt Kommunikation, Avsluta uppdrag; 002_f2c56e9e6debe3bb.txt §9
// param: at (date, default: today) the day to look from
// param_sv: at dagen att se från
// param: region (string, optional) only people whose last bodies belong to this region (e.g. region:18); leave out for all
// param_sv: region bara personer vars senaste organisationer hör till den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "region": null}
MATCH (person:Person)-[seat:MEMBER_OF]->(body:Entity)
WITH person, collect(seat) AS seats, collect(body) AS bodies
WHERE size([s IN seats WHERE s.end IS NULL OR s.end >= date($at)]) = 0
UNWIND bodies AS body
OPTIONAL MATCH (body)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH person, seats, collect(DISTINCT region.uid) AS regions
WHERE $region IS NULL OR $region IN regions
MATCH (person)-[route:CONTACT_PERSON_FOR|DISSEMINATES_TO|INFORMS|HOLDS_POST]->(target:Entity)
WHERE (route.start IS NULL OR route.start <= date($at)) AND (route.end IS NULL OR route.end >= date($at))
WITH person, regions, target, route,
     reduce(last = null, s IN seats | CASE WHEN last IS NULL OR s.end > last THEN s.end ELSE last END) AS lastDay
RETURN person.uid AS uid, person.name AS name, person.kind AS kind,
       coalesce($region, reduce(low = null, r IN regions | CASE WHEN low IS NULL OR r < low THEN r ELSE low END)) AS region,
       target.uid AS related,
       {sentence: CASE type(route) WHEN 'CONTACT_PERSON_FOR' THEN 'contact_person_for'
                                   WHEN 'DISSEMINATES_TO' THEN 'disseminates_to'
                                   WHEN 'INFORMS' THEN 'informs'
                                   ELSE 'holds_post' END,
        person: person.name, end: toString(lastDay), target: target.name, at: $at} AS finding
ORDER BY region, uid, related
