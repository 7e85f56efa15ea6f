// answers: Every node that may lie on a contact path, with the dates it existed, its former names and (a person's) organisation.
// answers_sv: Varje nod som kan ligga på en kontaktväg, med de datum den fanns, dess tidigare namn och (för en person) organisation.
// example: {}
MATCH (n:Entity)
WHERE n.kind <> 'decision_matter'
RETURN n.uid AS uid, n.name AS name, n.kind AS kind, n.start AS start, n.end AS end,
       n.former_names AS former_names, n.name_since AS name_since, n.organisation AS organisation
