"""The embedded engine is reachable from this machine only, and its password and data are private."""

from __future__ import annotations

import ipaddress
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmodel.engine import embedded_engine
from graphmodel.engine.embedded import EmbeddedEngine, EngineState
from graphmodel.engine.supervisor import EngineSupervisor
from graphmodel.settings import Settings

pytestmark = pytest.mark.engine
LISTEN = "0A"


def decode_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """An address as /proc/net/tcp{,6} writes it: 32-bit words in host (little-endian) byte order."""
    words = [bytes.fromhex(text[i:i + 8])[::-1] for i in range(0, len(text), 8)]
    return ipaddress.ip_address(b"".join(words))


def listening_sockets(pid: int) -> set[tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, int]]:
    """(address, port) of every TCP socket the process `pid` listens on, matched by socket inode."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port = fields[1].rsplit(":", 1)
            if fields[3] == LISTEN and fields[9] in inodes:
                found.add((decode_address(address), int(port, 16)))
    return found


def is_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def assert_only_loopback(state: EngineState) -> None:
    sockets = listening_sockets(state.pid)
    assert {state.bolt_port, state.http_port} <= {port for _, port in sockets}, sockets
    assert [entry for entry in sockets if not is_loopback(entry[0])] == []


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Iterator[EmbeddedEngine]:
    engine = embedded_engine(Settings(data_dir=tmp_path_factory.mktemp("secure") / "data"))
    engine.start(detached=False)
    yield engine
    engine.stop()


def test_addresses_are_decoded_as_the_kernel_writes_them():
    assert decode_address("0100007F") == ipaddress.ip_address("127.0.0.1")
    assert decode_address("0000000000000000FFFF00000100007F") == ipaddress.ip_address("::ffff:127.0.0.1")
    assert not is_loopback(decode_address("00000000"))
    assert not is_loopback(decode_address("0" * 32))


def test_every_port_of_the_engine_listens_on_loopback_only(engine):
    assert_only_loopback(engine.running())


def test_the_password_file_and_the_data_directory_are_private(engine):
    assert engine.password_file.stat().st_mode & 0o777 == 0o600
    assert engine.data_dir.stat().st_mode & 0o777 == 0o700


def test_a_start_takes_back_access_others_were_given(tmp_path):
    engine = embedded_engine(Settings(data_dir=tmp_path / "data"))
    engine.start(detached=False)
    engine.stop()
    engine.data_dir.chmod(0o755)
    engine.password_file.chmod(0o644)
    try:
        engine.start(detached=False)
        assert engine.password_file.stat().st_mode & 0o777 == 0o600
        assert engine.data_dir.stat().st_mode & 0o777 == 0o700
    finally:
        engine.stop()


def test_an_engine_restarted_by_the_supervisor_listens_on_loopback_only(tmp_path):
    engine = embedded_engine(Settings(data_dir=tmp_path / "data"))
    first, _ = engine.start(detached=False)
    restarted: list[EngineState] = []
    supervisor = EngineSupervisor(engine, restarted.append, poll_seconds=0.2).start()
    try:
        os.kill(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + 90
        while not restarted and time.monotonic() < deadline:
            time.sleep(0.2)
        assert restarted and restarted[0].pid != first.pid
        assert_only_loopback(restarted[0])
        assert engine.password_file.stat().st_mode & 0o777 == 0o600
    finally:
        supervisor.stop()
        engine.stop()
