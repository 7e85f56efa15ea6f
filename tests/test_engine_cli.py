"""`govgraph db ...` against the real embedded engine, each test on its own data directory."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graphmodel.engine.embedded import SERVER_CLASS, process_alive

pytestmark = pytest.mark.engine
GOVGRAPH = [sys.executable, "-m", "govgraph"]


def govgraph(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*GOVGRAPH, *args], env=env, capture_output=True, text=True, timeout=timeout)


def engine_state(env: dict[str, str]) -> dict:
    return json.loads((Path(env["GOVGRAPH_DATA_DIR"]) / "engine.json").read_text())


def engine_pids(data_dir: str) -> list[int]:
    """Engine processes serving `data_dir`, found from /proc so nothing depends on our own records."""
    found = []
    marker = f"-Darcadedb.server.rootPath={Path(data_dir).resolve() / 'server'}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if SERVER_CLASS.encode() in args and marker in args and process_alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, read from /proc/net/tcp and tcp6."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":
                addresses.add(address)
    return addresses


LOOPBACK_FORMS = {"0100007F", "0000000000000000FFFF00000100007F"}


def run_query(env: dict[str, str], query: str, **params) -> list[dict]:
    state = engine_state(env)
    password = (Path(env["GOVGRAPH_DATA_DIR"]) / "password").read_text().strip()
    with GraphDatabase.driver(f"bolt://127.0.0.1:{state['bolt_port']}", auth=("root", password)) as driver:
        with driver.session(database="govgraph") as session:
            return session.execute_write(lambda tx: [r.data() for r in tx.run(query, params)])


@pytest.fixture
def started(cli_env):
    result = govgraph(cli_env, "db", "start")
    assert result.returncode == 0, result.stderr
    yield cli_env
    govgraph(cli_env, "db", "stop")
    assert engine_pids(cli_env["GOVGRAPH_DATA_DIR"]) == []


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_start_then_status_reports_a_loopback_engine(started):
    status = govgraph(started, "db", "status")
    assert status.returncode == 0
    state = engine_state(started)
    assert "status: running" in status.stdout
    assert f"bolt: bolt://127.0.0.1:{state['bolt_port']}" in status.stdout
    assert f"data directory: {Path(started['GOVGRAPH_DATA_DIR']).resolve()}" in status.stdout
    assert listening_addresses(state["bolt_port"]) <= LOOPBACK_FORMS
    assert listening_addresses(state["bolt_port"])
    assert listening_addresses(state["http_port"]) <= LOOPBACK_FORMS


def test_password_file_is_private(started):
    mode = (Path(started["GOVGRAPH_DATA_DIR"]) / "password").stat().st_mode & 0o777
    assert mode == 0o600


def test_second_start_is_a_no_op_with_a_message(started):
    pid = engine_state(started)["pid"]
    again = govgraph(started, "db", "start")
    assert again.returncode == 0
    assert "already running" in again.stdout
    assert engine_pids(started["GOVGRAPH_DATA_DIR"]) == [pid]


def test_data_survives_stop_and_start(started):
    run_query(started, "CREATE (:Entity {uid: 'kept', name: 'Kept'})")
    assert govgraph(started, "db", "stop").returncode == 0
    assert engine_pids(started["GOVGRAPH_DATA_DIR"]) == []
    assert govgraph(started, "db", "start").returncode == 0
    assert run_query(started, "MATCH (n:Entity {uid: 'kept'}) RETURN n.name AS name") == [{"name": "Kept"}]


def test_data_survives_a_kill_of_the_engine(started):
    run_query(started, "CREATE (:Entity {uid: 'durable', name: 'Durable'})")
    os.kill(engine_state(started)["pid"], signal.SIGKILL)
    deadline = time.monotonic() + 10
    while engine_pids(started["GOVGRAPH_DATA_DIR"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    status = govgraph(started, "db", "status")
    assert "status: stopped" in status.stdout
    assert govgraph(started, "db", "start").returncode == 0
    assert run_query(started, "MATCH (n:Entity {uid: 'durable'}) RETURN n.name AS name") == [{"name": "Durable"}]


def test_a_taken_port_is_a_one_line_error(cli_env):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        result = govgraph({**cli_env, "GOVGRAPH_BOLT_PORT": str(port)}, "db", "start")
    assert f"port {port}" in one_line_error(result)
    assert engine_pids(cli_env["GOVGRAPH_DATA_DIR"]) == []


def test_an_unwritable_data_directory_is_a_one_line_error(cli_env, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    result = govgraph({**cli_env, "GOVGRAPH_DATA_DIR": str(blocked / "data")}, "db", "start")
    assert "not writable" in one_line_error(result)


def test_a_read_only_data_directory_is_a_one_line_error(cli_env, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes through file permissions; the not-a-directory case covers this path")
    data = tmp_path / "readonly"
    data.mkdir(mode=0o500)
    result = govgraph({**cli_env, "GOVGRAPH_DATA_DIR": str(data)}, "db", "start")
    assert "not writable" in one_line_error(result)


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_damaged_password_file_is_a_one_line_error_and_loses_nothing(started, damage):
    run_query(started, "CREATE (:Entity {uid: 'precious', name: 'Precious'})")
    assert govgraph(started, "db", "stop").returncode == 0
    password_file = Path(started["GOVGRAPH_DATA_DIR"]) / "password"
    saved = password_file.read_text()
    if damage == "missing":
        password_file.unlink()
    else:
        password_file.write_text("not a password!\n\x00")

    assert "password file" in one_line_error(govgraph(started, "db", "start"))
    assert engine_pids(started["GOVGRAPH_DATA_DIR"]) == []

    password_file.write_text(saved)
    assert govgraph(started, "db", "start").returncode == 0
    assert run_query(started, "MATCH (n:Entity {uid: 'precious'}) RETURN n.name AS name") == [{"name": "Precious"}]


def test_reset_password_keeps_the_data(started):
    run_query(started, "CREATE (:Entity {uid: 'kept', name: 'Kept'})")
    govgraph(started, "db", "stop")
    (Path(started["GOVGRAPH_DATA_DIR"]) / "password").unlink()
    assert govgraph(started, "db", "reset-password").returncode == 0
    assert govgraph(started, "db", "start").returncode == 0
    assert run_query(started, "MATCH (n:Entity {uid: 'kept'}) RETURN count(n) AS n") == [{"n": 1}]


def test_a_command_that_starts_the_engine_stops_it_when_done(cli_env):
    result = govgraph(cli_env, "db", "init")
    assert result.returncode == 0, result.stderr
    assert "Started the embedded engine for this command" in result.stderr
    assert engine_pids(cli_env["GOVGRAPH_DATA_DIR"]) == []


def test_a_command_uses_a_running_engine_and_leaves_it_running(started):
    pid = engine_state(started)["pid"]
    result = govgraph(started, "db", "init")
    assert result.returncode == 0, result.stderr
    assert "Started" not in result.stderr
    assert engine_pids(started["GOVGRAPH_DATA_DIR"]) == [pid]


def test_the_engine_dies_with_a_killed_govgraph_process(cli_env):
    server = subprocess.Popen([*GOVGRAPH, "serve", "--port", str(_free_port())], env=cli_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not engine_pids(cli_env["GOVGRAPH_DATA_DIR"]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert engine_pids(cli_env["GOVGRAPH_DATA_DIR"]), "serve never started its engine"
        server.kill()
        server.wait(timeout=10)
        deadline = time.monotonic() + 30
        while engine_pids(cli_env["GOVGRAPH_DATA_DIR"]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert engine_pids(cli_env["GOVGRAPH_DATA_DIR"]) == []
    finally:
        server.kill()


def test_db_commands_other_than_status_refuse_a_neo4j_configuration(cli_env):
    env = {**cli_env, "NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "x"}
    assert "NEO4J_URI" in one_line_error(govgraph(env, "db", "start"))


def test_neo4j_without_password_is_a_configuration_error(cli_env):
    result = govgraph({**cli_env, "NEO4J_URI": "bolt://127.0.0.1:1"}, "db", "status")
    assert "NEO4J_PASSWORD" in one_line_error(result)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
