// answers: Who sits in a body, in which role, for whom, and from when to when (optionally only on one day).
// answers_sv: Vem som sitter i en organisation, i vilken roll, för vem och från när till när (vid önskemål bara en viss dag).
// param: uid (string) the id of the body
// param_sv: uid organisationens id
// param: on (date, optional) only memberships valid that day; leave out for all
// param_sv: on bara medlemskap som gäller den dagen; utelämna för alla
// example: {"uid": "lag:example", "on": null}
MATCH (body:Entity {uid: $uid})<-[m:MEMBER_OF]-(member:Entity)
WHERE $on IS NULL
   OR ((m.start IS NULL OR m.start <= date($on)) AND (m.end IS NULL OR m.end >= date($on)))
RETURN member.uid AS member, member.name AS name, member.kind AS kind, m.role AS role,
       coalesce(m.represents, []) AS represents, m.start AS start, m.end AS end
ORDER BY role, name
