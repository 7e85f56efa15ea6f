"""Backup and restore: a round trip keeps every node, label, property type and edge; a bad file writes nothing."""

from __future__ import annotations

import datetime
import hashlib
import json
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import neo4j.time
import pytest
from test_main_job import free_port

from api.keys import KeyStore, Role
from graphmodel.audit import AuditLog
from govgraph import backup
from govgraph.backup import (
    MANIFEST,
    NODES,
    BackupError,
    ContentDigest,
    GraphNotEmpty,
    Manifest,
    SideFiles,
    content_checksum,
    decode_value,
    encode_value,
    restore_backup,
    verify_backup,
    write_backup,
)
from graphmodel.engine import Graph
from importers.erase import erase_person
from importers.load import apply_chart
from importers.reference import REFERENCE_OWNER, reference_chart

pytestmark = pytest.mark.engine

MARKER = ("CREATE (n:Entity:Person {uid: 'person:marker', name: 'Marker', kind: 'person', fictional: true, "
          "since: date('2024-05-01')})")


@dataclass(frozen=True)
class ReferenceBackup:
    path: Path
    checksum: str
    nodes: int
    relationships: int
    erased: str


def counts(graph: Graph) -> tuple[int, int]:
    nodes = graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    return nodes, graph.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]


@pytest.fixture(scope="module")
def reference_backup(engine_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> ReferenceBackup:
    """The reference data with one person erased (so the erasure register has a node), backed up once."""
    engine_graph.write("MATCH (n) DETACH DELETE n")
    apply_chart(engine_graph, reference_chart(), owner=REFERENCE_OWNER)
    erased = engine_graph.read("MATCH (p:Person) RETURN p.uid AS uid ORDER BY uid LIMIT 1")[0]["uid"]
    erase_person(engine_graph, erased)
    path = tmp_path_factory.mktemp("backup") / "reference.zip"
    write_backup(engine_graph, path)
    return ReferenceBackup(path, content_checksum(engine_graph), *counts(engine_graph), erased)


@pytest.fixture
def marked_graph(graph: Graph) -> Graph:
    with graph.transaction() as tx:
        tx.run(MARKER).consume()
    return graph


# -- pure parts -------------------------------------------------------------------------------------
def test_values_keep_their_types_through_json():
    values = [True, 7, 2.0, "å", ["a", "b"], [1.5], [], datetime.date(2023, 3, 1), [datetime.date(2020, 1, 1)],
              neo4j.time.DateTime(2020, 1, 2, 3, 4, 5, 123456789), neo4j.time.Duration(months=1, days=2, seconds=3),
              b"\x00\xff"]
    for value in values:
        text = json.dumps(encode_value(value))
        assert decode_value(json.loads(text)) == value, text
        assert type(decode_value(json.loads(text))) is type(value) or isinstance(value, bytes)
    assert encode_value(neo4j.time.Date(2023, 3, 1)) == {"date": "2023-03-01"}
    assert json.loads(json.dumps(encode_value(2.0))) == 2.0 and isinstance(json.loads("2.0"), float)


def test_unknown_tags_and_nulls_are_refused():
    for bad in ({"point": [1, 2]}, {"date": "x", "time": "y"}, None):
        with pytest.raises(ValueError):
            decode_value(bad)


def test_the_content_digest_ignores_order():
    lines = [f'{{"n":{number}}}' for number in range(50)]
    forward, backward = ContentDigest(), ContentDigest()
    for line in lines:
        forward.add(NODES, line)
    for line in reversed(lines):
        backward.add(NODES, line)
    assert forward.hexdigest() == backward.hexdigest()
    backward.add(NODES, lines[0])
    assert forward.hexdigest() != backward.hexdigest()


# -- the round trip ---------------------------------------------------------------------------------
def test_reference_data_round_trips_with_the_same_checksum_types_and_register(reference_backup, graph):
    assert counts(graph) == (0, 0)
    report = restore_backup(graph, reference_backup.path)
    assert report.replaced.empty
    assert content_checksum(graph) == reference_backup.checksum == report.manifest.content_checksum
    assert counts(graph) == (reference_backup.nodes, reference_backup.relationships)
    assert report.manifest.counts == {"nodes": reference_backup.nodes,
                                      "relationships": reference_backup.relationships}
    starts = graph.read("MATCH (n:LAG) WHERE n.start IS NOT NULL RETURN n.start AS start")
    assert starts and all(isinstance(row["start"], neo4j.time.Date) for row in starts)
    register = graph.read("MATCH (e:ErasedPerson) RETURN e.erased_on AS on, e.digest AS digest")
    assert len(register) == 1 and isinstance(register[0]["on"], neo4j.time.Date)
    assert graph.read("MATCH (p:Entity {uid: $uid}) RETURN count(p) AS n", uid=reference_backup.erased)[0]["n"] == 0
    by_kind = graph.read("MATCH (n:LAG) RETURN count(n) AS n")[0]["n"]
    assert by_kind == graph.read("MATCH (n:Entity) WHERE n.kind = 'lag' RETURN count(n) AS n")[0]["n"] > 0


def test_the_file_is_private_and_readable_as_documented(reference_backup):
    assert reference_backup.path.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(reference_backup.path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        lines = archive.read(NODES).decode("utf-8").splitlines()
    assert manifest["format"] == "govgraph-backup" and manifest["format_version"] == 1
    assert manifest["engine"].startswith("embedded ArcadeDB")
    assert len(lines) == manifest["counts"]["nodes"] == reference_backup.nodes
    assert any('"start":{"date":"' in line for line in lines)
    assert not list(reference_backup.path.parent.glob("*.partial"))


def test_restore_refuses_a_graph_that_is_not_empty_and_leaves_it_alone(reference_backup, marked_graph):
    before = content_checksum(marked_graph)
    with pytest.raises(GraphNotEmpty, match=r"not empty: it holds 1 node\(s\) \(1 person\) and 0 relationship"):
        restore_backup(marked_graph, reference_backup.path)
    assert content_checksum(marked_graph) == before


def test_force_replaces_what_the_graph_holds(reference_backup, marked_graph):
    report = restore_backup(marked_graph, reference_backup.path, force=True)
    assert (report.replaced.nodes, report.replaced.kinds) == (1, {"person": 1})
    assert content_checksum(marked_graph) == reference_backup.checksum
    assert marked_graph.read("MATCH (n {uid: 'person:marker'}) RETURN count(n) AS n")[0]["n"] == 0


# -- damaged files ------------------------------------------------------------------------------------
def _rewritten(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))
    return target


def _truncated(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    return target


def _flipped(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    data[len(data) // 3] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def _manifest_with(**fields) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        return json.dumps({**json.loads(data), **fields}).encode() if name == MANIFEST else data
    return change


def _renamed_node(name: str, data: bytes) -> bytes:
    return data.replace('"name":"Örebro"'.encode(), b'"name":"Orebro"', 1) if name == NODES else data


def _consistently_renamed_node(source: Path, target: Path) -> Path:
    """A node changed and its member's sha256 updated to match: only the content checksum can tell."""
    changed = _rewritten(source, target.with_suffix(".tmp"), _renamed_node)
    with zipfile.ZipFile(changed) as archive:
        members = json.loads(archive.read(MANIFEST))["members"]
        members[NODES]["sha256"] = hashlib.sha256(archive.read(NODES)).hexdigest()
    return _rewritten(changed, target, _manifest_with(members=members))


def _not_a_zip(source: Path, target: Path) -> Path:
    target.write_text('{"labels": ["Entity", "Person"], "props": {}}\n')
    return target


DAMAGE = {
    "truncated": (_truncated, "damaged or truncated"),
    "flipped byte": (_flipped, "damaged|not JSON|differs"),
    "format version 2": (lambda s, t: _rewritten(s, t, _manifest_with(format_version=2)),
                         "format version 2 is not supported"),
    "changed node": (lambda s, t: _rewritten(s, t, _renamed_node), "nodes.jsonl differs from the manifest"),
    "checksum": (_consistently_renamed_node, "content checksum"),
    "not a zip": (_not_a_zip, "damaged or truncated"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_file_is_refused_before_anything_is_written(reference_backup, marked_graph, tmp_path, damage):
    make, message = DAMAGE[damage]
    damaged = make(reference_backup.path, tmp_path / "damaged.zip")
    before = content_checksum(marked_graph)
    with pytest.raises(BackupError, match=message) as refused:
        restore_backup(marked_graph, damaged, force=True)
    assert str(damaged) in str(refused.value)
    assert not isinstance(refused.value, GraphNotEmpty)
    assert content_checksum(marked_graph) == before


def test_verify_reports_the_manifest_of_a_good_file(reference_backup):
    manifest = verify_backup(reference_backup.path)
    assert isinstance(manifest, Manifest) and manifest.content_checksum == reference_backup.checksum


# -- while the graph is in use --------------------------------------------------------------------------
def _keep_doing(action: Callable[[], object], stop: threading.Event, done: list, failures: list) -> None:
    while not stop.is_set():
        try:
            action()
            done.append(1)
        except Exception as failure:  # collected for the test to report
            failures.append(failure)


def _in_background(action: Callable[[], object]):
    stop, done, failures = threading.Event(), [], []
    thread = threading.Thread(target=_keep_doing, args=(action, stop, done, failures), daemon=True)
    thread.start()
    while not done and not failures:
        time.sleep(0.01)
    return thread, stop, done, failures


def test_a_backup_while_another_thread_keeps_reading_succeeds(reference_backup, graph, tmp_path):
    restore_backup(graph, reference_backup.path)
    thread, stop, done, failures = _in_background(
        lambda: graph.read("MATCH (n:Entity)-[r]->() RETURN count(r) AS n"))
    try:
        manifest = write_backup(graph, tmp_path / "busy.zip")
        reads_during = len(done)
    finally:
        stop.set()
        thread.join()
    assert failures == [] and reads_during > 1
    assert manifest.content_checksum == reference_backup.checksum == verify_backup(tmp_path / "busy.zip").content_checksum


def test_a_backup_of_a_graph_that_keeps_changing_is_not_kept(marked_graph, tmp_path, monkeypatch):
    # A real write lands between each attempt's read and its checksum, every time: a writer thread would
    # race the read on a loaded machine and sometimes land nothing in between.
    numbers = iter(range(1_000_000))
    checksum_after_read = backup.content_checksum

    def write_then_checksum(graph):
        with graph.transaction() as tx:
            tx.run("CREATE (n:Entity:Person {uid: $uid, kind: 'person'})", uid=f"person:busy-{next(numbers)}").consume()
        return checksum_after_read(graph)

    monkeypatch.setattr(backup, "content_checksum", write_then_checksum)
    with pytest.raises(BackupError, match="changed while it was read, 2 times"):
        write_backup(marked_graph, tmp_path / "moving.zip", attempts=2)
    assert next(numbers) == 2
    assert list(tmp_path.iterdir()) == []


# -- the audit log and API keys ---------------------------------------------------------------------------
def test_audit_log_and_keys_go_into_an_empty_store_and_never_over_an_existing_one(marked_graph, tmp_path):
    audit, keys = AuditLog(tmp_path / "old" / "audit.sqlite3"), KeyStore(tmp_path / "old" / "keys.sqlite3")
    audit.record(actor="cli:test", action="import", target="chart.xlsx", changes={"created": 3})
    audit.record(actor="key:abc", action="person.erase", target="person:x", changes={"edges": 2})
    _, key_text = keys.create("region admin", Role.admin)
    manifest = write_backup(marked_graph, tmp_path / "with-sides.zip", sides=SideFiles(audit.path, keys.path))
    assert (manifest.counts["audit_entries"], manifest.counts["api_keys"]) == (2, 1)

    new = SideFiles(tmp_path / "new" / "audit.sqlite3", tmp_path / "new" / "keys.sqlite3")
    report = restore_backup(marked_graph, tmp_path / "with-sides.zip", force=True, sides=new)
    assert [(side.member, side.restored, side.kept) for side in report.sides] == [("audit.jsonl", 2, 0),
                                                                                  ("keys.jsonl", 1, 0)]
    assert AuditLog(new.audit).entries() == audit.entries()
    assert KeyStore(new.keys).authenticate(key_text).name == "region admin"
    assert new.audit.stat().st_mode & 0o777 == 0o600

    AuditLog(new.audit).record(actor="cli:test", action="restore", target="with-sides.zip", changes={})
    again = restore_backup(marked_graph, tmp_path / "with-sides.zip", force=True, sides=new)
    assert [(side.restored, side.kept) for side in again.sides] == [(0, 3), (0, 1)]
    assert AuditLog(new.audit).count() == 3


def test_without_sides_a_backup_has_no_audit_or_keys(marked_graph, tmp_path):
    write_backup(marked_graph, tmp_path / "plain.zip")
    with zipfile.ZipFile(tmp_path / "plain.zip") as archive:
        assert sorted(archive.namelist()) == ["manifest.json", "nodes.jsonl", "relationships.jsonl"]


# -- the commands, beside a running service --------------------------------------------------------------
def _govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def _wait_until_ready(url: str, server: subprocess.Popen, log: Path, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_backup_of_a_served_graph_keeps_the_service_answering_and_restores_elsewhere(cli_env, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        server = subprocess.Popen([sys.executable, "-m", "govgraph", "serve", "--port", str(port)], env=cli_env,
                                  stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/api/v1"
    backup = tmp_path / "served.zip"
    try:
        _wait_until_ready(f"{base}/health/ready", server, log)
        thread, stop, done, failures = _in_background(
            lambda: httpx.get(f"{base}/nodes/municipality:1880", timeout=30).raise_for_status())
        try:
            taken = _govgraph(cli_env, "backup", str(backup))
        finally:
            stop.set()
            thread.join()
        assert taken.returncode == 0, taken.stderr
        assert failures == [] and len(done) > 1
        refused = _govgraph(cli_env, "restore", str(backup))
        assert refused.returncode == 1 and "not empty" in refused.stderr
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert backup.stat().st_mode & 0o777 == 0o600
    elsewhere = {**cli_env, "GOVGRAPH_DATA_DIR": str(tmp_path / "elsewhere")}
    restored = _govgraph(elsewhere, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "content checksum verified" in restored.stdout
    assert AuditLog(tmp_path / "elsewhere" / "audit.sqlite3").entries()[0].action == "restore"
