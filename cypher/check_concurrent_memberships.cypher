// answers: Who holds at least a given number of memberships at once on a day, counting seats held ex officio through a post.
// answers_sv: Vem som samtidigt har minst ett visst antal medlemskap en viss dag, inräknat platser som innehas i egenskap av befattning.
// rule: a person holding many concurrent assignments is worth a look (workload, single point of failure)
// rule_sv: den som har många uppdrag samtidigt bör uppmärksammas (arbetsbelastning, sårbarhet om personen slutar)
// severity: info
// document: none (a data-quality rule of govgraph's own)
// jurisdiction: national none
// param: at (date, default: today) the day the memberships must be valid
// param_sv: at dagen då medlemskapen ska gälla
// param: concurrent (integer, default: 5) the number of concurrent memberships that counts as many
// param_sv: concurrent det antal samtidiga medlemskap som räknas som många
// param: region (string, optional) only people with a membership in a body of this region (e.g. region:18); leave out for all
// param_sv: region bara personer med medlemskap i en organisation i den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "concurrent": 5, "region": null}
// No document states it: 000 §3.5 says only that each operation pays for its member's time, and 004 Ekonomi
// that participation is part of one's post; a national data-quality rule, labelled so in every finding.
MATCH (person:Person)-[direct:MEMBER_OF]->(body:Entity)
WHERE (direct.start IS NULL OR direct.start <= date($at)) AND (direct.end IS NULL OR direct.end >= date($at))
WITH person, collect(DISTINCT body.uid + ' ' + direct.role) AS ownSeats
OPTIONAL MATCH (person)-[held:HOLDS_POST]->(post:Post)-[exOfficio:MEMBER_OF]->(postBody:Entity)
WHERE (held.start IS NULL OR held.start <= date($at)) AND (held.end IS NULL OR held.end >= date($at))
  AND (exOfficio.start IS NULL OR exOfficio.start <= date($at)) AND (exOfficio.end IS NULL OR exOfficio.end >= date($at))
WITH person, ownSeats, collect(DISTINCT postBody.uid + ' ' + exOfficio.role) AS postSeats
WITH person, ownSeats + [seat IN postSeats WHERE NOT seat IN ownSeats] AS seats
WHERE size(seats) >= $concurrent
UNWIND seats AS seat
MATCH (body:Entity {uid: split(seat, ' ')[0]})
OPTIONAL MATCH (body)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH person, size(seats) AS count, collect(DISTINCT region.uid) AS regions
WHERE $region IS NULL OR $region IN regions
RETURN person.uid AS uid, person.name AS name, person.kind AS kind,
       coalesce($region, reduce(low = null, r IN regions | CASE WHEN low IS NULL OR r < low THEN r ELSE low END)) AS region,
       null AS related,
       {sentence: 'many', person: person.name, count: count, at: $at} AS finding
ORDER BY region, uid
