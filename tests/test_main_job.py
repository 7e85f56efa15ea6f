"""The README's main job: `govgraph serve` on the embedded engine, with the reference data, from nothing."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest
from test_engine_cli import engine_pids

pytestmark = pytest.mark.engine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, seconds: float = 240) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read()
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_serve_starts_the_engine_loads_the_reference_data_and_serves_the_explorer(cli_env):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "govgraph", "serve", "--port", str(port)], env=cli_env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        health = wait_for(f"{base}/api/v1/health/ready", server).json()
        assert health["engine"] == "embedded ArcadeDB" and health["ready"] is True
        assert "uri" not in health  # where the engine listens is for admin keys only (issue 12)
        orebro = httpx.get(f"{base}/api/v1/nodes/municipality:1880", timeout=30).json()
        assert orebro["name"] == "Örebro"
        npos = httpx.get(f"{base}/api/v1/nodes", params={"kind": "npo", "limit": 100}, timeout=30).json()
        assert npos["total"] == 26 and len(npos["items"]) == 26
        page = httpx.get(f"{base}/", timeout=60)
        assert page.status_code == 200 and 'id="network"' in page.text
        drawing = httpx.get(f"{base}/api/v1/drawings/neighbourhood/npo:psykisk-halsa", timeout=60).json()
        assert drawing["title"].startswith("NPO Psykisk hälsa")
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert server.returncode in (0, 143)  # 143: stopped by SIGTERM, as a service manager would
    assert engine_pids(cli_env["GOVGRAPH_DATA_DIR"]) == []
