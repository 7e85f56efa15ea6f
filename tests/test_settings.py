"""Configuration: environment first, then the optional TOML file; the engine follows NEO4J_URI."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from graphmodel.settings import Settings


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "GOVGRAPH_DATA_DIR",
                 "GOVGRAPH_BOLT_PORT", "GOVGRAPH_JAVA_HEAP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GOVGRAPH_CONFIG", str(tmp_path / "config.toml"))
    return tmp_path / "config.toml"


def test_without_neo4j_uri_the_embedded_engine_is_used(clean_env):
    settings = Settings()
    assert settings.uses_embedded_engine
    assert settings.data_dir.name == "govgraph"


def test_neo4j_is_chosen_by_its_uri(clean_env, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://example.databases.neo4j.io")
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")
    monkeypatch.setenv("NEO4J_DATABASE", "governance")
    settings = Settings()
    assert not settings.uses_embedded_engine
    assert (settings.neo4j_uri, settings.neo4j_database) == ("neo4j+s://example.databases.neo4j.io", "governance")
    assert settings.neo4j_password.get_secret_value() == "secret"
    assert "secret" not in repr(settings)


def test_neo4j_uri_without_password_is_refused(clean_env, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://localhost:7687")
    with pytest.raises(ValidationError, match="NEO4J_PASSWORD"):
        Settings()


def test_the_config_file_fills_in_and_the_environment_wins(clean_env, monkeypatch, tmp_path):
    clean_env.write_text(f'data_dir = "{tmp_path / "from-file"}"\njava_heap = "2g"\n')
    monkeypatch.setenv("GOVGRAPH_JAVA_HEAP", "512m")
    settings = Settings()
    assert settings.data_dir == Path(tmp_path / "from-file")
    assert settings.java_heap == "512m"


def test_an_unknown_key_in_the_config_file_is_named(clean_env):
    clean_env.write_text('data_dri = "/tmp/x"\n')
    with pytest.raises(ValidationError, match="data_dri"):
        Settings()


def test_a_bad_heap_size_is_refused(clean_env, monkeypatch):
    monkeypatch.setenv("GOVGRAPH_JAVA_HEAP", "lots")
    with pytest.raises(ValidationError, match="GOVGRAPH_JAVA_HEAP"):
        Settings()
