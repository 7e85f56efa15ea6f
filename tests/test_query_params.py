"""Stored-query parameters: declared in the header, checked before a query runs, errors naming the parameter."""

from __future__ import annotations

import datetime

import pytest

from cypher import stored_queries
from cypher.params import QueryParameterError, bind, bind_text, parse_declaration, with_swedish_meanings

PARAMS = (parse_declaration("uid (string) the body's id", "t.cypher"),
          parse_declaration("at (date, default: today) the day", "t.cypher"),
          parse_declaration("on (date, optional) a day or none", "t.cypher"),
          parse_declaration("within (integer, default: 90) days ahead", "t.cypher"),
          parse_declaration("kinds (list<string>, optional) kinds", "t.cypher"))


def test_defaults_are_filled_and_types_converted_from_text():
    bound = bind_text(PARAMS, ["uid=lag:x", "within=30", "kinds=lag, lpo"])
    assert bound == {"uid": "lag:x", "at": datetime.date.today().isoformat(), "on": None, "within": 30,
                     "kinds": ["lag", "lpo"]}


@pytest.mark.parametrize(("given", "parameter", "words"), [
    ({}, "uid", "is required"),
    ({"uid": "x", "nope": 1}, "nope", "is not a parameter"),
    ({"uid": 5}, "uid", "expected string"),
    ({"uid": "x", "at": "2025-02-30"}, "at", "is not a date"),
    ({"uid": "x", "within": True}, "within", "expected integer"),
    ({"uid": "x", "kinds": "lag"}, "kinds", "expected list<string>"),
])
def test_bad_values_name_the_parameter(given, parameter, words):
    with pytest.raises(QueryParameterError, match=words) as error:
        bind(PARAMS, given)
    assert error.value.parameter == parameter


def test_a_malformed_declaration_names_the_file():
    with pytest.raises(ValueError, match="t.cypher: parameter 'x' has unknown type 'text'"):
        parse_declaration("x (text) something", "t.cypher")


def test_each_parameter_needs_its_meaning_in_swedish_and_a_swedish_line_a_parameter():
    declared = (parse_declaration("uid (string) the body's id", "t.cypher"),)
    [parameter] = with_swedish_meanings(declared, ["uid organisationens id"], "t.cypher")
    assert (parameter.meant("sv"), parameter.meant("en")) == ("organisationens id", "the body's id")
    with pytest.raises(ValueError, match="t.cypher: parameter 'uid' has no param_sv line"):
        with_swedish_meanings(declared, [], "t.cypher")
    with pytest.raises(ValueError, match="t.cypher: param_sv names 'at', which no param declares"):
        with_swedish_meanings(declared, ["uid organisationens id", "at dagen"], "t.cypher")


def test_every_stored_query_declares_each_parameter_it_uses():
    for stored in stored_queries().values():
        body = "\n".join(line for line in stored.text.splitlines() if not line.startswith("//"))
        for parameter in stored.params:
            assert f"${parameter.name}" in body, f"{stored.name} declares {parameter.name} but never uses it"
