// answers: The nodes among the given ids that may lie on a contact path, as route_nodes gives them: what the route index reads again after a write that names them.
// answers_sv: De noder bland de angivna id:na som kan ligga på en kontaktväg, som route_nodes ger dem: det som vägindexet läser om efter en skrivning som namnger dem.
// param: uids (list<string>) the ids of the nodes to read
// param_sv: uids id:n för de noder som ska läsas
// example: {"uids": ["npo:psykisk-halsa", "region:stockholm"]}
UNWIND $uids AS wanted
MATCH (n:Entity {uid: wanted})
WHERE n.kind <> 'decision_matter'
RETURN n.uid AS uid, n.name AS name, n.kind AS kind, n.start AS start, n.end AS end,
       n.former_names AS former_names, n.name_since AS name_since, n.organisation AS organisation
