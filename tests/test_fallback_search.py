"""The fallback search, bounded by a search from both ends, answers as the unbounded one did.

When no documented route exists, the contact path looks for any way over the
carrier and fallback ties. That search once ran from everything the descent
reached until it met the target, over ties that lead into every region; it now
searches from both ends and runs forward only where a cheapest route can pass.
These tests ask the same questions both ways, on the reference data, on the
independent region charts and on generated charts with holes cut in them, and
require the very same answers: cost, hops, reasons.
"""

from __future__ import annotations

import datetime
import random
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from cypher import contact_path
from cypher.contact_path import PathOptions, contact_paths
from cypher.route_index import load_route_index
from importers.load import apply_chart, existing_kinds
from importers.read import read_workbook
from importers.reference import REFERENCE_OWNER, reference_chart
from importers.validate import validate, workbook_ids

# The generated charts are the benchmarks' own (bench/ is no package): the same generator, smaller.
sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
from fallback_bench import CountingIndex, bench_chart  # noqa: E402

pytestmark = pytest.mark.engine

CHARTS = Path(__file__).parent / "charts"
TODAY = datetime.date(2026, 11, 22)
OPTIONS = [
    PathOptions(TODAY),
    PathOptions(datetime.date(2023, 1, 1)),
    PathOptions(datetime.date(2019, 6, 1)),
    PathOptions(TODAY, exclude_kinds=frozenset({"lag"})),
    PathOptions(TODAY, exclude_kinds=frozenset({"network"})),
    PathOptions(TODAY, exclude_edges=frozenset({"CONTACT_PERSON_FOR"})),
    PathOptions(TODAY, exclude_edges=frozenset({"DISSEMINATES_TO"})),
    PathOptions(TODAY, exclude_kinds=frozenset({"person"})),
]


def unbounded(search, starts, stages, target):
    """The search as it was: Dijkstra from every start over every flow of the stages, until the target."""
    return search.run(starts, stages, target)


def answers(index, questions: Iterable[tuple[str, list[str], PathOptions]]) -> list[dict]:
    return [contact_paths(index, source, targets, options).as_json() for source, targets, options in questions]


def assert_same_answers(index, questions, monkeypatch) -> dict[str, int]:
    """Both searches give the same answer to every question (route, hops, reasons); how many routes were of
    each outcome, and how many said that a tie on the route had ended."""
    questions = list(questions)
    bounded = answers(index, questions)
    with monkeypatch.context() as patched:
        patched.setattr(contact_path._Search, "cheapest", unbounded)
        reference = answers(index, questions)
    differing = [(question, mine, theirs) for question, mine, theirs in zip(questions, bounded, reference)
                 if mine != theirs]
    assert not differing, f"{len(differing)} of {len(questions)} answers differ, first: {differing[0]}"
    return outcomes(bounded)


def outcomes(documents: list[dict]) -> dict[str, int]:
    counted = {"documented": 0, "fallback": 0, "none": 0, "ended": 0}
    for document in documents:
        for route in document["routes"]:
            counted["none" if not route["found"] else "fallback" if route["fallback"] else "documented"] += 1
            counted["ended"] += any("that has ended" in reason for reason in route["reasons"])
    return counted


def questions_for(sources: list[str], targets: list[str], options: list[PathOptions]):
    return [(source, [target], option) for option in options for source in sources for target in targets]


def kinds(index, *wanted: str) -> list[str]:
    return sorted(uid for uid, node in index.nodes.items() if node.kind in wanted)


@pytest.fixture(scope="module")
def charted_index(reference_graph):
    """The reference data and the three independent region charts."""
    for style in sorted(path.name for path in CHARTS.iterdir() if (path / "expected.json").exists()):
        workbook = read_workbook(CHARTS / style)
        validation = validate(workbook, existing_ids=existing_kinds(reference_graph, workbook_ids(workbook)))
        assert validation.ok, validation.problems
        apply_chart(reference_graph, validation.chart, owner=f"test chart {style}")
    return load_route_index(reference_graph)


