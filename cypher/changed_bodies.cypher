// answers: Which nodes started, ended or took a new name between two days (both included): one row per change, with the name before and after a rename; optionally only those belonging to one territory (or to a county the region serves).
// answers_sv: Vilka noder som började, upphörde eller fick nytt namn mellan två dagar (båda inräknade): en rad per förändring, med namnet före och efter ett namnbyte; vid önskemål bara de som hör till ett visst område (eller till ett län som regionen betjänar).
// param: from (date) the first day of the interval
// param_sv: from intervallets första dag
// param: to (date) the last day of the interval
// param_sv: to intervallets sista dag
// param: region (string, optional) a region, county, municipality or healthcare region id: only nodes that belong to it; leave out for all
// param_sv: region id för en region, ett län, en kommun eller en sjukvårdsregion: bara noder som hör dit; utelämna för alla
// example: {"from": "2022-01-01", "to": "2022-12-31", "region": null}
MATCH (n:Entity)
UNWIND [{change: 'started', on: n.start}, {change: 'ended', on: n.end}, {change: 'renamed', on: n.name_since}] AS event
WITH n, event
WHERE event.on IS NOT NULL AND event.on >= date($from) AND event.on <= date($to)
OPTIONAL MATCH (n)-[:BELONGS_TO]->(owner:Entity)
OPTIONAL MATCH (owner)<-[:SERVES]-(principal:Entity)
WITH n, event, collect(DISTINCT owner.uid) + collect(DISTINCT principal.uid) AS owners
WHERE $region IS NULL OR $region IN owners
RETURN event.on AS date, event.change AS change, n.uid AS uid, n.kind AS kind,
       CASE WHEN event.change = 'renamed' AND size(coalesce(n.former_names, [])) > 0
            THEN n.former_names[size(n.former_names) - 1] END AS old_name,
       n.name AS name, n.start AS start, n.end AS end, n.source AS source
ORDER BY date, change, uid
