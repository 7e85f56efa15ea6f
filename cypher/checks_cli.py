"""`govgraph check` and `govgraph gaps`: the conformance rules and the coverage questions, as findings.

Both print a table for people, `--json` (the report document) or `--csv` (one
row per finding) for programs. `check` exits 1 when any finding has severity
error, else 0; `gaps` has no error-severity questions and exits 0. Every
finding says the document and the region its rule comes from (`document`); the
table says why `check` exits 1: how many errors, in which region, under which
region's document. The findings, the rules and the table read in Swedish
unless `--lang en`; the JSON keys, CSV columns, rule names and severities stay
as they are, for programs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import typer

from cypher import QueryParameterError
from cypher.checks import FINDING_COLUMNS, Report, exit_reasons, run_checks
from cypher.explain import NodeRef
from cypher.gaps import run_gaps
from cypher.output import LANG_OPTION, print_csv, print_json, print_table, speak
from cypher.query_options import CSV, JSON, QueryOptions, at_option, region_option
from graphmodel.cli.common import open_graph_for_command, out
from graphmodel.messages import text

TABLE_COLUMNS = ("severity", "rule", "node", "region", "finding", "source")
_DOCUMENT_HASH = re.compile(r"_[0-9a-f]{16}\.txt")
_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}

AT_OPTION = at_option("the day to check, YYYY-MM-DD (default: today)")
REGION_OPTION = region_option("only this region's findings, e.g. region:18")
JSON_OPTION = typer.Option(False, JSON.flag, help="print the findings as a JSON document")
CSV_OPTION = typer.Option(False, CSV.flag, help="print one CSV row per finding")


def check_command(
    region: str | None = REGION_OPTION,
    at: str | None = AT_OPTION,
    within: int = typer.Option(90, "--within", min=0, help="report memberships ending within this many days"),
    concurrent: int = typer.Option(5, "--concurrent", min=1,
                                   help="report people holding at least this many memberships at once"),
    as_json: bool = JSON_OPTION,
    as_csv: bool = CSV_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Check the graph against the documents' rules; exit 1 when any finding is an error.

    Each rule is a stored query cypher/check_*.cypher naming its rule, severity,
    document and jurisdiction. A rule from one region's documents holds in that
    region, and in another only where that region's data adopts it (the region's
    `adopts` list); a national rule is a data-quality rule of govgraph's own.
    Every finding says which document and region its rule comes from. Sentences in Swedish unless --lang en."""
    speak(lang)
    options = QueryOptions.from_command(at=at, region=region, as_json=as_json, as_csv=as_csv)
    report = _run(lambda graph: run_checks(graph, at=options.at_text, region=options.region, within=within,
                                           concurrent=concurrent))
    _print(options.format, report, text("checks.title"))
    raise typer.Exit(report.exit_code)


def gaps_command(
    region: str | None = REGION_OPTION,
    area: str | None = typer.Option(None, "--area", help="only this knowledge area, e.g. knowledge-area:psykisk-halsa"),
    at: str | None = AT_OPTION,
    as_json: bool = JSON_OPTION,
    as_csv: bool = CSV_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Show gaps in coverage: NPOs without an RPO or LPO, municipalities no representative reaches,
    people who have left but still stand on a route.

    Sentences in Swedish unless --lang en."""
    speak(lang)
    options = QueryOptions.from_command(at=at, region=region, as_json=as_json, as_csv=as_csv)
    report = _run(lambda graph: run_gaps(graph, at=options.at_text, region=options.region, area=area))
    _print(options.format, report, text("gaps.title"))
    raise typer.Exit(report.exit_code)


def _run(run: Callable) -> Report:
    graph = open_graph_for_command()
    try:
        return run(graph)
    except QueryParameterError as error:
        raise typer.BadParameter(str(error), param_hint=f"--{error.parameter}") from error


def _print(fmt: str, report: Report, title: str) -> None:
    if fmt == "json":
        print_json(report.as_json())
    elif fmt == "csv":
        print_csv(FINDING_COLUMNS, [finding.as_json() for finding in report.findings])
    else:
        rows = [{"severity": text(f"severity.{finding.severity}"), "rule": finding.rule.name.partition("_")[2],
                 "node": NodeRef(finding.uid, finding.name, finding.kind).label(),
                 "region": finding.region, "finding": finding.finding,
                 "source": short_source(finding.source or finding.rule.document)} for finding in report.findings]
        print_table(TABLE_COLUMNS, rows, title=title)
        counts = report.counts()
        out.print(", ".join(f"[{_STYLE[severity]}]{text(f'severity.{severity}')}: {count}[/]"
                            for severity, count in counts.items()))
        if report.exit_code:
            reasons = "; ".join(text("checks.exit_reason", count=count, region=region, source=source)
                                for count, region, source in exit_reasons(report))
            errors = counts["error"]
            error_word = text("checks.error" if errors == 1 else "checks.errors")
            out.print(text("checks.exit", errors=errors, error_word=error_word, reasons=reasons), markup=False)


def short_source(source: str) -> str:
    """A finding's source for a table cell: the document files by their number (002 §8, not 002_f2c5...txt §8)."""
    return _DOCUMENT_HASH.sub("", source)
