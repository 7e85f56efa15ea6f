"""The query commands' shared options and the API's query models check a day and an id alike."""

from __future__ import annotations

import datetime

import pytest
import typer
from pydantic import ValidationError

from api.models_answers import DayQuery, FindingsQuery
from cypher.query_options import AT, REGION, QueryOptions
from graphmodel.model import MAX_ID_LENGTH


def test_a_question_without_a_day_is_for_today_and_says_it_was_not_given():
    options = QueryOptions.from_command(at=None)
    assert (options.at, options.at_text, options.day) == (None, None, datetime.date.today())
    assert options.format == "table"


def test_a_bad_day_is_a_usage_error_naming_the_flag():
    with pytest.raises(typer.BadParameter) as raised:
        QueryOptions.from_command(at="2025-02-30")
    assert raised.value.param_hint == AT.flag
    assert "'2025-02-30' is not a date (YYYY-MM-DD)" in str(raised.value)


@pytest.mark.parametrize("region, words", [("", "is empty"), ("x" * (MAX_ID_LENGTH + 1), "at most 300")])
def test_an_empty_or_overlong_territory_is_refused_before_any_query(region, words):
    with pytest.raises(typer.BadParameter) as raised:
        QueryOptions.from_command(at=None, region=region)
    assert raised.value.param_hint == REGION.flag and words in str(raised.value)


def test_json_and_csv_together_are_refused():
    with pytest.raises(typer.BadParameter, match="choose one of --json and --csv"):
        QueryOptions.from_command(at=None, as_json=True, as_csv=True)
    assert QueryOptions.from_command(at="2025-01-01", as_csv=True).format == "csv"


def test_the_api_refuses_the_days_the_commands_refuse_in_the_same_words():
    with pytest.raises(ValidationError) as raised:
        DayQuery(at="2025-02-30")
    assert "'2025-02-30' is not a date (YYYY-MM-DD)" in str(raised.value)
    assert DayQuery(at="2024-02-29").at == "2024-02-29"


def test_the_api_and_the_commands_share_the_id_limit_and_the_descriptions():
    with pytest.raises(ValidationError):
        FindingsQuery(region="x" * (MAX_ID_LENGTH + 1))
    FindingsQuery(region="x" * MAX_ID_LENGTH)
    assert DayQuery.model_fields["at"].description == AT.description
