// answers: How many nodes of each kind the graph holds.
// example: {}
MATCH (n:Entity)
RETURN n.kind AS kind, count(n) AS nodes
ORDER BY kind
