"""How long `govgraph --help` takes beside a bare `python -c pass`, measured side by side in one run.

    python bench/cli_start_bench.py [--runs 15]

Each round starts both processes once, in turn, so that a busy moment of a shared machine falls on both;
the figures are medians, and the ratio is what counts (target: `govgraph --help` ≤ 10× the bare start).
Commands that answer without the engine's driver (`--help` of the group, an unknown command) are measured
too, and `govgraph vocabulary` and `govgraph path --help` show what a command pays for its own modules.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

TARGET_RATIO = 10.0
CASES = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "govgraph --help": [sys.executable, "-m", "govgraph", "--help"],
    "govgraph nosuch (usage error)": [sys.executable, "-m", "govgraph", "nosuch"],
    "govgraph vocabulary": [sys.executable, "-m", "govgraph", "vocabulary"],
    "govgraph path --help": [sys.executable, "-m", "govgraph", "path", "--help"],
}


def elapsed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    for command in CASES.values():  # warm the file cache and the bytecode once
        elapsed(command)
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(runs):
        for name, command in CASES.items():
            times[name].append(elapsed(command))
    bare = statistics.median(times["python -c pass"])
    print(f"{'command':<32} {'median':>9} {'÷ bare python':>14}   ({runs} runs each, interleaved)")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:<32} {median * 1000:7.0f} ms {median / bare:13.1f}×")
    ratio = statistics.median(times["govgraph --help"]) / bare
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(f"\ngovgraph --help ÷ python -c pass = {ratio:.1f} ({verdict} the target of ≤ {TARGET_RATIO:.0f}×)")


if __name__ == "__main__":
    main()
