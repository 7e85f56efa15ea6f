// answers: Which LAGs running on a day lack a chair, or (in a region whose knowledge-support group supports its LPOs) a method-support person.
// rule: every LAG has a chair and a method-support person from the knowledge-support group
// severity: error
// document: 000_9d1f36fc60801c79.txt §3.3, §3.3.1, §3.3.3; 002_f2c56e9e6debe3bb.txt §8
// param: at (date, default: today) the day the memberships must be valid
// param: region (string, optional) only LAGs of this region (e.g. region:18); leave out for all
// example: {"at": "2025-01-01", "region": null}
MATCH (lag:LAG)
WHERE (lag.start IS NULL OR lag.start <= date($at)) AND (lag.end IS NULL OR lag.end >= date($at))
OPTIONAL MATCH (lag)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH lag, region
WHERE $region IS NULL OR region.uid = $region
OPTIONAL MATCH (lag)<-[m:MEMBER_OF]-(:Entity)
WHERE (m.start IS NULL OR m.start <= date($at)) AND (m.end IS NULL OR m.end >= date($at))
WITH lag, region, collect(m.role) AS roles
// Method support comes from the group that supports the region's LPOs (Örebro's Kunskapsstödsgruppen);
// regions organised without one (Dalarna, Västerbotten) are held to the chair alone.
OPTIONAL MATCH (group:Entity)-[:SUPPORTS]->(:LPO)-[:BELONGS_TO]->(region)<-[:BELONGS_TO]-(group)
WITH lag, region, roles, collect(DISTINCT group.name) AS groups
UNWIND [CASE WHEN NOT 'chair' IN roles THEN 'has no chair' END,
        CASE WHEN size(groups) > 0 AND NOT 'method_support' IN roles
             THEN 'has no method-support person (metodstöd) from ' + groups[0] END] AS lack
WITH lag, region, lack
WHERE lack IS NOT NULL
RETURN lag.uid AS uid, lag.name AS name, lag.kind AS kind, region.uid AS region, null AS related,
       'LAG ' + lag.name + ' ' + lack + ' on ' + $at AS finding
ORDER BY region, uid, finding
