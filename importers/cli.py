"""`govgraph import PATH` and `govgraph load reference`: charts into the graph, with a summary.

Exit codes: 0 imported (or nothing to do), 1 problems in the workbook or
conflicts with the graph (nothing written), 2 the path cannot be read.
Problems, conflicts and progress go to stderr; the summary table to stdout.
Both speak Swedish unless `--lang en`; sheet and column names, ids and
vocabulary keys stay as the workbook spells them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from cypher.output import LANG_OPTION, speak
from graphmodel.cli.common import console_error, err, note, open_graph_for_command, out
from graphmodel.engine import Graph
from graphmodel.messages import text
from graphmodel.model import NODE_KINDS
from graphmodel.schema import install_schema
from graphmodel.settings import get_settings
from importers.chart import SHEETS, Chart
from importers.erase import honour_erasures
from importers.import_digests import import_digests
from importers.load import ImportReport, InvalidChart, apply_chart
from importers.read import Problem, WorkbookError, read_workbook
from importers.reference import REFERENCE_OWNER, reference_chart
from importers.template import write_template
from importers.words import kind_name
from importers.workbook_import import import_workbook

PROGRESS_THRESHOLD = 5000  # rows; below it a progress bar only shows on a terminal
MAX_CHANGES_SHOWN = 200  # lines of the diff a dry run lists
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2

load_app = typer.Typer(help="Load built-in data into the graph.", no_args_is_help=True)


def import_command(
    path: Path | None = typer.Argument(None, help="an .xlsx workbook, or a folder of .csv files"),
    owner: str | None = typer.Option(None, help="who owns the imported records; default: the file or folder name"),
    prune: bool = typer.Option(False, "--prune", help="remove records this owner imported earlier that the "
                                                      "workbook no longer has"),
    dry_run: bool = typer.Option(False, "--dry-run", help="show what would change, write nothing"),
    force: bool = typer.Option(False, "--force", help="overwrite records edited by hand or owned by others"),
    template: Path | None = typer.Option(None, "--template", help="write a fresh template workbook here and stop"),
    lang: str = LANG_OPTION,
) -> None:
    """Import an organisation chart (units, people, memberships, relations, mandates); all or nothing.

    Problems, warnings, conflicts and the summary in Swedish unless --lang en."""
    speak(lang)
    if template is not None:
        written = write_template(template)
        out.print(text("import.template_written", path=written))
        return
    if path is None:
        raise typer.BadParameter("give the workbook or folder to import, or --template PATH", param_hint="PATH")
    try:
        workbook = read_workbook(path)
    except WorkbookError as error:
        console_error(error.said())
        raise typer.Exit(EXIT_UNREADABLE) from None
    graph = open_graph_for_command()
    install_schema(graph)
    owner = owner or workbook.stem
    rows = sum(len(sheet.rows) for sheet in workbook.sheets.values())
    try:
        with _progress_bar(rows) as progress:
            outcome = import_workbook(graph, import_digests(get_settings()), workbook, owner=owner, force=force,
                                      prune=prune, dry_run=dry_run, progress=progress)
    except InvalidChart as invalid:
        _fail(invalid.problems, "problem", "chart")
    _print_problems(outcome.warnings, "warning")
    if outcome.report is None:
        _fail(outcome.problems, "problem", "workbook")
    if outcome.report.conflicts:
        _fail(outcome.report.conflicts, "conflict", "graph")
    _print_report(outcome.report, subject=str(path))


@load_app.command("reference")
def load_reference(
    prune: bool = typer.Option(False, "--prune", help="remove reference records no longer in the reference data"),
    dry_run: bool = typer.Option(False, "--dry-run", help="show what would change, write nothing"),
    force: bool = typer.Option(False, "--force", help="overwrite reference records edited by hand"),
    lang: str = LANG_OPTION,
) -> None:
    """Load the built-in reference data (territories, the national system, three regions); safe to repeat.

    Problems and the summary in Swedish unless --lang en."""
    speak(lang)
    graph = open_graph_for_command()
    install_schema(graph)
    report = _apply(graph, honour_erasures(graph, reference_chart()), owner=REFERENCE_OWNER, prune=prune, dry_run=dry_run, force=force)
    out.print(_kinds_table(report))
    _print_report(report, subject=text("import.reference_data"))


def _apply(graph: Graph, chart: Chart, **options: Any) -> ImportReport:
    rows = sum(len(getattr(chart, sheet.name)) for sheet in SHEETS)
    return _report_or_fail(rows, lambda progress: apply_chart(graph, chart, progress=progress, **options))


def _report_or_fail(rows: int, apply: Callable[[Callable | None], ImportReport]) -> ImportReport:
    """The report of `apply` (given the progress bar's callback), or exit 1 on problems or conflicts."""
    try:
        with _progress_bar(rows) as progress:
            report = apply(progress)
    except InvalidChart as invalid:
        _fail(invalid.problems, "problem", "chart")
    if report.conflicts:
        _fail(report.conflicts, "conflict", "graph")
    return report


@contextmanager
def _progress_bar(rows: int) -> Iterator:
    if not (err.is_terminal or rows > PROGRESS_THRESHOLD):
        yield None
        return
    columns = (TextColumn("writing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("writing", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _print_problems(problems: list[Problem], what: str) -> None:
    """Each problem on a line of its own, `what` (problem, warning, conflict) first, in the command's language."""
    for problem in problems:
        err.print(text(f"import.line.{what}", problem=problem.said()), markup=False, highlight=False)


def _fail(problems: list[Problem], what: str, found_in: str) -> None:
    """The problems, and a last line counting them where they were found (the workbook, the chart, the graph)."""
    _print_problems(problems, what)
    many = "one" if len(problems) == 1 else "many"
    console_error(text(f"import.failed.{found_in}.{many}", count=len(problems)))
    raise typer.Exit(EXIT_PROBLEMS)


SUMMARY_COLUMNS = ("sheet", "read", "created", "changed", "unchanged", "removed")


def _summary_table(report: ImportReport) -> Table:
    table = Table(title=text("import.summary.title", owner=report.owner), title_justify="left")
    for column in SUMMARY_COLUMNS:
        table.add_column(text(f"import.summary.{column}"), justify="left" if column == "sheet" else "right")
    for sheet, counts in report.counts.items():
        removed = str(counts.removed) if report.prune or not counts.removed else f"({counts.removed})"
        table.add_row(sheet, str(counts.read), str(counts.created), str(counts.changed), str(counts.unchanged),
                      removed)
    return table


def _kinds_table(report: ImportReport) -> Table:
    table = Table(title=text("import.kinds.title"), title_justify="left")
    for column in ("kind", "records", "created", "changed", "unchanged"):
        table.add_column(text(f"import.kinds.{column}"), justify="left" if column == "kind" else "right")
    for kind in NODE_KINDS.keys():
        counts = report.kinds.get(kind)
        if counts is not None:
            table.add_row(kind_name(kind).said(), str(counts.read), str(counts.created), str(counts.changed),
                          str(counts.unchanged))
    return table


def _print_changes(report: ImportReport) -> None:
    for change in report.diff[:MAX_CHANGES_SHOWN]:
        kept = text("import.kept_unpruned") if change.needs_prune and not report.prune else ""
        out.print(f"{change.said()}{kept}", markup=False, highlight=False)
    if len(report.diff) > MAX_CHANGES_SHOWN:
        out.print(text("import.more_changes", count=len(report.diff) - MAX_CHANGES_SHOWN))


def _print_report(report: ImportReport, *, subject: str) -> None:
    if report.dry_run:
        _print_changes(report)
    out.print(_summary_table(report))
    if report.unpruned:
        note(text("import.summary.unpruned", count=report.unpruned, owner=report.owner, subject=subject))
    if report.dry_run:
        out.print(text("import.summary.dry_run", count=report.changes, subject=subject))
    elif report.written:
        out.print(text("import.summary.written", count=report.changes, subject=subject))
    else:
        out.print(text("import.summary.nothing", subject=subject))

