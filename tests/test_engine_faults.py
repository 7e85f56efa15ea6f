"""The engine dies under a running API: 503 problems meanwhile, then recovery without restarting the API.

Most tests share one real `govgraph serve` (its own data directory, its own
engine, the reference data), since starting one takes 15-20 s. Each test
kills the engine with SIGKILL and waits until the API is ready again.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import neo4j
import pytest
from test_load_atomicity import chart

from api.keys import Role, key_store
from govgraph.backup import content_checksum
from graphmodel.engine import EMBEDDED, Graph, embedded_engine
from graphmodel.engine.embedded import ROOT_USER, EngineState, process_alive
from graphmodel.engine.supervisor import MAX_DELAY, EngineSupervisor, restart_delay
from graphmodel.settings import EMBEDDED_DATABASE, Settings
from importers.export_workbook import xlsx_bytes

pytestmark = pytest.mark.engine
GOVGRAPH = [sys.executable, "-m", "govgraph"]
PROBLEM = "application/problem+json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# No request may take longer than this while the engine is down (the driver gives up after about 0.75 s).
ANSWER_BOUND = 5.0
RECOVERY_BOUND = 90.0
NPO = "npo:psykisk-halsa"
ENGINE_ROUTES = ("/nodes?q=psykisk", f"/nodes/{NPO}", f"/nodes/{NPO}/neighbourhood",
                 "/chains/lag:region-orebro-lan-suicidprevention", "/representation/municipality:1880")
# Answered from the route index in memory, which stays right while nothing can write to the engine.
MEMORY_ROUTES = (f"/paths/contact?from={NPO}&to=municipality:1880&at=2026-01-15",)


@dataclass
class Served:
    process: subprocess.Popen
    base: str
    data_dir: Path
    log: Path
    env: dict[str, str]

    def get(self, route: str) -> httpx.Response:
        return httpx.get(self.base + route, timeout=ANSWER_BOUND * 2)

    def engine(self) -> dict:
        return json.loads((self.data_dir / "engine.json").read_text())

    def log_text(self) -> str:
        return self.log.read_text()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_env(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "GOVGRAPH_"))}
    # Many requests from one address in a few seconds: the per-caller limit would answer 429, not the outage.
    env.update(GOVGRAPH_DATA_DIR=str(data_dir), GOVGRAPH_CONFIG=str(data_dir.parent / "absent.toml"),
               GOVGRAPH_RATE_LIMIT="0")
    return env


def serve(folder: Path, *extra: str, env: dict[str, str] | None = None) -> Served:
    env = env or clean_env(folder / "data")
    port = free_port()
    log = folder / "serve.log"
    with open(log, "w") as output:
        process = subprocess.Popen([*GOVGRAPH, "serve", "--port", str(port), *extra], env=env,
                                   stdout=output, stderr=subprocess.STDOUT)
    served = Served(process, f"http://127.0.0.1:{port}/api/v1", Path(env["GOVGRAPH_DATA_DIR"]), log, env)
    wait_until_ready(served, 180)
    return served


def stop(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        served.process.kill()


def wait_until_ready(served: Served, seconds: float) -> float:
    """Seconds until readiness answers 200; fails the test if it does not within `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        assert served.process.poll() is None, served.log_text()
        try:
            if served.get("/health/ready").status_code == 200:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"not ready within {seconds} s:\n{served.log_text()[-3000:]}")


def kill_engine(served: Served) -> int:
    pid = served.engine()["pid"]
    os.kill(pid, signal.SIGKILL)
    return pid


@dataclass
class Answer:
    route: str
    status: int
    seconds: float
    content_type: str
    retry_after: str | None
    body: dict


def ask(served: Served, route: str) -> Answer:
    started = time.monotonic()
    response = served.get(route)
    return Answer(route, response.status_code, time.monotonic() - started,
                  response.headers.get("content-type", ""), response.headers.get("retry-after"), response.json())


def assert_503_or_200(answers: list[Answer]) -> None:
    """Only answers and 503 problems, each within the bound."""
    for answer in answers:
        assert answer.seconds < ANSWER_BOUND, answer
        assert answer.status in (200, 503), answer
        if answer.status == 503:
            assert answer.content_type == PROBLEM and answer.retry_after, answer
            assert answer.body["status"] == 503 and answer.body["type"].endswith("/engine-unavailable"), answer


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    server = serve(tmp_path_factory.mktemp("served"))
    try:
        yield server
    finally:
        stop(server)


@pytest.fixture
def ready(served) -> Served:
    wait_until_ready(served, RECOVERY_BOUND)
    return served


def test_an_outage_answers_503_problems_and_the_supervisor_restarts_the_engine(ready):
    before = {route: ready.get(route).json() for route in ENGINE_ROUTES + MEMORY_ROUTES}
    old = ready.engine()
    killed_at = time.monotonic()
    kill_engine(ready)

    during: list[Answer] = []
    while (readiness := ask(ready, "/health/ready")).status != 200:
        assert time.monotonic() - killed_at < RECOVERY_BOUND, ready.log_text()[-3000:]
        during += [readiness, ask(ready, "/health/live"), *(ask(ready, route) for route in ENGINE_ROUTES)]
        during += [ask(ready, route) for route in MEMORY_ROUTES]
    recovered_after = time.monotonic() - killed_at

    assert_503_or_200(during)
    assert {a.status for a in during if a.route == "/health/ready"} == {503}
    assert {a.status for a in during if a.route == "/health/live"} == {200}
    assert 503 in {a.status for a in during if a.route in ENGINE_ROUTES}
    assert {a.status for a in during if a.route in MEMORY_ROUTES} == {200}
    new = ready.engine()
    assert new["pid"] != old["pid"] and process_alive(new["pid"])
    assert {route: ready.get(route).json() for route in before} == before
    log = ready.log_text()
    assert f"engine process {old['pid']} ended (killed by SIGKILL)" in log
    assert f"engine restarted: pid {new['pid']}" in log
    slowest = max(a.seconds for a in during if a.status == 503)
    print(f"\nengine killed: 503 within {slowest:.2f} s at worst; ready again after {recovered_after:.1f} s")


def test_requests_under_load_while_the_engine_dies_get_answers_or_503_and_none_hangs(ready):
    routes = ENGINE_ROUTES + MEMORY_ROUTES + ("/health/ready",)
    answers: list[Answer] = []
    failures: list[BaseException] = []
    finished = threading.Event()

    def client(offset: int) -> None:
        turn = offset
        while not finished.is_set():
            try:
                answers.append(ask(ready, routes[turn % len(routes)]))
            except BaseException as failure:  # noqa: BLE001 - a hang or a broken answer, reported below
                failures.append(failure)
            turn += 1

    clients = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in clients:
        thread.start()
    try:
        time.sleep(2)
        kill_engine(ready)
        time.sleep(1)
        recovered_after = wait_until_ready(ready, RECOVERY_BOUND) + 1
        time.sleep(2)
    finally:
        finished.set()
        for thread in clients:
            thread.join()
    assert failures == []
    assert_503_or_200(answers)
    statuses = [a.status for a in answers]
    assert 503 in statuses and statuses[-4:] == [200] * 4
    print(f"\nunder load: {len(answers)} requests, {statuses.count(503)} answered 503, slowest "
          f"{max(a.seconds for a in answers):.2f} s; ready again {recovered_after:.1f} s after the kill")


def test_an_engine_started_by_db_start_is_not_restarted_but_followed_when_it_is_back(tmp_path):
    env = clean_env(tmp_path / "data")
    assert subprocess.run([*GOVGRAPH, "db", "start"], env=env, capture_output=True, timeout=120, check=False).returncode == 0
    served = serve(tmp_path, "--no-reference", env=env)
    try:
        first = served.engine()
        kill_engine(served)
        time.sleep(4)
        assert served.engine() == first and not process_alive(first["pid"])  # nobody started another
        answers = [ask(served, "/health/ready"), ask(served, "/nodes?q=x")]
        assert_503_or_200(answers)
        assert [a.status for a in answers] == [503, 503]
        assert "not restarted here" in served.log_text()

        assert subprocess.run([*GOVGRAPH, "db", "start"], env=env, capture_output=True, timeout=120, check=False).returncode == 0
        wait_until_ready(served, 30)
        second = served.engine()
        assert second["detached"] and second["pid"] != first["pid"]
        _, admin = key_store(Settings(data_dir=served.data_dir)).create("follow test", Role.admin)
        ready = httpx.get(served.base + "/health/ready", headers={"Authorization": f"Bearer {admin}"}, timeout=10)
        assert ready.json()["uri"] == f"bolt://127.0.0.1:{second['bolt_port']}"
        assert served.get("/nodes?q=x").status_code == 200
    finally:
        stop(served)
        subprocess.run([*GOVGRAPH, "db", "stop"], env=env, capture_output=True, timeout=120, check=False)


def connect(served: Served) -> Graph:
    """A graph of the test's own on the served engine, wherever it listens now."""
    password = (served.data_dir / "password").read_text().strip()
    return Graph(engine=EMBEDDED, uri=f"bolt://127.0.0.1:{served.engine()['bolt_port']}",
                 auth=(ROOT_USER, password), database=EMBEDDED_DATABASE)


def graph_content(served: Served) -> tuple[int, str]:
    graph = connect(served)
    try:
        return graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"], content_checksum(graph)
    finally:
        graph.close()


def kill_when_writing(served: Served, seconds: float) -> bool:
    """Kill the engine as soon as it runs one of the import's write batches; False if none ran in time."""
    graph = connect(served)
    deadline = time.monotonic() + seconds
    try:
        with graph.driver.session(database=graph.database) as session:
            while time.monotonic() < deadline:
                running = session.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").value()
                if any("UNWIND $rows" in (query or "") for query in running):
                    kill_engine(served)
                    return True
                time.sleep(0.02)
    except neo4j.exceptions.DriverError:
        return False
    finally:
        graph.close()
    return False


def test_an_import_cut_short_by_the_engine_dying_leaves_the_graph_as_it_was_and_a_retry_completes(ready):
    _, secret = key_store(Settings(data_dir=ready.data_dir)).create("fault test", Role.editor)
    headers = {"Authorization": f"Bearer {secret}"}
    before = graph_content(ready)
    content = xlsx_bytes(chart(3000, tag="fault-"))
    outcome: list[httpx.Response] = []

    def upload() -> None:
        outcome.append(httpx.post(ready.base + "/imports", params={"write": True}, headers=headers, timeout=300,
                                  files={"file": ("big.xlsx", content, XLSX)}))

    uploading = threading.Thread(target=upload)
    uploading.start()
    killed = kill_when_writing(ready, 120)
    uploading.join()
    assert killed, outcome[0].text[:500]
    assert outcome[0].status_code == 503, outcome[0].text[:500]
    assert outcome[0].headers["content-type"] == PROBLEM

    wait_until_ready(ready, RECOVERY_BOUND)
    assert graph_content(ready) == before
    retried = httpx.post(ready.base + "/imports", params={"write": True}, headers=headers, timeout=300,
                         files={"file": ("big.xlsx", content, XLSX)})
    assert retried.status_code == 200, retried.text[:500]
    assert retried.json()["counts"]["units"]["created"] == 3000
    assert graph_content(ready)[0] == before[0] + 6000


def test_an_engine_the_supervisor_restarted_still_dies_with_a_killed_server(tmp_path):
    served = serve(tmp_path, "--no-reference")
    try:
        first = kill_engine(served)
        wait_until_ready(served, RECOVERY_BOUND)
        restarted = served.engine()["pid"]
        assert restarted != first
        served.process.kill()
        served.process.wait(timeout=10)
        deadline = time.monotonic() + 30
        while process_alive(restarted) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not process_alive(restarted)
    finally:
        stop(served)


# -- the supervisor in this process ------------------------------------------------------------------------
def test_restart_delays_grow_from_at_once_to_a_ceiling():
    assert [restart_delay(n) for n in range(1, 6)] == [0.0, 1.0, 2.0, 4.0, 8.0]
    assert restart_delay(50) == MAX_DELAY


def test_a_failing_restart_backs_off_and_succeeds_once_it_can(tmp_path, caplog):
    engine = embedded_engine(Settings(data_dir=tmp_path / "data"))
    state, _ = engine.start(detached=False)
    connected: list[EngineState] = []
    supervisor = EngineSupervisor(engine, connected.append, poll_seconds=0.1).start()
    caplog.set_level(logging.INFO, logger="govgraph.engine")
    try:
        with socket.socket() as blocker:  # the engine's old port is taken, and so is the configured one
            blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            blocker.bind(("127.0.0.1", free_port()))
            blocker.listen()
            engine.bolt_port = blocker.getsockname()[1]
            os.kill(state.pid, signal.SIGKILL)
            time.sleep(4.5)
            attempts = [r for r in caplog.records if "restarting the engine failed" in r.getMessage()]
            assert supervisor.outage and "killed by SIGKILL" in supervisor.outage
        # Tried at once, then after 1 and 2 s: three attempts in 4.5 s, not one per poll.
        assert len(attempts) == 3, [r.getMessage() for r in caplog.records]
        assert f"port {engine.bolt_port}" in attempts[0].getMessage()
        deadline = time.monotonic() + 60
        while not connected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert connected and connected[0].bolt_port == engine.bolt_port and supervisor.outage is None
    finally:
        supervisor.stop()
        engine.stop()


def test_an_engine_stopped_on_purpose_is_not_restarted_and_the_next_one_is_used(tmp_path):
    engine = embedded_engine(Settings(data_dir=tmp_path / "data"))
    first, _ = engine.start(detached=False)
    connected: list[EngineState] = []
    supervisor = EngineSupervisor(engine, connected.append, poll_seconds=0.1).start()
    try:
        assert engine.stop()  # as `govgraph db stop` does
        time.sleep(3)
        assert engine.recorded() is None and connected == []
        assert supervisor.outage.startswith(f"the engine process {first.pid} ended (exit status ")
        second, started = engine.start(detached=False)
        deadline = time.monotonic() + 30
        while not connected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert started and connected == [second] and supervisor.outage is None
    finally:
        supervisor.stop()
        engine.stop()
