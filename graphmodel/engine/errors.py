"""Errors the engine layer raises; each message is one line a user can act on."""


class EngineError(RuntimeError):
    """The graph engine could not be started, reached or used."""


class ReadOnlyViolation(EngineError):
    """A query sent as a read tried to write.

    Neo4j refuses such a query itself; ArcadeDB lets it through, so the read
    path checks the result's update counters and rolls back (see `graph.py`).
    """
