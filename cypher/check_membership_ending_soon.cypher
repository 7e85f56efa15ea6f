// answers: Whose membership ends within a number of days of a day, before its body ends, with no later membership recorded.
// answers_sv: Vems medlemskap upphör inom ett visst antal dagar från en viss dag, innan organisationen upphör, utan att något senare medlemskap är registrerat.
// rule: a membership about to end is renewed or a successor is found in time
// rule_sv: ett uppdrag som snart upphör förnyas, eller så hittas en efterträdare i tid
// severity: warning
// document: 002_f2c56e9e6debe3bb.txt §9; 003_ef8c122bca7ad691.txt Avsluta uppdrag
// jurisdiction: region:18 002_f2c56e9e6debe3bb.txt §9; 003_ef8c122bca7ad691.txt Avsluta uppdrag
// jurisdiction: national none
// param: at (date, default: today) the day to look from
// param_sv: at dagen att se från
// param: within (integer, default: 90) how many days ahead to look
// param_sv: within hur många dagar framåt att se
// param: region (string, optional) only bodies of this region (e.g. region:18); leave out for all
// param_sv: region bara organisationer i den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "within": 90, "region": null}
// 002 §9 and 003 (Örebro län's) say how a leaving municipal representative is replaced; elsewhere a seat
// left empty is a data-quality observation of govgraph's own, so the rule runs everywhere and each finding
// says which of the two it is.
MATCH (member:Entity)-[seat:MEMBER_OF]->(body:Entity)
WHERE seat.end IS NOT NULL AND seat.end >= date($at) AND seat.end <= date($at) + duration({days: $within})
  AND (body.end IS NULL OR seat.end < body.end)
OPTIONAL MATCH (body)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH member, seat, body, region
WHERE $region IS NULL OR region.uid = $region
OPTIONAL MATCH (member)-[later:MEMBER_OF]->(body)
WHERE later.start IS NOT NULL AND later.start > seat.end
WITH member, seat, body, region, count(later) AS renewals
WHERE renewals = 0
RETURN member.uid AS uid, member.name AS name, member.kind AS kind, region.uid AS region, body.uid AS related,
       {sentence: 'ending', member: member.name, body: body.name, role: seat.role, end: toString(seat.end),
        within: $within, at: $at} AS finding
ORDER BY region, uid, related