def test_the_reference_data_gets_the_same_answers(charted_index, monkeypatch):
    index = charted_index
    sources = kinds(index, "npo", "knowledge_area")[::2]
    targets = kinds(index, "municipality")[::10] + kinds(index, "person")[::20]
    counted = assert_same_answers(index, questions_for(sources, targets, OPTIONS), monkeypatch)
    # The comparison is worth something only where the fallback search ran: many fell back, many found nothing.
    assert counted["fallback"] >= 200 and counted["none"] >= 200, counted


def test_ended_memberships_get_the_same_answers(graph, monkeypatch):
    apply_chart(graph, reference_chart(), owner=REFERENCE_OWNER)
    graph.write("MATCH (:Person)-[m:MEMBER_OF {role: 'municipal_representative'}]->() SET m.end = date('2025-06-30')")
    graph.write("MATCH (:Person)-[c:CONTACT_PERSON_FOR]->() SET c.end = date('2024-12-31')")
    index = load_route_index(graph)
    sources = kinds(index, "npo")
    targets = kinds(index, "municipality")[::2]
    counted = assert_same_answers(index, questions_for(sources, targets, OPTIONS[:2]), monkeypatch)
    assert counted["fallback"] >= 100 and counted["ended"] >= 100, counted


def test_generated_charts_get_the_same_answers(graph, monkeypatch):
    # The benchmark's chart: one region in seven lacks contact persons, key persons' ties to the municipalities
    # or municipal representatives, and the NPOs' members lead from every NPO into every region.
    apply_chart(graph, bench_chart(0.35), owner="generated")
    index = load_route_index(graph)
    rng = random.Random(15)
    sources, targets = kinds(index, "npo", "knowledge_area"), kinds(index, "municipality")
    questions = [(rng.choice(sources), [rng.choice(targets)], rng.choice(OPTIONS)) for _ in range(300)]
    counted = assert_same_answers(index, questions, monkeypatch)
    assert counted["fallback"] >= 20 and counted["none"] >= 20 and counted["documented"] >= 20, counted


# Into a region without contact persons (01), one without municipal representatives (03), and one whose
# key persons' ties to the municipalities are missing (02): fallback routes and none.
GROWTH_QUESTIONS = [("npo:0", "municipality:0104", OPTIONS[0]), ("npo:4", "municipality:0104", OPTIONS[0]),
                    ("npo:4", "municipality:0104", OPTIONS[5]), ("npo:0", "municipality:0305", OPTIONS[0]),
                    ("npo:4", "municipality:0305", OPTIONS[5]), ("npo:0", "municipality:0203", OPTIONS[5]),
                    ("npo:9", "municipality:0305", OPTIONS[4])]


def looked_at(index, question) -> tuple[str, int]:
    """The question's outcome and how many nodes' steps its answer looked at."""
    source, target, options = question
    counting = CountingIndex(index)
    (route,) = contact_paths(counting, source, [target], options).routes
    return "none" if not route.found else "fallback" if route.fallback else "documented", len(counting.looked_at)


def test_the_work_follows_the_route_not_the_graph(graph):
    # The same questions on a chart of 5 regions and one of 13: the NPOs' members lead into every region,
    # so the unbounded search looked at more the more regions there were; the answer now looks at as many.
    measured = {}
    for scale in (0.25, 0.6):
        graph.write("MATCH (n) DETACH DELETE n")
        apply_chart(graph, bench_chart(scale), owner="generated")
        index = load_route_index(graph)
        measured[scale] = [looked_at(index, question) for question in GROWTH_QUESTIONS]
    small, large = measured.values()
    assert [outcome for outcome, _ in small] == [outcome for outcome, _ in large]
    assert {"fallback", "none"} <= {outcome for outcome, _ in small}, small
    assert all(nodes_large <= 1.25 * nodes_small for (_, nodes_small), (_, nodes_large) in zip(small, large)), \
        measured
