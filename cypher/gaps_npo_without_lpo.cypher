// answers: Which NPOs' knowledge areas have no LPO in a region that has LPOs at all, and who is the named contact person instead.
// answers_sv: Vilka NPO:ers kunskapsområden som saknar LPO i en region som över huvud taget har LPO, och vem som i stället är utsedd kontaktperson.
// rule: the region has an LPO for every national programme area (or, in Örebro län, a named contact person)
// rule_sv: regionen har ett LPO för varje nationellt programområde (eller, i Örebro län, en namngiven kontaktperson)
// severity: info
// document: 002_f2c56e9e6debe3bb.txt §7; 004_c404d1e861ddfdc3.txt Lokala programområden LPO och samverkansgrupper LSG i Region Dalarna
// param: at (date, default: today) the day the NPO and the LPO must exist
// param_sv: at dagen då NPO:t och LPO:t ska finnas
// param: region (string, optional) only this region (e.g. region:18); leave out for all
// param_sv: region bara den här regionen (t.ex. region:18); utelämna för alla
// param: area (string, optional) only this knowledge area (e.g. knowledge-area:psykisk-halsa); leave out for all
// param_sv: area bara det här kunskapsområdet (t.ex. knowledge-area:psykisk-halsa); utelämna för alla
// example: {"at": "2025-01-01", "region": null, "area": null}
// Regions with no LPO in the graph are left out: their structure is simply not recorded.
MATCH (:LPO)-[:BELONGS_TO]->(region:Region)
WITH DISTINCT region
WHERE $region IS NULL OR region.uid = $region
MATCH (npo:NPO)-[:COVERS]->(area:KnowledgeArea)
WHERE (npo.start IS NULL OR npo.start <= date($at)) AND (npo.end IS NULL OR npo.end >= date($at))
  AND ($area IS NULL OR area.uid = $area)
// An LPO is the NPO's local mirror when it covers the same area or mirrors an RPO that mirrors the NPO.
OPTIONAL MATCH (region)<-[:BELONGS_TO]-(byArea:LPO)-[:COVERS]->(area)
WHERE (byArea.start IS NULL OR byArea.start <= date($at)) AND (byArea.end IS NULL OR byArea.end >= date($at))
OPTIONAL MATCH (region)<-[:BELONGS_TO]-(byMirror:LPO)-[:MIRRORS]->(:RPO)-[:MIRRORS]->(npo)
WHERE (byMirror.start IS NULL OR byMirror.start <= date($at)) AND (byMirror.end IS NULL OR byMirror.end >= date($at))
WITH region, npo, area, count(byArea) + count(byMirror) AS lpos
WHERE lpos = 0
OPTIONAL MATCH (contact:Person)-[named:CONTACT_PERSON_FOR]->(area)
WHERE (named.start IS NULL OR named.start <= date($at)) AND (named.end IS NULL OR named.end >= date($at))
OPTIONAL MATCH (contact)-[seat:MEMBER_OF]->(:Entity)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region)
WHERE (seat.start IS NULL OR seat.start <= date($at)) AND (seat.end IS NULL OR seat.end >= date($at))
WITH region, npo, area, collect(DISTINCT CASE WHEN seat IS NOT NULL THEN contact END) AS contacts
WITH region, npo, area, contacts,
     CASE WHEN npo.name_since IS NOT NULL AND date($at) < npo.name_since AND size(coalesce(npo.former_names, [])) > 0
          THEN npo.former_names[size(npo.former_names) - 1] ELSE npo.name END AS shown
RETURN npo.uid AS uid, shown AS name, npo.kind AS kind, region.uid AS region,
       CASE WHEN size(contacts) > 0 THEN contacts[0].uid END AS related,
       {sentence: CASE WHEN size(contacts) > 0 THEN 'contact' ELSE 'none' END, region: region.name, npo: shown,
        contact: CASE WHEN size(contacts) > 0 THEN contacts[0].name END, at: $at} AS finding
ORDER BY region, uid
