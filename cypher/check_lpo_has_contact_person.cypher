// answers: Which LPOs of Region Örebro län (or of a region adopting its rule), whose knowledge-support group supports its LPOs, have no named contact person from that group on a day.
// answers_sv: Vilka LPO i Region Örebro län (eller i en region som antagit dess regel), där kunskapsstödsgruppen stödjer LPO:erna, som saknar namngiven kontaktperson från den gruppen en viss dag.
// rule: every LPO has a named contact person from the knowledge-support group (Kunskapsstödsgruppen)
// rule_sv: varje LPO har en namngiven kontaktperson från Kunskapsstödsgruppen
// severity: error
// document: 002_f2c56e9e6debe3bb.txt §8
// jurisdiction: region:18 002_f2c56e9e6debe3bb.txt §8
// param: at (date, default: today) the day the contact person must be named
// param_sv: at dagen då kontaktpersonen ska vara utsedd
// param: region (string, optional) only LPOs of this region (e.g. region:18); leave out for all
// param_sv: region bara LPO i den här regionen (t.ex. region:18); utelämna för alla
// example: {"at": "2025-01-01", "region": null}
// 002 is Örebro län's agreement: the rule holds there, and elsewhere only where the region's `adopts` lists the
// rule or 002.
MATCH (lpo:LPO)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WHERE (lpo.start IS NULL OR lpo.start <= date($at)) AND (lpo.end IS NULL OR lpo.end >= date($at))
  AND ($region IS NULL OR region.uid = $region)
  AND (region.uid = 'region:18' OR any(adopted IN coalesce(region.adopts, []) WHERE adopted IN ['check_lpo_has_contact_person', '002_f2c56e9e6debe3bb.txt']))
// The knowledge-support group is found by what it does, not by name: the region's own body that supports its LPOs.
MATCH (group:Entity)-[:SUPPORTS]->(:LPO)-[:BELONGS_TO]->(region)<-[:BELONGS_TO]-(group)
WITH lpo, region, collect(DISTINCT group.uid) AS groups, collect(DISTINCT group.name) AS names
OPTIONAL MATCH (lpo)<-[c:MEMBER_OF]-(contact:Entity)
WHERE c.role = 'contact_person'
  AND (c.start IS NULL OR c.start <= date($at)) AND (c.end IS NULL OR c.end >= date($at))
// A contact person is "from" the group as its member, as the holder of a post in it, or as such a post itself.
OPTIONAL MATCH (contact)-[own:MEMBER_OF|PART_OF]->(direct:Entity)
WHERE direct.uid IN groups
  AND (own.start IS NULL OR own.start <= date($at)) AND (own.end IS NULL OR own.end >= date($at))
OPTIONAL MATCH (contact)-[held:HOLDS_POST]->(:Post)-[:PART_OF|MEMBER_OF]->(viaPost:Entity)
WHERE viaPost.uid IN groups
  AND (held.start IS NULL OR held.start <= date($at)) AND (held.end IS NULL OR held.end >= date($at))
WITH lpo, region, names, collect(DISTINCT contact.name) AS contacts,
     collect(DISTINCT CASE WHEN direct IS NOT NULL OR viaPost IS NOT NULL THEN contact.name END) AS fromGroup
WHERE size(fromGroup) = 0
RETURN lpo.uid AS uid, lpo.name AS name, lpo.kind AS kind, region.uid AS region, null AS related,
       {sentence: CASE WHEN size(contacts) = 0 THEN 'none' ELSE 'elsewhere' END, lpo: lpo.name, contact: contacts[0],
        group: names[0], at: $at} AS finding
ORDER BY region, uid
