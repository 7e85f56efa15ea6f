// answers: What a node is on a day: its kind, its name then and now, its dates, and whether it existed that day.
// answers_sv: Vad en nod är en viss dag: dess slag, dess namn då och nu, dess datum och om den fanns den dagen.
// param: uid (string) the node's id
// param_sv: uid nodens id
// param: at (date, default: today) the day
// param_sv: at dagen
// example: {"uid": "lag:example", "at": "2025-01-01"}
MATCH (n:Entity {uid: $uid})
RETURN n.uid AS uid, n.kind AS kind,
       CASE WHEN n.name_since IS NOT NULL AND date($at) < n.name_since AND size(coalesce(n.former_names, [])) > 0
            THEN n.former_names[size(n.former_names) - 1] ELSE n.name END AS name,
       n.name AS current_name, n.start AS start, n.end AS end,
       (n.start IS NULL OR n.start <= date($at)) AND (n.end IS NULL OR n.end >= date($at)) AS exists_on_date
