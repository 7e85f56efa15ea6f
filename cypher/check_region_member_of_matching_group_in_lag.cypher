// answers: Which LAGs lack a person who sits, for their region, in the matching healthcare-regional or national group (the RPO or NPO of the LAG's knowledge area).
// rule: the region's member of the matching healthcare-regional or national group should sit in the LAG
// severity: warning
// document: 000_9d1f36fc60801c79.txt §3.3
// param: at (date, default: today) the day the LAG and the memberships must be valid
// param: region (string, optional) only LAGs of this region (e.g. region:18); leave out for all
// example: {"at": "2025-01-01", "region": null}
// A warning: the document says "bör" (should). A person is the region's member of the group when the
// membership represents the region, or when they also sit in a body of the region (NPO members
// represent their healthcare region, so the second is how an NPO member is tied to a region).
MATCH (lag:LAG)-[:COVERS]->(area:KnowledgeArea)
WHERE (lag.start IS NULL OR lag.start <= date($at)) AND (lag.end IS NULL OR lag.end >= date($at))
MATCH (lag)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WHERE $region IS NULL OR region.uid = $region
MATCH (person:Person)-[seat:MEMBER_OF]->(group:Entity)-[:COVERS]->(area)
WHERE group.kind IN ['rpo', 'npo']
  AND (seat.start IS NULL OR seat.start <= date($at)) AND (seat.end IS NULL OR seat.end >= date($at))
  AND (group.start IS NULL OR group.start <= date($at)) AND (group.end IS NULL OR group.end >= date($at))
OPTIONAL MATCH (person)-[own:MEMBER_OF]->(:Entity)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region)
WHERE (own.start IS NULL OR own.start <= date($at)) AND (own.end IS NULL OR own.end >= date($at))
WITH lag, region, person, group, seat, count(own) AS localSeats
WHERE region.uid IN coalesce(seat.represents, []) OR localSeats > 0
OPTIONAL MATCH (person)-[inLag:MEMBER_OF]->(lag)
WHERE (inLag.start IS NULL OR inLag.start <= date($at)) AND (inLag.end IS NULL OR inLag.end >= date($at))
WITH lag, region, person, group, count(inLag) AS lagSeats
WHERE lagSeats = 0
WITH lag, region, person, collect(DISTINCT toUpper(group.kind) + ' ' + group.name) AS groups
RETURN lag.uid AS uid, lag.name AS name, lag.kind AS kind, region.uid AS region, person.uid AS related,
       person.name + ' sits in ' + reduce(text = '', g IN groups | text + CASE WHEN text = '' THEN '' ELSE ' and ' END + g)
       + ' for ' + region.name + ' but not in LAG ' + lag.name + ' on ' + $at AS finding
ORDER BY region, uid, related
