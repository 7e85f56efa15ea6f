"""How the contact path answers where no documented route exists: the fallback search, old and new.

Builds `query_bench`'s chart (the synthetic nation and its communication
layer) with carriers missing in one region of seven each: no V&F contact
person named for the representatives (the contact persons support an LPO
instead), no key person who disseminates to a municipality, no municipal
representative in the LAGs; and each region sends one member to an NPO, so
the fallback ties lead from any NPO into every region. On an embedded engine
of its own it picks random questions from an NPO to a municipality of those
regions (some with the networks or the contact-person ties excluded), the
first `--samples` whose answer is a fallback route and as many with no route,
and measures each answer twice:

* new: `contact_paths` as it is, whose fallback search meets the target from
  both ends and runs forward only where a cheapest route can pass;
* old: the same with the fallback search unbounded (Dijkstra from everything
  the descent reached until the target), as it was before.

It prints, per outcome, p50/p95 of each and the nodes whose steps each answer
looked at, checks the answers are the same, and the new p50's growth from the
first scale to the last (aim: at most 3 for a tenfold graph).
Run: `PYTHONPATH=. python bench/fallback_bench.py --scales 1 10` (`--scales 0.2` for a quick look).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from import_bench import bench_graph, synthetic_chart  # noqa: E402
from query_bench import ON, with_communication_layer  # noqa: E402

from cypher import contact_path  # noqa: E402
from cypher.contact_path import PathOptions, contact_paths  # noqa: E402
from cypher.route_index import RouteIndex, route_index  # noqa: E402
from graphmodel.schema import install_schema  # noqa: E402
from importers.chart import Chart, MembershipRecord  # noqa: E402
from importers.load import apply_chart  # noqa: E402

# Of every seven regions: the one without V&F contact persons, the one whose key persons disseminate to no
# municipality, the one whose LAGs have no municipal representative.
NO_CONTACT, NO_KEY_PERSON, NO_REPRESENTATIVE = 1, 2, 3
OPTIONS = (PathOptions(ON), PathOptions(ON, exclude_kinds=frozenset({"network"})),
           PathOptions(ON, exclude_edges=frozenset({"CONTACT_PERSON_FOR"})))


def with_national_members(chart: Chart) -> Chart:
    """Each region sends one member to an NPO, as the programme areas' members come from the regions: the
    fallback ties then lead from any NPO into every region, as they do in the reference data."""
    npos = sorted(unit.id for unit in chart.units if unit.kind == "npo")
    regions = sorted(unit.id for unit in chart.units if unit.kind == "region")
    for number, region in enumerate(regions):
        chart.memberships.append(MembershipRecord(f"person:{int(region.split(':')[1])}-1", npos[number % len(npos)],
                                                  "member"))
    return chart


def with_missing_carriers(chart: Chart) -> Chart:
    """The chart with one region in seven missing each carrier of the documented route."""
    def region_is(number: str, which: int) -> bool:
        return int(number) % 7 == which

    chart.relations = [
        relation for relation in chart.relations
        if not (relation.type == "CONTACT_PERSON_FOR" and relation.source.startswith("person:vf-")
                and region_is(relation.source.split("-")[1], NO_CONTACT))
        and not (relation.type == "DISSEMINATES_TO" and relation.source.startswith("person:key-")
                 and region_is(relation.source.split("-")[1], NO_KEY_PERSON))]
    chart.memberships = [
        membership for membership in chart.memberships
        if not (membership.role == "municipal_representative"
                and region_is(membership.unit.split(":")[1].split("-")[0], NO_REPRESENTATIVE))]
    # Where no V&F contact person is named, the contact persons still support an LPO: a fallback route (002).
    for person in [person.id for person in chart.people if person.id.startswith("person:vf-")]:
        _, region, number = person.split("-")
        if region_is(region, NO_CONTACT):
            chart.memberships.append(MembershipRecord(person, f"lpo:{int(region)}-{number}", "method_support"))
    return chart


def bench_chart(scale: float) -> Chart:
    return with_national_members(with_missing_carriers(with_communication_layer(synthetic_chart(scale))))


def unbounded(search, starts, stages, target):
    """The fallback search as it was: Dijkstra from every start over every flow of the stages."""
    return search.run(starts, stages, target)


@contextmanager
def old_fallback_search():
    kept = contact_path._Search.cheapest
    contact_path._Search.cheapest = unbounded
    try:
        yield
    finally:
        contact_path._Search.cheapest = kept


class CountingIndex:
    """The route index, counting the nodes whose steps or neighbours an answer looks at (its explanations too)."""

    def __init__(self, index: RouteIndex) -> None:
        self._index = index
        self.looked_at: set[str] = set()

    def __getattr__(self, name: str):
        return getattr(self._index, name)

    def steps(self, position: int, uid: str):
        self.looked_at.add(uid)
        return self._index.steps(position, uid)

    def steps_into(self, position: int, uid: str):
        self.looked_at.add(uid)
        return self._index.steps_into(position, uid)

    def steps_within(self, position: int, uid: str, territories):
        self.looked_at.add(uid)
        return self._index.steps_within(position, uid, territories)

    def neighbours(self, uid: str, rel_type: str, outgoing: bool):
        self.looked_at.add(uid)
        return self._index.neighbours(uid, rel_type, outgoing)


def p(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    done = action()
    return (time.perf_counter() - started) * 1000, done


def questions(index: RouteIndex, samples: int) -> dict[str, list[tuple[str, str, PathOptions]]]:
    """Random questions into the regions with missing carriers, `samples` of each outcome: fallback, none."""
    rng = random.Random(15)
    npos = sorted(uid for uid, node in index.nodes.items() if node.kind == "npo")
    holed = sorted(uid for uid, node in index.nodes.items() if node.kind == "municipality"
                   and int(uid.split(":")[1][:-2]) % 7 in (NO_CONTACT, NO_KEY_PERSON, NO_REPRESENTATIVE))
    picked: dict[str, list[tuple[str, str, PathOptions]]] = {"fallback": [], "no route": []}
    for _ in range(samples * 50):
        question = (rng.choice(npos), rng.choice(holed), rng.choice(OPTIONS))
        (route,) = contact_paths(index, question[0], [question[1]], question[2]).routes
        outcome = "fallback" if route.fallback else "no route" if not route.found else None
        if outcome and len(picked[outcome]) < samples:
            picked[outcome].append(question)
        if all(len(asked) == samples for asked in picked.values()):
            break
    return picked


def answered(index: RouteIndex, question: tuple[str, str, PathOptions]) -> tuple[float, int, dict]:
    """How long one answer took (ms), how many nodes' steps it looked at, and the answer."""
    source, target, options = question
    counting = CountingIndex(index)
    took, answer = timed(lambda: contact_paths(counting, source, [target], options))
    return took, len(counting.looked_at), answer.as_json()


