// answers: Which LAGs of Region Dalarna (or of a region adopting its rule) have a start date but no documented end date.
// answers_sv: Vilka LAG i Region Dalarna (eller i en region som antagit dess regel) som har ett startdatum men inget dokumenterat slutdatum.
// rule: a LAG's assignment is time-bound, with a documented end date
// rule_sv: en LAG:s uppdrag är tidsbegränsat, med ett dokumenterat slutdatum
// severity: warning
// document: 004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG
// jurisdiction: region:20 004_c404d1e861ddfdc3.txt Lokala arbetsgrupper LAG
// param: region (string, optional) only LAGs of this region (e.g. region:20); leave out for all
// param_sv: region bara LAG i den här regionen (t.ex. region:20); utelämna för alla
// example: {"region": null}
// 004 ("tidsangivna start- och avslutsdatum") is Dalarna's: Örebro län's (000) and Västerbotten's (001) LAGs are
// standing groups whose action plan is followed up yearly, and are not held to it unless their region's
// `adopts` lists the rule or 004. A warning: a new LAG's end may still be to be set.
MATCH (lag:LAG)
WHERE lag.start IS NOT NULL AND lag.end IS NULL
MATCH (lag)-[:BELONGS_TO]->(:Entity)<-[:SERVES*0..1]-(region:Region)
WITH DISTINCT lag, region
WHERE ($region IS NULL OR region.uid = $region)
  AND (region.uid = 'region:20' OR any(adopted IN coalesce(region.adopts, []) WHERE adopted IN ['check_lag_has_end_date', '004_c404d1e861ddfdc3.txt']))
RETURN lag.uid AS uid, lag.name AS name, lag.kind AS kind, region.uid AS region, null AS related,
       {sentence: 'no_end', lag: lag.name, start: toString(lag.start)} AS finding
ORDER BY region, uid
