"""How long `govgraph backup` and `govgraph restore` take, and how large the file is, at national scale.

On an embedded engine of its own (a temporary data directory), loads the
synthetic national chart of `import_bench.py` with the importer, then measures:

* checksum: `content_checksum` (one streaming read of the whole graph);
* backup: `write_backup` (the read into the file, plus the confirming checksum read);
* verify: `verify_backup` (reading and checking the file, no engine);
* the `govgraph backup` command itself, in a process of its own on the same engine, with that
  process's peak memory (it stays flat as the graph grows: items are streamed, the checksum keeps
  32 bytes an item);
* restore: `restore_backup` into an emptied graph (verify, one write transaction, checksum
  inside it, schema), and with `force` over the full graph (which also deletes it in that transaction).

Run: `python bench/backup_bench.py` (`--scale 0.1` for a quick look).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from import_bench import bench_graph, empty, synthetic_chart

from govgraph.backup import (
    content_checksum,
    restore_backup,
    verify_backup,
    write_backup,
)
from graphmodel.engine import Graph
from graphmodel.schema import install_schema
from importers.load import apply_chart


def timed(label: str, action: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = action()
    print(f"{label:<34} {time.perf_counter() - started:7.2f} s")
    return result


def backup_command(workdir: Path, file: Path) -> None:
    """`govgraph backup` on the benchmark's engine; prints its time and peak memory."""
    env = {**os.environ, "GOVGRAPH_DATA_DIR": str(workdir / "engine"), "GOVGRAPH_CONFIG": str(workdir / "none.toml")}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "govgraph", "backup", str(file)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{'govgraph backup (whole command)':<34} {time.perf_counter() - started:7.2f} s, peak memory {peak:.0f} MB")


def counts(graph: Graph) -> str:
    nodes = graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    relationships = graph.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return f"{nodes} nodes, {relationships} relationships"


def run(graph: Graph, workdir: Path, scale: float) -> int:
    install_schema(graph)
    chart = synthetic_chart(scale)
    timed("load (importer)", lambda: apply_chart(graph, chart, owner="bench"))
    print(f"graph: {counts(graph)}")
    checksum = timed("content_checksum", lambda: content_checksum(graph))
    file = workdir / "national.zip"
    manifest = timed("backup (read + confirming read)", lambda: write_backup(graph, file))
    print(f"{'  file size':<34} {file.stat().st_size / 1_000_000:7.2f} MB")
    timed("verify the file", lambda: verify_backup(file))
    backup_command(workdir, workdir / "by-command.zip")
    timed("empty the graph (bench helper)", lambda: empty(graph))
    timed("restore into the empty graph", lambda: restore_backup(graph, file))
    assert content_checksum(graph) == checksum == manifest.content_checksum
    timed("restore --force over the full graph", lambda: restore_backup(graph, file, force=True))
    assert content_checksum(graph) == checksum
    print(f"round trip checked: {counts(graph)}, checksum {checksum[:16]}...")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national size")
    options = parser.parse_args()
    with bench_graph("govgraph-backup-bench-", java_heap="2g") as (graph, workdir):
        return run(graph, workdir, options.scale)


if __name__ == "__main__":
    sys.exit(main())
