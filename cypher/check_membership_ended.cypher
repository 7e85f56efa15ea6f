// answers: Whose membership of a body that still runs has ended by a day, with no later membership of the same body.
// answers_sv: Vems medlemskap i en organisation som fortfarande finns har upphört senast en viss dag, utan något senare medlemskap i samma organisation.
// rule: a seat whose membership has ended is filled again or recorded as given up
// rule_sv: när ett uppdrag har upphört tillsätts platsen på nytt eller registreras som lämnad
// severity: info
// document: 002_f2c56e9e6debe3bb.txt §9; 003_ef8c122bca7ad691.txt Avsluta uppdrag
// jurisdiction: region:18 002_f2c56e9e6debe3bb.txt §9; 003_ef8c122bca7ad691.txt Avsluta uppdrag
// jurisdiction: national none
// param: at (date, default: today) the day to look from
// param_sv: at dagen att se från
// param: region (string, optional) only bodies of this region (e.g. region:18); leave out for all
// param_sv: region bara organisationer i den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "region": null}
// 002 §9 and 003 (Örebro län's) say how a leaving municipal representative is replaced; elsewhere a seat
// left empty is a data-quality observation of govgraph's own, so the rule runs everywhere and each finding
// says which of the two it is.
// Memberships that end with their body (a LAG's assignment running out) are not findings.
MATCH (member:Entity)-[seat:MEMBER_OF]->(body:Entity)
WHERE seat.end IS NOT NULL AND seat.end < date($at)
  AND (body.start IS NULL OR body.start <= date($at)) AND (body.end IS NULL OR body.end >= date($at))
OPTIONAL MATCH (body)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH member, seat, body, region
WHERE $region IS NULL OR region.uid = $region
OPTIONAL MATCH (member)-[later:MEMBER_OF]->(body)
WHERE later.start IS NOT NULL AND later.start > seat.end
WITH member, seat, body, region, count(later) AS renewals
WHERE renewals = 0
RETURN member.uid AS uid, member.name AS name, member.kind AS kind, region.uid AS region, body.uid AS related,
       {sentence: 'ended', member: member.name, body: body.name, role: seat.role, end: toString(seat.end)} AS finding
ORDER BY region, uid, related
