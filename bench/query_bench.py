"""How fast the contact path and the reporting chain answer, against an in-memory search of the same graph.

Builds the synthetic national-scale chart of `import_bench` (and one ten
times larger), adds the communication layer the contact path needs (per
region a V&F-like network, contact persons for the municipal representatives
and a key person per municipality), imports it into an embedded engine of its
own, then measures on random questions:

* contact path: `contact_paths` from an NPO to a municipality (the route
  index is read once and reused, as the API does);
* reporting chain: `govgraph chain`'s answer for a LAG;
* baseline: networkx's shortest path over the same edges, oriented as
  information flows, in the same process.

It prints p50/p95 of each and the ratio of p95 to the baseline's p95
(aim: within 20 at both sizes). Run: `python bench/query_bench.py`
(`--scales 0.1` for a quick look).
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx

sys.path.insert(0, str(Path(__file__).parent))

from import_bench import MUNICIPALITIES_PER_REGION, bench_graph, synthetic_chart  # noqa: E402

from cypher.contact_path import PathOptions, contact_paths  # noqa: E402
from cypher.route_index import RouteIndex, route_index  # noqa: E402
from graphmodel.engine import Graph  # noqa: E402
from graphmodel.routing import CARRIER, DESCENT, FLOWS  # noqa: E402
from graphmodel.schema import install_schema  # noqa: E402
from importers.chart import Chart, MembershipRecord, PersonRecord, RelationRecord, UnitRecord  # noqa: E402
from importers.load import apply_chart  # noqa: E402

CONTACTS_PER_REGION = 3
ON = datetime.date(2026, 1, 1)


def with_communication_layer(chart: Chart) -> Chart:
    regions = sorted({unit.id for unit in chart.units if unit.kind == "region"})
    # A representative's region is that of the group they sit in, as the chart records it; reading it off the
    # municipality id by position broke at 100 regions and more, where the region number takes three digits.
    region_of_group = {unit.id: unit.region for unit in chart.units if unit.region}
    representatives = [m for m in chart.memberships if m.role == "municipal_representative"]
    for region in regions:
        number = region.split(":")[1]
        network = f"network:{number}"
        chart.units.append(UnitRecord(network, "network", f"Nätverk {number}", region=region))
        contacts = [f"person:vf-{number}-{k}" for k in range(CONTACTS_PER_REGION)]
        for contact in contacts:
            chart.people.append(PersonRecord(contact, f"Kontakt {contact}", fictional=True))
            chart.relations.append(RelationRecord(contact, "DISSEMINATES_TO", network))
        region_reps = [m for m in representatives if region_of_group.get(m.unit) == region]
        for position, membership in enumerate(dict.fromkeys(m.person for m in region_reps)):
            chart.relations.append(RelationRecord(contacts[position % len(contacts)], "CONTACT_PERSON_FOR",
                                                  membership))
        for m in range(MUNICIPALITIES_PER_REGION):
            municipality, key = f"municipality:{number}{m:02d}", f"person:key-{number}-{m}"
            chart.people.append(PersonRecord(key, f"Nyckelperson {number}-{m}", fictional=True))
            chart.memberships.append(MembershipRecord(key, network, "key_person", represents=(municipality,)))
            chart.relations.append(RelationRecord(key, "DISSEMINATES_TO", municipality))
    return chart


def flow_digraph(index: RouteIndex) -> networkx.DiGraph:
    """The same edges as the path finder's documented stages, each pointing the way information flows."""
    digraph = networkx.DiGraph()
    for position, flow in enumerate(FLOWS):
        if flow.stage in (DESCENT, CARRIER) and not flow.into_target:
            for uid in index.nodes:
                for step in index.steps(position, uid):
                    digraph.add_edge(uid, step.to)
    return digraph


def latencies(action: Callable[[object], object], questions: list) -> list[float]:
    times = []
    for question in questions:
        started = time.perf_counter()
        action(question)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[round(share * 100) - 1]


def measure(graph: Graph, scale: float, samples: int) -> None:
    chart = with_communication_layer(synthetic_chart(scale))
    graph.write("MATCH (n) DETACH DELETE n")
    started = time.perf_counter()
    apply_chart(graph, chart, owner="bench")
    loaded = time.perf_counter() - started
    index_started = time.perf_counter()
    index = route_index(graph)
    index_time = time.perf_counter() - index_started
    print(f"scale {scale}: {len(index.nodes)} nodes, {len(index.edges)} route edges; import {loaded:.0f} s, "
          f"route index read {index_time:.1f} s")
    rng = random.Random(7)
    municipalities = [uid for uid, node in index.nodes.items() if node.kind == "municipality"]
    npos = [uid for uid, node in index.nodes.items() if node.kind == "npo"]
    lags = [uid for uid, node in index.nodes.items() if node.kind == "lag"]
    pairs = [(rng.choice(npos), rng.choice(municipalities)) for _ in range(samples)]
    options = PathOptions(ON)
    # First as a freshly made index answers (each node's steps made at its first visit), then as a served
    # index answers once warmed (`govgraph serve` warms it on a thread of its own after start), each on
    # questions of its own, so the second pass does not find the steps the first made for the same ones.
    first_pairs = [(rng.choice(npos), rng.choice(municipalities)) for _ in range(samples)]
    first_ms = latencies(lambda pair: contact_paths(route_index(graph), pair[0], [pair[1]], options), first_pairs)
    warm_started = time.perf_counter()
    index.warm()
    warm_time = time.perf_counter() - warm_started
    path_ms = latencies(lambda pair: contact_paths(route_index(graph), pair[0], [pair[1]], options), pairs)
    digraph = flow_digraph(index)
    bfs_ms = latencies(lambda pair: networkx.has_path(digraph, *pair) and networkx.shortest_path(digraph, *pair),
                       pairs)
    found = sum(route.found for pair in pairs[:20]
                for route in contact_paths(index, pair[0], [pair[1]], options).routes)
    chain_ms = _chain_latencies(graph, [rng.choice(lags) for _ in range(samples)])
    base = p(bfs_ms, 0.95)
    print(f"  in-memory BFS (networkx):  p50 {p(bfs_ms, .5):7.3f} ms  p95 {base:7.3f} ms")
    print(f"  contact path, first pass:  p50 {p(first_ms, .5):7.3f} ms  p95 {p(first_ms, .95):7.3f} ms  "
          f"p95 ratio {p(first_ms, .95) / base:6.1f}  (steps made at each node's first visit)")
    print(f"  index warmed in {warm_time:.1f} s")
    print(f"  contact path:              p50 {p(path_ms, .5):7.3f} ms  p95 {p(path_ms, .95):7.3f} ms  "
          f"p95 ratio {p(path_ms, .95) / base:6.1f}  (aim <= 20; {found}/20 sampled routes found)")
    if chain_ms:
        print(f"  reporting chain:           p50 {p(chain_ms, .5):7.3f} ms  p95 {p(chain_ms, .95):7.3f} ms  "
              f"p95 ratio {p(chain_ms, .95) / base:6.1f}")


def _chain_latencies(graph: Graph, lags: list[str]) -> list[float]:
    from cypher import chain

    return latencies(lambda lag: chain.reporting_chain(graph, lag, at=ON.isoformat()), lags)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0], help="fractions of national size")
    parser.add_argument("--samples", type=int, default=200, help="questions per measurement")
    options = parser.parse_args()
    with bench_graph("govgraph-query-bench-", java_heap="4g") as (graph, _):
        install_schema(graph)
        for scale in options.scales:
            measure(graph, scale, options.samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
