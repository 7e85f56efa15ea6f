// answers: Which edges (memberships, reporting, communication, mandates...) started or ended between two days (both included): one row per change, with both ends named as they were that day; optionally only edges touching a node that belongs to one territory (or to a county the region serves).
// answers_sv: Vilka kopplingar (medlemskap, rapportering, kommunikation, mandat …) som började eller upphörde mellan två dagar (båda inräknade): en rad per förändring, med båda ändarna namngivna som de hette den dagen; vid önskemål bara kopplingar som rör en nod i ett visst område (eller i ett län som regionen betjänar).
// param: from (date) the first day of the interval
// param_sv: from intervallets första dag
// param: to (date) the last day of the interval
// param_sv: to intervallets sista dag
// param: region (string, optional) a region, county, municipality or healthcare region id: only edges with an end that belongs to it; leave out for all
// param_sv: region id för en region, ett län, en kommun eller en sjukvårdsregion: bara kopplingar med en ände som hör dit; utelämna för alla
// example: {"from": "2022-01-01", "to": "2022-12-31", "region": null}
MATCH (a:Entity)-[r]->(b:Entity)
WHERE (r.start >= date($from) AND r.start <= date($to)) OR (r.end >= date($from) AND r.end <= date($to))
UNWIND [{change: 'started', on: r.start}, {change: 'ended', on: r.end}] AS event
WITH a, r, b, event
WHERE event.on IS NOT NULL AND event.on >= date($from) AND event.on <= date($to)
OPTIONAL MATCH (a)-[:BELONGS_TO]->(owner:Entity)
OPTIONAL MATCH (b)-[:BELONGS_TO]->(target_owner:Entity)
WITH a, r, b, event, collect(DISTINCT owner) + collect(DISTINCT target_owner) AS owned_by
OPTIONAL MATCH (principal:Entity)-[:SERVES]->(served:Entity)
WHERE served IN owned_by
WITH a, r, b, event, owned_by, collect(DISTINCT principal.uid) AS principals
WITH a, r, b, event, [owner IN owned_by | owner.uid] + principals AS owners
WHERE $region IS NULL OR $region IN owners
RETURN event.on AS date, event.change AS change, type(r) AS type,
       a.uid AS source_uid, a.kind AS source_kind,
       CASE WHEN a.name_since IS NOT NULL AND event.on < a.name_since AND size(coalesce(a.former_names, [])) > 0
            THEN a.former_names[size(a.former_names) - 1] ELSE a.name END AS source_name,
       b.uid AS target_uid, b.kind AS target_kind,
       CASE WHEN b.name_since IS NOT NULL AND event.on < b.name_since AND size(coalesce(b.former_names, [])) > 0
            THEN b.former_names[size(b.former_names) - 1] ELSE b.name END AS target_name,
       r.role AS role, r.represents AS represents, r.start AS start, r.end AS end, r.source AS source
ORDER BY date, change, type, source_uid, target_uid
