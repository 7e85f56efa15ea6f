// answers: Which LAGs running on a day lack a chair, or (in Region Örebro län, whose knowledge-support group supports its LPOs) a method-support person.
// answers_sv: Vilka LAG som är verksamma en viss dag och saknar ordförande eller (i Region Örebro län, där kunskapsstödsgruppen stödjer LPO:erna) metodstöd.
// rule: every LAG has a chair and, in Örebro län, a method-support person from the knowledge-support group
// rule_sv: varje LAG har en ordförande och, i Örebro län, ett metodstöd från Kunskapsstödsgruppen
// severity: error
// document: 000_9d1f36fc60801c79.txt §3.3, §3.3.1, §3.3.3; 002_f2c56e9e6debe3bb.txt §8; 004_c404d1e861ddfdc3.txt Styrning och ledning; 001_a14aaf4a3697e8c0.txt Tillsättning och sammansättning
// jurisdiction: region:18 000_9d1f36fc60801c79.txt §3.3, §3.3.1, §3.3.3; 002_f2c56e9e6debe3bb.txt §8
// jurisdiction: region:20 004_c404d1e861ddfdc3.txt Styrning och ledning
// jurisdiction: region:24 001_a14aaf4a3697e8c0.txt Tillsättning och sammansättning
// param: at (date, default: today) the day the memberships must be valid
// param_sv: at dagen då medlemskapen ska gälla
// param: region (string, optional) only LAGs of this region (e.g. region:18); leave out for all
// param_sv: region bara LAG i den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "region": null}
// The chair is every region's rule: 000 §3.3 (Örebro), 001 (the LPO names the chair, Västerbotten) and 004
// (KSG-B names the chairs, Dalarna). Method support from Kunskapsstödsgruppen is Örebro's alone (000 §3.3.3,
// 002 §8), asked where the region's own group supports its LPOs. Elsewhere each part holds only where the
// region's `adopts` lists the rule or a document stating that part.
MATCH (lag:LAG)
WHERE (lag.start IS NULL OR lag.start <= date($at)) AND (lag.end IS NULL OR lag.end >= date($at))
MATCH (lag)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH DISTINCT lag, region
WHERE $region IS NULL OR region.uid = $region
WITH lag, region,
     region.uid IN ['region:18', 'region:20', 'region:24']
       OR any(adopted IN coalesce(region.adopts, []) WHERE adopted IN ['check_lag_has_chair_and_method_support', '000_9d1f36fc60801c79.txt', '002_f2c56e9e6debe3bb.txt', '004_c404d1e861ddfdc3.txt', '001_a14aaf4a3697e8c0.txt']) AS chairHolds,
     region.uid = 'region:18'
       OR any(adopted IN coalesce(region.adopts, []) WHERE adopted IN ['check_lag_has_chair_and_method_support', '000_9d1f36fc60801c79.txt', '002_f2c56e9e6debe3bb.txt']) AS methodHolds
WHERE chairHolds OR methodHolds
OPTIONAL MATCH (lag)<-[m:MEMBER_OF]-(:Entity)
WHERE (m.start IS NULL OR m.start <= date($at)) AND (m.end IS NULL OR m.end >= date($at))
WITH lag, region, chairHolds, methodHolds, collect(m.role) AS roles
// Method support comes from the group that supports the region's LPOs (Örebro's Kunskapsstödsgruppen).
OPTIONAL MATCH (group:Entity)-[:SUPPORTS]->(:LPO)-[:BELONGS_TO]->(region)<-[:BELONGS_TO]-(group)
WITH lag, region, chairHolds, methodHolds, roles, collect(DISTINCT group.name) AS groups
UNWIND [CASE WHEN chairHolds AND NOT 'chair' IN roles THEN {sentence: 'no_chair'} END,
        CASE WHEN methodHolds AND size(groups) > 0 AND NOT 'method_support' IN roles
             THEN {sentence: 'no_method_support', group: groups[0]} END] AS lack
WITH lag, region, lack
WHERE lack IS NOT NULL
RETURN lag.uid AS uid, lag.name AS name, lag.kind AS kind, region.uid AS region, null AS related,
       {sentence: lack.sentence, lag: lag.name, group: lack.group, at: $at} AS finding
ORDER BY region, uid, finding.sentence
