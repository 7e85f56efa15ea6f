"""Fixtures: a real engine per session (embedded always; Neo4j 5 where Docker runs), clean per test."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmodel.engine import NEO4J, Graph, embedded_engine, embedded_graph, set_current_graph
from graphmodel.schema import install_schema
from graphmodel.settings import Settings

NEO4J_IMAGE = "neo4j:5-community"


def docker_unavailable_reason() -> str | None:
    if shutil.which("docker") is None:
        return "no docker client on this machine"
    probe = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        return "no Docker engine runs here (`docker info` failed), so the Neo4j 5 leg cannot start"
    return None


def _embedded_graph(data_dir: Path) -> Iterator[Graph]:
    engine = embedded_engine(Settings(data_dir=data_dir))
    state, _ = engine.start(detached=False)
    graph = embedded_graph(engine, state)
    try:
        yield graph
    finally:
        graph.close()
        engine.stop()


def _neo4j_graph() -> Iterator[Graph]:
    reason = docker_unavailable_reason()
    if reason:
        pytest.skip(reason)
    from testcontainers.community.neo4j import Neo4jContainer

    with Neo4jContainer(NEO4J_IMAGE, password=secrets.token_urlsafe(16)) as container:
        graph = Graph(engine=NEO4J, uri=container.get_connection_url(),
                      auth=(container.username, container.password), database="neo4j")
        try:
            yield graph
        finally:
            graph.close()


@pytest.fixture(scope="session", params=["embedded", "neo4j"])
def engine_graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    """One engine per leg for the whole session, with the schema installed and neomodel bound to it."""
    if request.param == "embedded":
        source = _embedded_graph(tmp_path_factory.mktemp("engine"))
    else:
        source = _neo4j_graph()
    for graph in source:
        graph.verify()
        set_current_graph(graph)
        install_schema(graph)
        yield graph


@pytest.fixture
def graph(engine_graph: Graph) -> Graph:
    """The session's engine, emptied before the test."""
    engine_graph.write("MATCH (n) DETACH DELETE n")
    return engine_graph


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for running `govgraph` in a subprocess on its own data directory."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "GOVGRAPH_"))}
    env.update(GOVGRAPH_DATA_DIR=str(tmp_path / "data"), GOVGRAPH_CONFIG=str(tmp_path / "absent.toml"))
    return env


@pytest.fixture(scope="module")
def reference_graph(engine_graph: Graph) -> Graph:
    """The built-in reference data, loaded once per module into an emptied graph; its tests only read."""
    from importers.load import apply_chart
    from importers.reference import REFERENCE_OWNER, reference_chart

    engine_graph.write("MATCH (n) DETACH DELETE n")
    apply_chart(engine_graph, reference_chart(), owner=REFERENCE_OWNER)
    return engine_graph


@pytest.fixture
def api_settings(tmp_path: Path) -> Settings:
    """Settings for an API app of the test's own: keys and audit log in a fresh directory."""
    return Settings(data_dir=tmp_path / "api-state")


@pytest.fixture
def api_keys(api_settings: Settings) -> dict[str, dict[str, str]]:
    """Request headers for one key of each role, plus a revoked one: {"reader": {...}, ..., "revoked": {...}}."""
    from api.keys import Role, key_store

    store = key_store(api_settings)
    headers = {}
    for role in Role:
        _, text = store.create(f"test {role.value}", role)
        headers[role.value] = {"Authorization": f"Bearer {text}"}
    revoked, text = store.create("test revoked", Role.admin)
    store.revoke(revoked.id)
    headers["revoked"] = {"Authorization": f"Bearer {text}"}
    return headers


@pytest.fixture
def api_client(engine_graph: Graph, api_settings: Settings):
    """A test client for an app on the session's engine (not emptied: combine with `graph` or `reference_graph`)."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app(owns_graph=False, settings=api_settings)) as client:
        yield client
