// answers: Where a municipality, region or county is represented: each membership that speaks for it, directly or collectively (a municipality through its county, a region through its healthcare region, a county through its municipalities), with the member, role, body and dates.
// answers_sv: Var en kommun, region eller ett län är företrädd: varje medlemskap som talar för den, direkt eller gemensamt (en kommun genom sitt län, en region genom sin sjukvårdsregion, ett län genom sina kommuner), med ledamot, roll, organisation och datum.
// param: uid (string) the municipality, region or county
// param_sv: uid kommunen, regionen eller länet
// param: at (date, default: today) the day: only memberships valid then
// param_sv: at dagen: bara medlemskap som gäller då
// param: all_time (boolean, default: false) true: every membership, past and future, whatever `at` says
// param_sv: all_time true: varje medlemskap, tidigare och kommande, vad `at` än säger
// example: {"uid": "municipality:1880", "at": "2025-01-01", "all_time": false}
MATCH (territory:Entity {uid: $uid})
OPTIONAL MATCH (territory)-[:LOCATED_IN|PART_OF]->(wider:Entity)
WHERE (territory.kind = 'municipality' AND wider.kind = 'county')
   OR (territory.kind = 'region' AND wider.kind = 'healthcare_region')
WITH territory, collect(DISTINCT wider) AS wider
OPTIONAL MATCH (part:Entity)-[:LOCATED_IN]->(territory)
WHERE territory.kind = 'county' AND part.kind = 'municipality'
WITH territory, wider, collect(DISTINCT part.uid) AS parts
MATCH (member:Entity)-[m:MEMBER_OF]->(body:Entity)
WHERE ($all_time OR ((m.start IS NULL OR m.start <= date($at)) AND (m.end IS NULL OR m.end >= date($at))))
  AND (territory.uid IN coalesce(m.represents, [])
       OR any(scope IN wider WHERE scope.uid IN coalesce(m.represents, []))
       OR any(uid IN coalesce(m.represents, []) WHERE uid IN parts))
RETURN member.uid AS member_uid, member.kind AS member_kind, member.name AS member_name,
       body.uid AS body_uid, body.kind AS body_kind,
       CASE WHEN $all_time OR body.name_since IS NULL OR date($at) >= body.name_since OR size(coalesce(body.former_names, [])) = 0
            THEN body.name ELSE body.former_names[size(body.former_names) - 1] END AS body_name,
       m.role AS role, coalesce(m.represents, []) AS represents,
       [scope IN [territory] + wider WHERE scope.uid IN coalesce(m.represents, []) | scope.uid] AS through,
       size([uid IN coalesce(m.represents, []) WHERE uid IN parts]) AS municipalities_represented,
       size(parts) AS municipalities_of_county,
       m.start AS start, m.end AS end, m.source AS source
ORDER BY body_uid, role, member_uid
