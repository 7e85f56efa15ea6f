// answers: To whom a body reports, and on up: every body above it by reports-to, part-of, prepares-for or escalates-to, with the hops between.
// param: uid (string) the body to start from
// example: {"uid": "lag:example"}
MATCH path = (start:Entity {uid: $uid})-[:REPORTS_TO|PART_OF|PREPARES_FOR|ESCALATES_TO*1..8]->(above:Entity)
RETURN above.uid AS uid, above.name AS name, above.kind AS kind, length(path) AS distance,
       [r IN relationships(path) | type(r)] AS via
ORDER BY distance, uid
