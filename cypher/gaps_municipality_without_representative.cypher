// answers: Which municipalities no municipal representative speaks for in a knowledge area their region works in (has an LPO or LAG for) on a day.
// answers_sv: Vilka kommuner som saknar en kommunal representant som företräder dem inom ett kunskapsområde som deras region arbetar med (har ett LPO eller en LAG för) en viss dag.
// rule: every municipality of the county is reached by a municipal representative in each area the region works in
// rule_sv: varje kommun i länet nås av en kommunal representant inom varje kunskapsområde som regionen arbetar med
// severity: info
// document: 003_ef8c122bca7ad691.txt Ansvar/avgränsning; 002_f2c56e9e6debe3bb.txt §7, §9
// param: at (date, default: today) the day the bodies and memberships must be valid
// param_sv: at dagen då organisationerna och medlemskapen ska gälla
// param: region (string, optional) only this region's municipalities (e.g. region:18); leave out for all
// param_sv: region bara kommunerna i den här regionen (t.ex. region:18); utelämna för alla
// param: area (string, optional) only this knowledge area (e.g. knowledge-area:psykisk-halsa); leave out for all
// param_sv: area bara det här kunskapsområdet (t.ex. knowledge-area:psykisk-halsa); utelämna för alla
// example: {"at": "2025-01-01", "region": null, "area": null}
// A representative reaches a municipality when a municipal_representative (or co-opted) membership of a body
// covering the area lists, in `represents`, the municipality, its county or region, or an association or
// network the municipality belongs to.
MATCH (body:Entity)-[:COVERS]->(area:KnowledgeArea)
WHERE (body.start IS NULL OR body.start <= date($at)) AND (body.end IS NULL OR body.end >= date($at))
  AND ($area IS NULL OR area.uid = $area)
MATCH (body)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WHERE $region IS NULL OR region.uid = $region
WITH DISTINCT region, area
MATCH (region)-[:SERVES]->(county:County)<-[:LOCATED_IN]-(municipality:Municipality)
OPTIONAL MATCH (municipality)-[:PART_OF|MEMBER_OF]->(association:Entity)
WITH region, area, county, municipality, [municipality.uid, county.uid, region.uid] + collect(association.uid) AS spoken_for_by
OPTIONAL MATCH (:Entity)-[seat:MEMBER_OF]->(covering:Entity)-[:COVERS]->(area)
WHERE (seat.role = 'municipal_representative' OR (seat.role = 'co_opted' AND size(coalesce(seat.represents, [])) > 0))
  AND any(uid IN spoken_for_by WHERE uid IN coalesce(seat.represents, []))
  AND (seat.start IS NULL OR seat.start <= date($at)) AND (seat.end IS NULL OR seat.end >= date($at))
  AND (covering.start IS NULL OR covering.start <= date($at)) AND (covering.end IS NULL OR covering.end >= date($at))
WITH region, area, municipality, count(seat) AS representatives
WHERE representatives = 0
RETURN municipality.uid AS uid, municipality.name AS name, municipality.kind AS kind, region.uid AS region,
       area.uid AS related,
       {sentence: 'unreached', municipality: municipality.name, area: area.name, at: $at} AS finding
ORDER BY region, related, uid
