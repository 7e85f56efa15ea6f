// answers: The edges of the given types with at least one end among the given ids, each once, as route_edges gives them: what the route index reads again after a write that names those nodes.
// answers_sv: Kopplingarna av de angivna typerna med minst en ände bland de angivna id:na, var och en en gång, som route_edges ger dem: det som vägindexet läser om efter en skrivning som namnger de noderna.
// param: uids (list<string>) the ids of the nodes whose edges to read (each pattern starts at them: ArcadeDB scans every node for a pattern written towards a node given by id)
// param_sv: uids id:n för de noder vars kopplingar ska läsas (varje mönster börjar vid dem: ArcadeDB går igenom varje nod för ett mönster som skrivs mot en nod given med id)
// param: types (list<string>) the relation types to return (those of graphmodel/routing.py)
// param_sv: types de kopplingstyper som ska returneras (de i graphmodel/routing.py)
// example: {"uids": ["npo:psykisk-halsa", "region:stockholm"], "types": ["MIRRORS", "REPORTS_TO", "MEMBER_OF", "CONTACT_PERSON_FOR", "BELONGS_TO"]}
UNWIND $uids AS wanted
MATCH (a:Entity {uid: wanted})-[r]->(b:Entity)
WHERE type(r) IN $types
RETURN a.uid AS source, type(r) AS type, b.uid AS target, r.role AS role, r.represents AS represents,
       r.appointed_by AS appointed_by, r.start AS start, r.end AS end, r.source AS document
UNION ALL
UNWIND $uids AS wanted
MATCH (b:Entity {uid: wanted})<-[r]-(a:Entity)
WHERE type(r) IN $types AND NOT a.uid IN $uids
RETURN a.uid AS source, type(r) AS type, b.uid AS target, r.role AS role, r.represents AS represents,
       r.appointed_by AS appointed_by, r.start AS start, r.end AS end, r.source AS document
