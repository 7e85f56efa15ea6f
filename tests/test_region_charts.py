"""Charts of three regions recorded in three styles, with answers written from the documents before the code ran.

`tests/charts/<style>/` holds a chart saved the Swedish-Excel way (`;`,
Windows-1252) and `expected.json`: for each route, whether it is found on its
date, the ids it must pass in order, and the people it must not pass. The
answers were written from the documents and the chart rows alone (see each
`expected.md`), by someone who had not read the route finder.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from cypher.contact_path import PathOptions, contact_paths
from cypher.route_index import load_route_index
from importers.load import apply_chart, existing_kinds
from importers.read import read_workbook
from importers.validate import validate, workbook_ids

pytestmark = pytest.mark.engine

CHARTS = Path(__file__).parent / "charts"
STYLES = sorted(path.name for path in CHARTS.iterdir() if (path / "expected.json").exists())


def expected(style: str) -> dict:
    return json.loads((CHARTS / style / "expected.json").read_text(encoding="utf-8"))


def route_cases() -> list[tuple[str, dict]]:
    return [(style, case) for style in STYLES for case in expected(style)["routes"]]


@pytest.fixture(scope="module")
def charted_graph(reference_graph):
    for style in STYLES:
        workbook = read_workbook(CHARTS / style)
        validation = validate(workbook, existing_ids=existing_kinds(reference_graph, workbook_ids(workbook)))
        assert validation.ok, validation.problems
        apply_chart(reference_graph, validation.chart, owner=f"test chart {style}")
    return reference_graph


@pytest.fixture(scope="module")
def index(charted_graph):
    return load_route_index(charted_graph)


def visited(route) -> list[str]:
    return [route.hops[0].origin.uid] + [hop.destination.uid for hop in route.hops] if route.hops else []


def is_subsequence(wanted: list[str], seen: list[str]) -> bool:
    remaining = iter(seen)
    return all(any(uid == each for each in remaining) for uid in wanted)


@pytest.mark.parametrize(("style", "case"), route_cases(),
                         ids=[f"{style}:{case['to']}@{case['at']}" for style, case in route_cases()])
def test_each_route_is_as_the_documents_give_it(index, style, case):
    npo = expected(style)["npo"]
    at = datetime.date.fromisoformat(case["at"])
    (route,) = contact_paths(index, npo, [case["to"]], PathOptions(at)).routes
    found = route.found and not route.fallback
    path = visited(route)
    assert found == case["found"], (route.reasons, [hop.explanation() for hop in route.hops], case["why"])
    if case["found"]:
        assert is_subsequence(case["waypoints"], path), (path, case["waypoints"], case["why"])
        assert not set(case.get("must_not_pass", ())) & set(path), (path, case["why"])
        for hop in route.hops:
            assert hop.explanation()
    else:
        assert route.reasons, "a missing route says why"


def representation_gaps(graph, region: str, at: str) -> set[str]:
    from cypher.gaps import run_gaps

    report = run_gaps(graph, at=at, region=region)
    return {finding.uid for finding in report.findings
            if finding.rule.name == "gaps_municipality_without_representative"}


@pytest.mark.parametrize("style", STYLES)
def test_gaps_name_the_unrepresented_municipalities_and_no_others(charted_graph, style):
    answers = expected(style)
    wanted = [gap for gap in answers["gaps"] if gap["finding"] == "not represented"]
    wrong = [gap for gap in answers.get("not_gap_findings", []) if gap["finding"] == "not represented"]
    for gap in wanted + wrong:
        found = representation_gaps(charted_graph, answers["region"], gap["at"])
        assert (gap["subject"] in found) == (gap in wanted), (gap, sorted(found))
