// answers: To whom a body reports on a day, and on up: every body above it by reports-to, part-of, prepares-for or escalates-to (the region's governance) and by mirrors (healthcare region and nation), one row per route, with the bodies and edges of the route and who leads the body reached; only bodies and edges valid that day, named as they were then.
// answers_sv: Till vem en organisation rapporterar en viss dag, och vidare uppåt: varje organisation ovanför genom rapporterar till, ingår i, bereder åt eller eskalerar till (regionens styrning) och genom speglar (sjukvårdsregion och nation), en rad per väg, med vägens organisationer och kopplingar och vem som leder den organisation som nås; bara organisationer och kopplingar som gäller den dagen, namngivna som de hette då.
// param: uid (string) the body to start from
// param_sv: uid organisationen att börja från
// param: at (date, default: today) the day the chain holds
// param_sv: at dagen då kedjan gäller
// example: {"uid": "lag:example", "at": "2025-01-01"}
MATCH (start:Entity {uid: $uid})
MATCH path = (start)-[:REPORTS_TO|PART_OF|PREPARES_FOR|ESCALATES_TO|MIRRORS*1..10]->(above:Entity)
WHERE all(r IN relationships(path) WHERE (r.start IS NULL OR r.start <= date($at)) AND (r.end IS NULL OR r.end >= date($at)))
  AND all(n IN nodes(path) WHERE (n.start IS NULL OR n.start <= date($at)) AND (n.end IS NULL OR n.end >= date($at)))
OPTIONAL MATCH (leader:Entity)-[lead:LEADS]->(above)
WHERE (lead.start IS NULL OR lead.start <= date($at)) AND (lead.end IS NULL OR lead.end >= date($at))
WITH path, above, collect(DISTINCT leader) AS leaders
RETURN above.uid AS uid, above.kind AS kind,
       CASE WHEN above.name_since IS NOT NULL AND date($at) < above.name_since AND size(coalesce(above.former_names, [])) > 0
            THEN above.former_names[size(above.former_names) - 1] ELSE above.name END AS name,
       length(path) AS distance,
       [n IN nodes(path) | {uid: n.uid, kind: n.kind,
         name: CASE WHEN n.name_since IS NOT NULL AND date($at) < n.name_since AND size(coalesce(n.former_names, [])) > 0
                    THEN n.former_names[size(n.former_names) - 1] ELSE n.name END}] AS bodies,
       [r IN relationships(path) | {type: type(r), start: r.start, end: r.end, source: r.source, note: r.note}] AS hops,
       [leader IN leaders | {uid: leader.uid, kind: leader.kind, name: leader.name}] AS led_by
ORDER BY distance, uid
