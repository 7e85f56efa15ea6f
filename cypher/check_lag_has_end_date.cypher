// answers: Which LAGs have a start date but no documented end date.
// rule: a LAG's assignment is time-bound, with a documented end date
// severity: warning
// document: 004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG
// param: region (string, optional) only LAGs of this region (e.g. region:20); leave out for all
// example: {"region": null}
// A warning, not an error: 004 asks for start and end dates, but the Örebro (000) and Västerbotten (001)
// documents describe standing LAGs whose action plan is followed up yearly, so an open end can be deliberate.
MATCH (lag:LAG)
WHERE lag.start IS NOT NULL AND lag.end IS NULL
OPTIONAL MATCH (lag)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH lag, region
WHERE $region IS NULL OR region.uid = $region
RETURN lag.uid AS uid, lag.name AS name, lag.kind AS kind, region.uid AS region, null AS related,
       'LAG ' + lag.name + ' started ' + toString(lag.start) + ' and has no documented end date' AS finding
ORDER BY region, uid
