// answers: How many nodes of each kind the graph holds.
// answers_sv: Hur många noder av varje slag grafen innehåller.
// example: {}
MATCH (n:Entity)
RETURN n.kind AS kind, count(n) AS nodes
ORDER BY kind
