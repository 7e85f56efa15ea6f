// answers: Every edge of the given types with its dates, role, whom it represents, who appointed and its source: what the contact-path finder searches.
// answers_sv: Varje koppling av de angivna typerna med dess datum, roll, vem den företräder, vem som utsåg och dess källa: det som sökningen efter kontaktvägar söker i.
// param: types (list<string>) the relation types to return (the path finder asks for those of graphmodel/routing.py)
// param_sv: types de kopplingstyper som ska returneras (vägsökningen frågar efter dem i graphmodel/routing.py)
// example: {"types": ["MIRRORS", "REPORTS_TO", "MEMBER_OF", "CONTACT_PERSON_FOR", "DISSEMINATES_TO"]}
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types
RETURN a.uid AS source, type(r) AS type, b.uid AS target, r.role AS role, r.represents AS represents,
       r.appointed_by AS appointed_by, r.start AS start, r.end AS end, r.source AS document
