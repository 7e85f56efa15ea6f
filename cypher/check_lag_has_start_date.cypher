// answers: Which LAGs have no documented start date.
// rule: every LAG has a documented assignment with a start date
// severity: error
// document: 004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG; 000_9d1f36fc60801c79.txt §3.6
// param: region (string, optional) only LAGs of this region (e.g. region:20); leave out for all
// example: {"region": null}
// About all time: a LAG without a start date cannot be placed in time at all, so no day is asked for.
MATCH (lag:LAG)
WHERE lag.start IS NULL
OPTIONAL MATCH (lag)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH lag, region
WHERE $region IS NULL OR region.uid = $region
RETURN lag.uid AS uid, lag.name AS name, lag.kind AS kind, region.uid AS region, null AS related,
       'LAG ' + lag.name + ' has no documented start date'
       + CASE WHEN lag.end IS NULL THEN ' (nor an end date)' ELSE '' END AS finding
ORDER BY region, uid
