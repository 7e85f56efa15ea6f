"""The options the query commands share (`--at`, `--region`, `--json`, `--csv`), declared and checked once.

The API's query models take the same parameters with the same descriptions and the same checks
(`api/models_answers.py` builds on these), so a day or a territory id that one refuses the other refuses
too, in the same words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import typer

from cypher.params import QueryParameterError, parse_date
from graphmodel.messages import text as worded
from graphmodel.model import MAX_ID_LENGTH


@dataclass(frozen=True)
class SharedOption:
    """A parameter the commands and the API share: its name, its command-line flag and what it means."""

    parameter: str
    flag: str
    description: str


AT = SharedOption("at", "--at", "the day to answer for (YYYY-MM-DD); default today")
REGION = SharedOption("region", "--region", "only what belongs to this territory, e.g. region:18")
JSON = SharedOption("json", "--json", "print the answer as JSON")
CSV = SharedOption("csv", "--csv", "print the rows as CSV")
FLAG_OF = {option.parameter: option.flag for option in (AT, REGION, JSON, CSV)}


def answer_day(text: str | None, parameter: str = AT.parameter) -> datetime.date:
    """The day a question is asked for: today when not given; a bad date names the parameter."""
    if text is None:
        return datetime.date.today()
    return parse_date(parameter, text)


def territory_id(text: str | None, parameter: str = REGION.parameter) -> str | None:
    """A territory id as asked for, or None; empty or overlong ids are refused before any query runs."""
    if text is None:
        return None
    if not text.strip():
        raise QueryParameterError(parameter, worded("param.empty_id"))
    if len(text) > MAX_ID_LENGTH:
        raise QueryParameterError(parameter, worded("param.long_id", length=len(text), most=MAX_ID_LENGTH))
    return text


def output_format(as_json: bool, as_csv: bool) -> str:
    """table (for people), json or csv; asking for both is a usage error."""
    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv", param_hint="--json/--csv")
    return "json" if as_json else "csv" if as_csv else "table"


@dataclass(frozen=True)
class QueryOptions:
    """A query command's shared options, checked: the day, the territory and the output format."""

    at: datetime.date | None  # as asked; None: not given, the question is for today
    region: str | None
    format: str

    @property
    def day(self) -> datetime.date:
        return self.at or datetime.date.today()

    @property
    def at_text(self) -> str | None:
        """The day as the API's parameter carries it: ISO text, or None when not given."""
        return self.at.isoformat() if self.at else None

    @classmethod
    def from_command(cls, *, at: str | None, region: str | None = None, as_json: bool = False,
                     as_csv: bool = False) -> QueryOptions:
        """Checked as the API checks them; a bad value is a usage error naming its flag."""
        fmt = output_format(as_json, as_csv)
        try:
            return cls(answer_day(at) if at is not None else None, territory_id(region), fmt)
        except QueryParameterError as error:
            raise typer.BadParameter(str(error), param_hint=FLAG_OF.get(error.parameter, error.parameter)) from None


def option_day(text: str | None, option: str) -> datetime.date:
    """A command's own date option (`--from`, `--at` of a drawing), checked as `--at` is."""
    try:
        return answer_day(text, option.lstrip("-"))
    except QueryParameterError as error:
        raise typer.BadParameter(str(error), param_hint=option) from None


# The options as Typer declares them, for a command's signature; `description` where the command's
# question gives the shared option a narrower meaning ("the day to check").
def at_option(description: str = AT.description):
    return typer.Option(None, AT.flag, help=description)


def region_option(description: str = REGION.description):
    return typer.Option(None, REGION.flag, help=description)


JSON_OPTION = typer.Option(False, JSON.flag, help=JSON.description)
CSV_OPTION = typer.Option(False, CSV.flag, help=CSV.description)
