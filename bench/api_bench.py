"""Contact-path latency through the HTTP API beside the same question answered directly, in one run.

Loads a data set into an embedded engine of the benchmark's own, starts
`govgraph serve` on it as a second process on 127.0.0.1, and asks the same
random contact-path questions (an NPO to a municipality) three ways:

* direct: `contact_paths(route_index(graph), ...)` and its JSON, in this process;
* API, one client: `GET /api/v1/paths/contact`, one request at a time;
* API, 20 clients: the same, 20 requests in flight at once.

Direct and one-client rounds alternate, so a noisy neighbour on the machine
hits both alike. It prints p50/p95 of each, the ratio of the API's p95 at one
client to the direct p95 (aim: at most 1.3) and the errors at 20 clients (aim:
none).

Data sets: `national` (default), the synthetic national-scale structure of
`query_bench` (every region with its groups, people and communication layer,
as a service for the whole country holds), and `reference`, the small built-in
reference data, whose answers take a fraction of a millisecond, so its ratio
shows the fixed cost of an HTTP request rather than the API's share of an
answer. Run: `python bench/api_bench.py [--data reference] [--questions 100]`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from import_bench import bench_graph, synthetic_chart  # noqa: E402
from query_bench import with_communication_layer  # noqa: E402
from serving import free_port, start_server  # noqa: E402

from cypher.contact_path import PathOptions, contact_paths  # noqa: E402
from cypher.route_index import route_index  # noqa: E402
from graphmodel.engine import Graph  # noqa: E402
from graphmodel.schema import install_schema  # noqa: E402
from importers.load import apply_chart  # noqa: E402
from importers.reference import REFERENCE_OWNER, reference_chart  # noqa: E402

ON = datetime.date(2026, 1, 1)
REGIONS_WITH_STRUCTURE = ("region:18", "region:20", "region:24")  # Örebro, Dalarna, Västerbotten
QUESTIONS_SQL = """
MATCH (r:Entity)-[:SERVES]->(:Entity)<-[:LOCATED_IN]-(m:Entity {kind: 'municipality'})
WHERE r.uid IN $regions
WITH collect(DISTINCT m.uid) AS municipalities
MATCH (npo:Entity {kind: 'npo'})
RETURN collect(DISTINCT npo.uid) AS npos, municipalities
"""


def load(graph: Graph, data: str) -> None:
    if data == "reference":
        apply_chart(graph, reference_chart(), owner=REFERENCE_OWNER)
    else:
        apply_chart(graph, with_communication_layer(synthetic_chart(1.0)), owner="bench")


def questions(graph: Graph, data: str, count: int) -> list[tuple[str, str]]:
    """Random (NPO, municipality) pairs; for the reference data, municipalities of the regions with structure."""
    if data == "reference":
        row = graph.read(QUESTIONS_SQL, regions=list(REGIONS_WITH_STRUCTURE))[0]
        npos, municipalities = row["npos"], row["municipalities"]
    else:
        index = route_index(graph)
        npos = sorted(uid for uid, node in index.nodes.items() if node.kind == "npo")
        municipalities = sorted(uid for uid, node in index.nodes.items() if node.kind == "municipality")
    if not npos or not municipalities:
        raise SystemExit(f"the {data} data has no NPOs or no municipalities to ask about")
    chooser = random.Random(20261122)
    return [(chooser.choice(npos), chooser.choice(municipalities)) for _ in range(count)]


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def path_parameters(question: tuple[str, str]) -> dict[str, str]:
    return {"from": question[0], "to": question[1], "at": ON.isoformat()}


def answer_directly(graph: Graph, question: tuple[str, str]) -> dict:
    return contact_paths(route_index(graph), question[0], [question[1]], PathOptions(ON)).as_json()


def answer_through_api(client: httpx.Client, question: tuple[str, str]) -> dict:
    response = client.get("/api/v1/paths/contact", params=path_parameters(question))
    response.raise_for_status()
    return response.json()


async def concurrent_round(base: str, asked: list[tuple[str, str]], clients: int) -> tuple[list[float], int]:
    """Each of `clients` workers asks its share in turn; the latencies of successful answers, and the failures."""
    latencies: list[float] = []
    failures = 0
    queue: asyncio.Queue = asyncio.Queue()
    for question in asked:
        queue.put_nowait(question)

    async def worker() -> None:
        nonlocal failures
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            while not queue.empty():
                question = queue.get_nowait()
                started = time.perf_counter()
                try:
                    response = await client.get("/api/v1/paths/contact", params=path_parameters(question))
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    failures += 1

    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, failures


def percentiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100)
    return cuts[49], cuts[94]


def run(graph: Graph, workdir: Path, options: argparse.Namespace) -> int:
    install_schema(graph)
    load(graph, options.data)
    asked = questions(graph, options.data, options.questions)
    port = free_port()
    # The synthetic data set stays as it is: no reference data is loaded into it.
    extra = () if options.data == "reference" else ("--no-reference",)
    # Latency, not the per-caller limit, is measured: one client on one address would soon get 429.
    server = start_server(workdir / "engine", port, extra_args=extra, GOVGRAPH_RATE_LIMIT="0")
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for question in asked[:50]:  # warm both sides: JIT in the engine, caches, connections
                assert answer_directly(graph, question) == answer_through_api(client, question)
            direct, api = [], []
            for start in range(0, len(asked), 25):
                block = asked[start:start + 25]
                direct += [timed(lambda q=q: answer_directly(graph, q)) for q in block]
                api += [timed(lambda q=q: answer_through_api(client, q)) for q in block]
        many, failures = asyncio.run(concurrent_round(base, asked * 2, options.clients))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"data: {options.data}, {len(route_index(graph).nodes)} nodes; {len(asked)} questions")
    report(direct, api, many, failures, options.clients)
    return 0 if percentiles(api)[1] <= 1.3 * percentiles(direct)[1] and failures == 0 else 1


def report(direct: list[float], api: list[float], many: list[float], failures: int, clients: int) -> None:
    rows = [("direct (same process)", direct), ("API, 1 client", api), (f"API, {clients} clients", many)]
    direct_p95 = percentiles(direct)[1]
    print(f"{'':24} {'answers':>8} {'p50 ms':>8} {'p95 ms':>8} {'p95 / direct p95':>17}")
    for name, values in rows:
        p50, p95 = percentiles(values)
        print(f"{name:24} {len(values):8d} {p50:8.2f} {p95:8.2f} {p95 / direct_p95:17.2f}")
    print(f"errors with {clients} clients: {failures}")
    print(f"API p95 at 1 client / direct p95: {percentiles(api)[1] / direct_p95:.2f} (aim: at most 1.3)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=["national", "reference"], default="national",
                        help="the synthetic national-scale structure, or the built-in reference data")
    parser.add_argument("--questions", type=int, default=400, help="contact-path questions per round")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients in the last round")
    options = parser.parse_args()
    with bench_graph("govgraph-api-bench-", "4g") as (graph, workdir):
        return run(graph, workdir, options)


if __name__ == "__main__":
    sys.exit(main())
