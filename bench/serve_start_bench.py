"""How soon `govgraph serve` answers its first contact path after it starts, on a graph served before or not.

Imports the synthetic national-scale chart with the contact path's
communication layer (`query_bench`) into an embedded engine of its own, then
per scale starts `govgraph serve` twice on it:

* cold: the first start on the graph, which reads every node and route edge
  from the engine (and keeps the rows on disk with the graph's version);
* warm: the next start on the unchanged graph, which makes its route index
  from the kept rows (`cypher.route_snapshot`).

Each time it measures from starting the process to the first contact-path
answer (an NPO to a municipality of the last region), and prints both and
their ratio. Aim: warm at 10x within 15 s.

Then, on the warm server, it writes through govgraph from this process
(sharing the server's store, so the graph's version and its change log) and
times the server's next contact-path answer, which must show the write:

* a small import (one new LAG): the server reads only the nodes the change
  log names and patches its index;
* a write that cannot say what it touched (as a restore writes): the server
  reads the whole graph again.

It prints both and their ratio. Aim: the patched answer at 10x within a few seconds.
Run: `python bench/serve_start_bench.py --scales 1 10`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from import_bench import MUNICIPALITIES_PER_REGION, REGIONS, bench_graph, synthetic_chart  # noqa: E402
from query_bench import with_communication_layer  # noqa: E402
from serving import free_port, start_server  # noqa: E402

from cypher.route_snapshot import FILE_NAME  # noqa: E402
from graphmodel.engine import Graph  # noqa: E402
from graphmodel.graph_version import graph_version  # noqa: E402
from graphmodel.schema import install_schema  # noqa: E402
from graphmodel.settings import Settings  # noqa: E402
from importers.chart import Chart, UnitRecord  # noqa: E402
from importers.load import apply_chart  # noqa: E402

WARM_AIM_SECONDS = 15.0
# Long enough for a cold start at ten times the nation, which reads the whole graph before it answers.
ANSWER_TIMEOUT = 900.0


SMALL_WRITE_LAG = "lag:bench-small-write"
# Up to date after a small write means within seconds; the aim at ten times the nation.
PATCHED_AIM_SECONDS = 5.0
# Per scale: seconds to the first answer after the small write.
patched_seconds: dict[float, float] = {}


def first_answer_seconds(data_dir: Path, question: dict[str, str], log: Path,
                         then: Callable[[str], None] | None = None) -> tuple[float, float]:
    """Seconds from starting `govgraph serve` to its readiness, and to its first contact-path answer;
    `then`, given the server's address, runs on the server before it is stopped."""
    port = free_port()
    started = time.perf_counter()
    server = start_server(data_dir, port, extra_args=("--no-reference",), log=log, GOVGRAPH_RATE_LIMIT="0")
    ready = time.perf_counter() - started
    try:
        contact_path(f"http://127.0.0.1:{port}", question, log)
        answered = time.perf_counter() - started
        if then is not None:
            then(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=60)
    return ready, answered


def contact_path(base: str, question: dict[str, str], log: Path) -> dict:
    response = httpx.get(f"{base}/api/v1/paths/contact", params=question, timeout=ANSWER_TIMEOUT)
    response.raise_for_status()
    (route,) = response.json()["routes"]
    if not route["found"]:
        raise SystemExit(f"no route found for {question}; see {log}")
    return route


def after_writes(graph: Graph, data_dir: Path, scale: float, log: Path) -> Callable[[str], None]:
    """Time the server's first answer after a small import and after a write that names nothing."""
    graph.shared_version = graph_version(Settings(data_dir=data_dir))  # the server's store: its version and log
    question = {"from": "npo:0", "to": SMALL_WRITE_LAG}
    last_region = f"region:{max(1, round(REGIONS * scale)) - 1:02d}"

    def measure_on(base: str) -> None:
        apply_chart(graph, Chart(units=[UnitRecord(SMALL_WRITE_LAG, "lag", "LAG after a small write",
                                                   region=last_region, knowledge_area="knowledge-area:0")]),
                    owner="bench-small-write")
        started = time.perf_counter()
        contact_path(base, question, log)
        patched = time.perf_counter() - started
        with graph.transaction() as tx:  # names nothing it touched, as a restore: every process reads it all
            tx.run("MATCH (n:Entity {uid: $uid}) SET n.name = $name", uid=SMALL_WRITE_LAG,
                   name="LAG renamed by a write that names nothing").consume()
        started = time.perf_counter()
        route = contact_path(base, question, log)
        full = time.perf_counter() - started
        if not route["to"]["name"].startswith("LAG renamed"):
            raise SystemExit(f"the server did not show the write that names nothing; see {log}")
        print(f"scale {scale}: first contact path after a small import {patched:6.2f} s (patched), after a write "
              f"that names nothing {full:6.1f} s (full read); patched / full {patched / full:.3f}")
        patched_seconds[scale] = patched

    return measure_on


def measure(graph: Graph, data_dir: Path, scale: float) -> float:
    graph.shared_version = None  # the synthetic graph is made before any server reads it
    graph.write("MATCH (n) DETACH DELETE n")
    (data_dir / FILE_NAME).unlink(missing_ok=True)
    apply_chart(graph, with_communication_layer(synthetic_chart(scale)), owner="bench")
    last_region = max(1, round(REGIONS * scale)) - 1
    question = {"from": "npo:0", "to": f"municipality:{last_region:02d}{MUNICIPALITIES_PER_REGION - 1:02d}"}
    cold_ready, cold = first_answer_seconds(data_dir, question, data_dir.parent / f"serve-cold-{scale}.log")
    if not (data_dir / FILE_NAME).is_file():
        raise SystemExit(f"the cold start kept no route index in {data_dir}")
    warm_log = data_dir.parent / f"serve-warm-{scale}.log"
    warm_ready, warm = first_answer_seconds(data_dir, question, warm_log,
                                            then=after_writes(graph, data_dir, scale, warm_log))
    print(f"scale {scale}: first contact path {cold:6.1f} s after start when cold (ready {cold_ready:.1f} s), "
          f"{warm:6.1f} s when warm (ready {warm_ready:.1f} s); warm / cold {warm / cold:.2f}")
    return warm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0], help="fractions of national size")
    options = parser.parse_args()
    with bench_graph("govgraph-serve-start-bench-", java_heap="4g") as (graph, workdir):
        install_schema(graph)
        warm = {scale: measure(graph, workdir / "engine", scale) for scale in options.scales}
    largest = max(warm)
    patched = patched_seconds[largest]
    print(f"warm start at scale {largest}: {warm[largest]:.1f} s (aim: at most {WARM_AIM_SECONDS:.0f} s); "
          f"first answer after a small write {patched:.2f} s (aim: at most {PATCHED_AIM_SECONDS:.0f} s)")
    return 0 if warm[largest] <= WARM_AIM_SECONDS and patched <= PATCHED_AIM_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
