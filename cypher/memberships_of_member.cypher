// answers: Every body a person (or a post, ex officio) sits in: directly, or through a post the person holds; in which role, for whom, since when and until when.
// answers_sv: Varje organisation en person (eller en befattning, i egenskap av befattningen) sitter i: direkt eller genom en befattning personen innehar; i vilken roll, för vem, från när och till när.
// param: uid (string) the person or post
// param_sv: uid personen eller befattningen
// param: at (date, default: today) the day: only memberships (and posts held) valid then
// param_sv: at dagen: bara medlemskap (och innehavda befattningar) som gäller då
// param: all_time (boolean, default: false) true: every membership, past and future, whatever `at` says
// param_sv: all_time true: varje medlemskap, tidigare och kommande, vad `at` än säger
// example: {"uid": "person:example", "at": "2025-01-01", "all_time": false}
MATCH (member:Entity {uid: $uid})
OPTIONAL MATCH (member)-[held:HOLDS_POST]->(post:Entity)
WHERE $all_time OR ((held.start IS NULL OR held.start <= date($at)) AND (held.end IS NULL OR held.end >= date($at)))
WITH member, collect(DISTINCT post) AS posts
UNWIND [member] + posts AS seat
MATCH (seat)-[m:MEMBER_OF]->(body:Entity)
WHERE $all_time OR ((m.start IS NULL OR m.start <= date($at)) AND (m.end IS NULL OR m.end >= date($at)))
RETURN body.uid AS body_uid, body.kind AS body_kind,
       CASE WHEN $all_time OR body.name_since IS NULL OR date($at) >= body.name_since OR size(coalesce(body.former_names, [])) = 0
            THEN body.name ELSE body.former_names[size(body.former_names) - 1] END AS body_name,
       seat.uid AS seat_uid, seat.kind AS seat_kind, seat.name AS seat_name,
       m.role AS role, coalesce(m.represents, []) AS represents, m.start AS start, m.end AS end,
       m.appointed_by AS appointed_by, m.source AS source
ORDER BY body_uid, role, start
