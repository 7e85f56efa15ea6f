"""Property types the model needs beyond neomodel's own."""

from __future__ import annotations

import datetime
from typing import Any

import neo4j.time
from neomodel.properties import Property, validator


class NativeDateProperty(Property):
    """A date stored as a Cypher `Date`, not as text.

    neomodel's `DateProperty` stores ISO strings; native dates let Cypher
    compare them with `date()` and `duration`, on Neo4j and ArcadeDB alike.
    """

    form_field_class = "DateField"

    @validator
    def inflate(self, value: Any) -> datetime.date:
        if isinstance(value, neo4j.time.Date):
            return value.to_native()
        if isinstance(value, datetime.date):
            return value
        return datetime.date.fromisoformat(str(value))

    @validator
    def deflate(self, value: Any) -> datetime.date:
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            raise ValueError(f"a datetime.date is expected, got {value!r}")
        return value
