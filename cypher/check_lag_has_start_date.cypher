// answers: Which LAGs of Region Dalarna (or of a region adopting its rule) have no documented start date.
// answers_sv: Vilka LAG i Region Dalarna (eller i en region som antagit dess regel) som saknar dokumenterat startdatum.
// rule: every LAG has a documented assignment with a start date
// rule_sv: varje LAG har ett dokumenterat uppdrag med ett startdatum
// severity: error
// document: 004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG
// jurisdiction: region:20 004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG
// param: region (string, optional) only LAGs of this region (e.g. region:20); leave out for all
// param_sv: region bara LAG i den här regionen (t.ex. region:20); utelämna för alla
// example: {"region": null}
// About all time: a LAG without a start date cannot be placed in time at all, so no day is asked for. 004
// (Dalarna's) asks for documented, dated assignments; 000 and 001 give LAGs no dates, so Örebro län's and
// Västerbotten's LAGs are held to it only where their region's `adopts` lists the rule or 004.
MATCH (lag:LAG)
WHERE lag.start IS NULL
MATCH (lag)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH DISTINCT lag, region
WHERE ($region IS NULL OR region.uid = $region)
  AND (region.uid = 'region:20' OR any(adopted IN coalesce(region.adopts, []) WHERE adopted IN ['check_lag_has_start_date', '004_c404d1e861ddfdc3.txt']))
RETURN lag.uid AS uid, lag.name AS name, lag.kind AS kind, region.uid AS region, null AS related,
       {sentence: CASE WHEN lag.end IS NULL THEN 'no_dates' ELSE 'no_start' END, lag: lag.name} AS finding
ORDER BY region, uid
