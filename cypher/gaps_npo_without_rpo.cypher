// answers: Which NPOs have no RPO mirroring them in a healthcare region that has RPOs at all.
// answers_sv: Vilka NPO som saknar ett speglande RPO i en sjukvårdsregion som över huvud taget har RPO.
// rule: the healthcare region mirrors every national programme area with an RPO
// rule_sv: sjukvårdsregionen speglar varje nationellt programområde med ett RPO
// severity: info
// document: 004_c404d1e861ddfdc3.txt Kunskapsstyrning på sjukvårdsregional nivå
// param: at (date, default: today) the day the NPO and the RPO must exist
// param_sv: at dagen då NPO:t och RPO:t ska finnas
// param: region (string, optional) only the healthcare region this region (e.g. region:18) is part of; leave out for all
// param_sv: region bara den sjukvårdsregion som den här regionen (t.ex. region:18) ingår i; utelämna för alla
// param: area (string, optional) only this knowledge area (e.g. knowledge-area:psykisk-halsa); leave out for all
// param_sv: area bara det här kunskapsområdet (t.ex. knowledge-area:psykisk-halsa); utelämna för alla
// example: {"at": "2025-01-01", "region": null, "area": null}
// Healthcare regions with no RPO in the graph are left out: their structure is simply not recorded.
MATCH (hr:HealthcareRegion)<-[:BELONGS_TO]-(:RPO)
WITH DISTINCT hr
OPTIONAL MATCH (chosen:Region {uid: $region})-[:PART_OF]->(hr)
WITH hr, chosen
WHERE $region IS NULL OR chosen IS NOT NULL
MATCH (npo:NPO)-[:COVERS]->(area:KnowledgeArea)
WHERE (npo.start IS NULL OR npo.start <= date($at)) AND (npo.end IS NULL OR npo.end >= date($at))
  AND ($area IS NULL OR area.uid = $area)
OPTIONAL MATCH (hr)<-[:BELONGS_TO]-(rpo:RPO)-[:MIRRORS]->(npo)
WHERE (rpo.start IS NULL OR rpo.start <= date($at)) AND (rpo.end IS NULL OR rpo.end >= date($at))
WITH hr, npo, area, count(rpo) AS mirrors
WHERE mirrors = 0
WITH hr, npo, area,
     CASE WHEN npo.name_since IS NOT NULL AND date($at) < npo.name_since AND size(coalesce(npo.former_names, [])) > 0
          THEN npo.former_names[size(npo.former_names) - 1] ELSE npo.name END AS shown
RETURN npo.uid AS uid, shown AS name, npo.kind AS kind, hr.uid AS region, area.uid AS related,
       {sentence: 'none', region: hr.name, npo: shown, at: $at} AS finding
ORDER BY region, uid
