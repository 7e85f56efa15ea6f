// answers: Who is still named contact person for a municipal representative whose every representative membership has ended by a day.
// answers_sv: Vem som fortfarande är utsedd kontaktperson för en kommunal representant vars alla representantuppdrag har upphört senast en viss dag.
// rule: when a municipal representative leaves, the contact person at V&F recruits a successor and the old contact ends
// rule_sv: när en kommunal representant avslutar sitt uppdrag rekryterar kontaktpersonen på Välfärd och folkhälsa en efterträdare, och den tidigare kontakten upphör
// severity: warning
// document: 003_ef8c122bca7ad691.txt Avsluta uppdrag; 002_f2c56e9e6debe3bb.txt §9
// param: at (date, default: today) the day to look from
// param_sv: at dagen att se från
// param: region (string, optional) only representatives who sat in bodies of this region (e.g. region:18); leave out for all
// param_sv: region bara representanter som satt i organisationer i den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "region": null}
MATCH (representative:Entity)-[seat:MEMBER_OF]->(body:Entity)
WHERE seat.role = 'municipal_representative'
WITH representative, collect(seat) AS seats, collect(body) AS bodies
WHERE size([s IN seats WHERE s.end IS NULL OR s.end >= date($at)]) = 0
UNWIND bodies AS body
OPTIONAL MATCH (body)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH representative, seats, collect(DISTINCT region.uid) AS regions
WHERE $region IS NULL OR $region IN regions
MATCH (contact:Entity)-[named:CONTACT_PERSON_FOR]->(representative)
WHERE (named.start IS NULL OR named.start <= date($at)) AND (named.end IS NULL OR named.end >= date($at))
WITH contact, representative, regions,
     reduce(last = null, s IN seats | CASE WHEN last IS NULL OR s.end > last THEN s.end ELSE last END) AS lastDay
RETURN contact.uid AS uid, contact.name AS name, contact.kind AS kind,
       coalesce($region, reduce(low = null, r IN regions | CASE WHEN low IS NULL OR r < low THEN r ELSE low END)) AS region,
       representative.uid AS related,
       {sentence: 'still_named', contact: contact.name, representative: representative.name, end: toString(lastDay),
        at: $at} AS finding
ORDER BY region, uid, related
