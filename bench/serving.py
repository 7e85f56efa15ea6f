"""`govgraph serve` as a second process for the benchmarks: on a data directory of their own, on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data_dir: Path, port: int, *, extra_args: tuple[str, ...] = (), log: Path | None = None,
                 timeout: float = 180, **settings: str) -> subprocess.Popen:
    """Started and ready (its readiness answers 200), with `settings` as GOVGRAPH_* variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "GOVGRAPH_"))}
    env.update(GOVGRAPH_DATA_DIR=str(data_dir), GOVGRAPH_CONFIG=str(data_dir / "absent.toml"), **settings)
    errors = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - the child writes to it until it ends
    server = subprocess.Popen([sys.executable, "-m", "govgraph", "serve", "--port", str(port), *extra_args],
                              env=env, stdout=subprocess.DEVNULL, stderr=errors)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health/ready", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"govgraph serve exited with status {server.returncode}" + (f"; see {log}" if log else ""))
        time.sleep(0.3)
    server.kill()
    raise SystemExit(f"govgraph serve did not become ready within {timeout:.0f} s")
