// answers: For each knowledge area and region, how many LPOs and LAGs of the region cover the area on a day, and whether a contact person is named for it there.
// answers_sv: För varje kunskapsområde och region: hur många av regionens LPO och LAG som täcker området en viss dag, och om en kontaktperson är utsedd för det där.
// param: at (date, default: today) the day the bodies and the contact person must exist
// param_sv: at dagen då organisationerna och kontaktpersonen ska finnas
// example: {"at": "2025-01-01"}
// The start page's coverage matrix: every knowledge area with a national programme area on the day, against
// every region. A contact person counts for the region they work in, i.e. where they sit in one of its bodies.
MATCH (npo:NPO)-[:COVERS]->(area:KnowledgeArea)
WHERE (npo.start IS NULL OR npo.start <= date($at)) AND (npo.end IS NULL OR npo.end >= date($at))
WITH DISTINCT npo, area
MATCH (region:Region)
OPTIONAL MATCH (region)<-[:BELONGS_TO]-(lpo:LPO)-[:COVERS]->(area)
WHERE (lpo.start IS NULL OR lpo.start <= date($at)) AND (lpo.end IS NULL OR lpo.end >= date($at))
WITH npo, area, region, count(DISTINCT lpo) AS lpos
OPTIONAL MATCH (region)<-[:BELONGS_TO]-(lag:LAG)-[:COVERS]->(area)
WHERE (lag.start IS NULL OR lag.start <= date($at)) AND (lag.end IS NULL OR lag.end >= date($at))
WITH npo, area, region, lpos, count(DISTINCT lag) AS lags
OPTIONAL MATCH (contact:Person)-[named:CONTACT_PERSON_FOR]->(area)
WHERE (named.start IS NULL OR named.start <= date($at)) AND (named.end IS NULL OR named.end >= date($at))
  AND EXISTS { MATCH (contact)-[seat:MEMBER_OF]->(:Entity)-[:BELONGS_TO]->(region)
               WHERE (seat.start IS NULL OR seat.start <= date($at)) AND (seat.end IS NULL OR seat.end >= date($at)) }
WITH npo, area, region, lpos, lags, count(DISTINCT contact) AS contacts
RETURN area.uid AS area, area.name AS area_name, npo.uid AS npo, region.uid AS region, region.name AS region_name,
       lpos, lags, contacts
ORDER BY area_name, region_name
