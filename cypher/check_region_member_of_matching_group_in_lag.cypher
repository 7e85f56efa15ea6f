// answers: Which LAGs of Region Örebro län (or of a region adopting its rule) lack a person who sits, for their region, in the matching working group at healthcare-regional or national level.
// answers_sv: Vilka LAG i Region Örebro län (eller i en region som antagit dess regel) som saknar en person som för regionens räkning sitter i motsvarande arbetsgrupp på sjukvårdsregional eller nationell nivå.
// rule: the region's member of the matching healthcare-regional or national working group should sit in the LAG
// rule_sv: regionens ledamot i motsvarande arbetsgrupp på sjukvårdsregional eller nationell nivå bör ingå i LAG:en
// severity: warning
// document: 000_9d1f36fc60801c79.txt §3.3
// jurisdiction: region:18 000_9d1f36fc60801c79.txt §3.3
// param: at (date, default: today) the day the LAG and the memberships must be valid
// param_sv: at dagen då LAG:en och medlemskapen ska gälla
// param: region (string, optional) only LAGs of this region (e.g. region:18); leave out for all
// param_sv: region bara LAG i den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "region": null}
// A warning: the document says "bör" (should). 000 §3.3 asks for the region's member of "motsvarande
// arbetsgrupp på sjukvårdsregional och/eller nationell nivå": a working group like the LAG, i.e. a NAG or a
// working group at healthcare-regional or national level, not the RPO or NPO (a programme area, whose local
// counterpart is the LPO). The group matches the LAG when the data says so by a MIRRORS edge (either way), or
// when it has the LAG's name in the LAG's knowledge area. A person is the region's member of the group when
// the membership represents the region, or when they also sit in a body of the region. 000 is Örebro län's:
// elsewhere the rule holds only where the region's `adopts` lists the rule or 000.
MATCH (lag:LAG)
WHERE (lag.start IS NULL OR lag.start <= date($at)) AND (lag.end IS NULL OR lag.end >= date($at))
MATCH (lag)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH DISTINCT lag, region
WHERE ($region IS NULL OR region.uid = $region)
  AND (region.uid = 'region:18'
       OR any(adopted IN coalesce(region.adopts, []) WHERE adopted IN ['check_region_member_of_matching_group_in_lag', '000_9d1f36fc60801c79.txt']))
OPTIONAL MATCH (lag)-[:MIRRORS]-(mirrored:Entity)
WITH lag, region, collect(DISTINCT mirrored.uid) AS mirroredIds
OPTIONAL MATCH (lag)-[:COVERS]->(lagArea:KnowledgeArea)
WITH lag, region, mirroredIds, collect(DISTINCT lagArea.uid) AS lagAreas
MATCH (person:Person)-[seat:MEMBER_OF]->(group:Entity)
WHERE (group.kind = 'nag' OR (group.kind = 'lag' AND group.level IN ['national', 'healthcare_region']))
  AND group.uid <> lag.uid
  AND (seat.start IS NULL OR seat.start <= date($at)) AND (seat.end IS NULL OR seat.end >= date($at))
  AND (group.start IS NULL OR group.start <= date($at)) AND (group.end IS NULL OR group.end >= date($at))
OPTIONAL MATCH (group)-[:COVERS]->(groupArea:KnowledgeArea)
WITH lag, region, mirroredIds, lagAreas, person, seat, group, collect(DISTINCT groupArea.uid) AS groupAreas
WHERE group.uid IN mirroredIds
   OR (toLower(group.name) = toLower(lag.name) AND any(area IN groupAreas WHERE area IN lagAreas))
OPTIONAL MATCH (person)-[own:MEMBER_OF]->(:Entity)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region)
WHERE (own.start IS NULL OR own.start <= date($at)) AND (own.end IS NULL OR own.end >= date($at))
WITH lag, region, person, group, seat, count(own) AS localSeats
WHERE region.uid IN coalesce(seat.represents, []) OR localSeats > 0
OPTIONAL MATCH (person)-[inLag:MEMBER_OF]->(lag)
WHERE (inLag.start IS NULL OR inLag.start <= date($at)) AND (inLag.end IS NULL OR inLag.end >= date($at))
WITH lag, region, person, group, count(inLag) AS lagSeats
WHERE lagSeats = 0
WITH lag, region, person,
     collect(DISTINCT {level: CASE WHEN group.kind = 'nag' THEN 'nag'
                                   WHEN group.level = 'national' THEN 'national'
                                   ELSE 'healthcare_region' END, name: group.name}) AS groups
RETURN lag.uid AS uid, lag.name AS name, lag.kind AS kind, region.uid AS region, person.uid AS related,
       {sentence: 'not_in_lag', person: person.name, groups: groups, region: region.name, lag: lag.name, at: $at}
       AS finding
ORDER BY region, uid, related