def measure(graph, scale: float, samples: int) -> dict[str, float]:
    """Each outcome's p50 (ms) with the new search."""
    graph.write("MATCH (n) DETACH DELETE n")
    apply_chart(graph, bench_chart(scale), owner="bench")
    index = route_index(graph)
    print(f"scale {scale}: {len(index.nodes)} nodes, {len(index.edges)} route edges")
    medians = {}
    for outcome, asked in questions(index, samples).items():
        new = [answered(index, question) for question in asked]
        with old_fallback_search():
            old = [answered(index, question) for question in asked]
        same = sum(mine[2] == theirs[2] for mine, theirs in zip(new, old))
        print(f"  {outcome}: {len(asked)} questions, {same} answered the same old and new")
        for name, measured in (("new", new), ("old", old)):
            ms, nodes = [took for took, _, _ in measured], [count for _, count, _ in measured]
            print(f"    {name}: p50 {p(ms, .5):9.2f} ms  p95 {p(ms, .95):9.2f} ms   nodes looked at "
                  f"p50 {statistics.median(nodes):7.0f}  max {max(nodes):7d}")
        medians[outcome] = p([took for took, _, _ in new], .5)
    return medians


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0], help="fractions of national size")
    parser.add_argument("--samples", type=int, default=20, help="questions of each outcome per scale")
    options = parser.parse_args()
    with bench_graph("govgraph-fallback-bench-", java_heap="4g") as (graph, _):
        install_schema(graph)
        medians = [measure(graph, scale, options.samples) for scale in options.scales]
    for outcome in medians[0] if len(medians) > 1 else ():
        print(f"{outcome}: new p50 growth {options.scales[0]:g}x -> {options.scales[-1]:g}x: "
              f"{medians[-1][outcome] / medians[0][outcome]:.2f} (aim <= 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
