"""Two `govgraph serve` processes on one embedded engine, as behind one balancer: one set of keys, one audit
log, and each sees the other's writes at its next request.

Both processes use the engine `govgraph db start` started, and the same shared store (the data directory
here; `GOVGRAPH_SHARED_DIR` elsewhere). Starting them takes a while, so one pair serves every test here.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_engine_faults import GOVGRAPH, XLSX, Served, clean_env, serve, stop

from api.keys import Role, key_store
from graphmodel.graph_version import GraphVersion
from graphmodel.settings import Settings
from importers.chart import Chart, UnitRecord
from importers.export_workbook import xlsx_bytes

pytestmark = pytest.mark.engine

NPO = "npo:psykisk-halsa"
NEW_LAG = "lag:two-processes-test"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Served]]:
    folder = tmp_path_factory.mktemp("two-serve")
    env = clean_env(folder / "data")
    started = subprocess.run([*GOVGRAPH, "db", "start"], env=env, capture_output=True, text=True, timeout=180)
    assert started.returncode == 0, started.stderr
    served: list[Served] = []
    try:
        for name in ("first", "second"):
            (folder / name).mkdir()
            served.append(serve(folder / name, env=env))
        yield served[0], served[1]
    finally:
        for each in served:
            stop(each)
        subprocess.run([*GOVGRAPH, "db", "stop"], env=env, capture_output=True, timeout=120, check=False)


def bearer(text: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {text}"}


@pytest.fixture(scope="module")
def admin(pair: tuple[Served, Served]) -> dict[str, str]:
    _, text = key_store(Settings(data_dir=pair[0].data_dir)).create("two-process admin", Role.admin)
    return bearer(text)


def test_a_key_created_through_one_works_at_once_on_the_other_and_a_revocation_too(pair, admin):
    first, second = pair
    created = httpx.post(first.base + "/keys", json={"name": "made on the first", "role": "admin"},
                         headers=admin, timeout=10)
    assert created.status_code == 201, created.text
    key = bearer(created.json()["key"])

    assert httpx.get(second.base + "/keys", headers=key, timeout=10).status_code == 200
    revoked = httpx.delete(second.base + f"/keys/{created.json()['id']}", headers=admin, timeout=10)
    assert revoked.status_code == 200 and revoked.json()["revoked"]
    assert httpx.get(first.base + "/keys", headers=key, timeout=10).status_code == 401


def test_both_processes_read_and_write_one_audit_log(pair, admin):
    first, second = pair
    made = [httpx.post(served.base + "/keys", json={"name": f"audited on {number}", "role": "reader"},
                       headers=admin, timeout=10).json()["id"] for number, served in enumerate(pair)]

    pages = [httpx.get(served.base + "/audit", params={"action": "key.create"}, headers=admin, timeout=10).json()
             for served in (first, second)]
    assert pages[0] == pages[1]
    assert [entry["target"] for entry in pages[0]["items"][:2]] == made[::-1]


def test_an_import_through_one_shows_in_the_others_contact_path_at_its_next_request(pair, admin):
    first, second = pair
    route = f"/paths/contact?from={NPO}&to={NEW_LAG}&at=2026-01-15"
    before = second.get(route)
    assert before.status_code in (404, 422) and NEW_LAG in before.text  # the route index is read now, without it
    chart = Chart(units=[UnitRecord(NEW_LAG, "lag", "LAG seen by both", region="region:18",
                                    knowledge_area="knowledge-area:psykisk-halsa")])
    imported = httpx.post(first.base + "/imports", params={"write": True, "owner": "two-processes"}, headers=admin,
                          files={"file": ("chart.xlsx", xlsx_bytes(chart), XLSX)}, timeout=120)
    assert imported.status_code == 200, imported.text

    after = second.get(route)
    assert after.status_code == 200, after.text
    assert [route["to"]["uid"] for route in after.json()["routes"]] == [NEW_LAG]


def test_the_shared_store_is_where_the_setting_says(tmp_path):
    shared = tmp_path / "shared"
    settings = Settings(data_dir=tmp_path / "data", shared_dir=shared)
    key_store(settings).create("elsewhere", Role.reader)
    assert (shared / "keys.sqlite3").exists() and not (tmp_path / "data" / "keys.sqlite3").exists()
    assert [key.name for key in key_store(Settings(data_dir=tmp_path / "other", shared_dir=shared)).keys()] == [
        "elsewhere"]


def test_a_data_dir_alone_keeps_the_store_beside_the_engine(tmp_path):
    assert Settings(data_dir=tmp_path).shared_store_dir == Path(tmp_path)


def test_a_write_moves_the_generation_of_every_graph_sharing_the_version(graph, tmp_path, monkeypatch):
    here, there = GraphVersion(tmp_path / "v.sqlite3"), GraphVersion(tmp_path / "v.sqlite3")
    monkeypatch.setattr(graph, "shared_version", here)
    seen_there = there.current()

    graph.write("CREATE (:Entity {uid: 'test:version', kind: 'lag', name: 'x'})")

    assert there.current() == seen_there + 1
    before = graph.generation
    there.advance()  # another process wrote
    assert graph.generation == before + 1
