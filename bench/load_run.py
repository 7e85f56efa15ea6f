"""The load run: 50 concurrent clients for 60 s against `govgraph serve` on the reference data, on loopback.

Starts `govgraph serve` on a data directory of its own (its own embedded
engine, the reference data loaded), then runs locust headless as a second
process with the mix in bench/load/locustfile.py, bounded in clients and
time. It prints throughput, p50/p95/p99 and errors per route and in total,
and checks the goals: no errors, and p99 under 10 times p50.

With `--kill-engine-at S` the engine's process is killed S seconds into the
run: the answers during the outage are 503 problems, `govgraph serve`
restarts its engine, and the run reports how many requests failed and how
long the service took to answer again.

With `--attack-at S`, S seconds into the run one reader key sends what
issue 12's attacker sent through `POST /api/v1/cypher`: four queries that
blow the engine's memory and two that never end, one after the other. The
run reports what each got and when the service was ready again; the locust
figures show what the other clients saw meanwhile.

Run: `python bench/load_run.py` (`--users 10 --seconds 15` for a quick look).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from serving import free_port, start_server  # noqa: E402


def serve(data_dir: Path, port: int) -> subprocess.Popen:
    # The run measures capacity, so the per-caller limit (which would answer 429 to 50 clients on one
    # address) is off.
    return start_server(data_dir, port, log=data_dir.parent / "serve.log", GOVGRAPH_RATE_LIMIT="0")


def engine_pid(data_dir: Path) -> int:
    return int(json.loads((data_dir / "engine.json").read_text())["pid"])


def seconds_until_ready(base: str, since: float, patience: float) -> float | None:
    """Seconds from `since` until readiness answers 200, or None if it does not within `patience`."""
    while time.monotonic() - since < patience:
        try:
            if httpx.get(f"{base}/api/v1/health/ready", timeout=5).status_code == 200:
                return round(time.monotonic() - since, 1)
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    return None


def in_background(work) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def kill_engine_later(data_dir: Path, base: str, after: float, outcome: dict) -> threading.Thread:
    def run() -> None:
        time.sleep(after)
        pid = engine_pid(data_dir)
        os.kill(pid, signal.SIGKILL)
        outcome["killed_pid"] = pid
        outcome["ready_again_after_s"] = seconds_until_ready(base, time.monotonic(), 120)

    return in_background(run)


MEMORY_BLOWER = "RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS s"
ENDLESS = ("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
           "WITH a, b WHERE a * b = -1 RETURN count(*) AS n")


def attack_later(data_dir: Path, base: str, after: float, outcome: dict) -> threading.Thread:
    sys.path.insert(0, str(HERE.parent))
    from api.keys import Role, key_store
    from graphmodel.settings import Settings

    _, secret = key_store(Settings(data_dir=data_dir)).create("load-run attacker", Role.reader)

    def run() -> None:
        time.sleep(after)
        answers = []
        started = time.monotonic()
        for query in [MEMORY_BLOWER] * 4 + [ENDLESS] * 2:
            asked = time.monotonic()
            try:
                response = httpx.post(f"{base}/api/v1/cypher", json={"query": query},
                                      headers={"Authorization": f"Bearer {secret}"}, timeout=60)
                answers.append(f"{response.status_code} in {time.monotonic() - asked:.1f} s")
            except httpx.TransportError as error:
                answers.append(f"{type(error).__name__} after {time.monotonic() - asked:.1f} s")
        outcome["attack"] = answers
        outcome["attack_ready_after_s"] = seconds_until_ready(base, started, 180)

    return in_background(run)


def run_locust(base: str, users: int, seconds: int, prefix: Path) -> None:
    subprocess.run([sys.executable, "-m", "locust", "-f", str(HERE / "load" / "locustfile.py"), "--headless",
                    "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
                    "--host", base, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
                    "--exit-code-on-error", "0"], check=True, timeout=seconds + 120)


def report(prefix: Path, seconds: int) -> bool:
    with open(f"{prefix}_stats.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    print(f"{'route':28} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for row in rows:
        print(f"{row['Name']:28} {row['Request Count']:>9} {row['Failure Count']:>7} "
              f"{float(row['Requests/s']):7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}")
    total = next(row for row in rows if row["Name"] == "Aggregated")
    errors, p50, p99 = int(total["Failure Count"]), float(total["50%"]), float(total["99%"])
    print(f"throughput {float(total['Requests/s']):.0f} requests/s over {seconds} s; errors {errors}; "
          f"p99/p50 = {p99 / p50:.1f} (goal: no errors, p99 under 10 times p50)")
    failures = Path(f"{prefix}_failures.csv")
    if errors and failures.exists():
        print(failures.read_text())
    return errors == 0 and p99 < 10 * p50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent clients")
    parser.add_argument("--seconds", type=int, default=60, help="length of the run")
    parser.add_argument("--kill-engine-at", type=float, default=None, metavar="S",
                        help="kill the engine's process this many seconds into the run")
    parser.add_argument("--attack-at", type=float, default=None, metavar="S",
                        help="send issue 12's memory-blowing and endless ad-hoc queries this many seconds in")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="govgraph-load-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    (workdir / "data").mkdir()
    server = serve(workdir / "data", port)
    outcome: dict = {}
    try:
        if options.kill_engine_at is not None:
            kill_engine_later(workdir / "data", base, options.kill_engine_at, outcome)
        if options.attack_at is not None:
            attack_later(workdir / "data", base, options.attack_at, outcome)
        run_locust(base, options.users, options.seconds, workdir / "load")
        met = report(workdir / "load", options.seconds)
        if "killed_pid" in outcome:
            print(f"engine process {outcome['killed_pid']} killed at {options.kill_engine_at} s; "
                  f"ready again after {outcome.get('ready_again_after_s') or 'more than 120'} s")
        if "attack" in outcome:
            print(f"attack at {options.attack_at} s, one reader key: {'; '.join(outcome['attack'])}; "
                  f"ready after {outcome.get('attack_ready_after_s') or 'more than 180'} s from the first query")
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if met or outcome else 1


if __name__ == "__main__":
    sys.exit(main())
