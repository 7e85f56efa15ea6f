"""One settings object for the whole process: environment first, then an optional TOML file.

The engine is chosen here and nowhere else: `NEO4J_URI` set means a Neo4j 5
server (bolt://, neo4j://, neo4j+s:// or Aura); unset means the embedded
ArcadeDB engine in the per-user data directory.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "govgraph"
EMBEDDED_DATABASE = "govgraph"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file_path() -> Path:
    """`GOVGRAPH_CONFIG`, else `config.toml` in the user's config directory."""
    explicit = os.environ.get("GOVGRAPH_CONFIG")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Everything govgraph can be configured with; keys in the TOML file use the field names."""

    model_config = SettingsConfigDict(extra="forbid", populate_by_name=True)

    neo4j_uri: str | None = Field(
        None, validation_alias=_env("NEO4J_URI", "neo4j_uri"),
        description="Neo4j 5 / Aura URI; when unset the embedded engine is used",
    )
    neo4j_username: str = Field(
        "neo4j", validation_alias=_env("NEO4J_USERNAME", "neo4j_username"),
        description="Neo4j user",
    )
    neo4j_password: SecretStr | None = Field(
        None, validation_alias=_env("NEO4J_PASSWORD", "neo4j_password"),
        description="Neo4j password; required with NEO4J_URI, never defaulted",
    )
    neo4j_database: str = Field(
        "neo4j", validation_alias=_env("NEO4J_DATABASE", "neo4j_database"),
        description="Neo4j database name",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        validation_alias=_env("GOVGRAPH_DATA_DIR", "data_dir"),
        description="where the embedded engine keeps its data, password and log",
    )
    shared_dir: Path | None = Field(
        None, validation_alias=_env("GOVGRAPH_SHARED_DIR", "shared_dir"),
        description="where the API keys, the audit log and the graph's version live, shared by every govgraph "
                    "process on this graph (several `govgraph serve` behind one balancer); unset means data_dir",
    )
    bolt_port: int = Field(
        0, ge=0, le=65535, validation_alias=_env("GOVGRAPH_BOLT_PORT", "bolt_port"),
        description="embedded engine's Bolt port on 127.0.0.1; 0 picks a free one",
    )
    http_port: int = Field(
        0, ge=0, le=65535, validation_alias=_env("GOVGRAPH_HTTP_PORT", "http_port"),
        description="embedded engine's HTTP port on 127.0.0.1; 0 picks a free one",
    )
    java_heap: str = Field(
        "1g", pattern=r"^\d+[mMgG]$", validation_alias=_env("GOVGRAPH_JAVA_HEAP", "java_heap"),
        description="maximum heap of the embedded engine's JVM, e.g. 512m or 2g",
    )
    start_timeout: float = Field(
        60.0, gt=0, validation_alias=_env("GOVGRAPH_START_TIMEOUT", "start_timeout"),
        description="seconds to wait for the embedded engine to accept connections",
    )
    engine_command_timeout: float = Field(
        300.0, ge=0, le=86_400, validation_alias=_env("GOVGRAPH_ENGINE_COMMAND_TIMEOUT", "engine_command_timeout"),
        description="seconds the embedded engine lets any one command run before it stops it (0: no limit); "
                    "a backstop behind the ad-hoc limit, so it must outlast the longest import batch",
    )
    neo4j_reader_username: str | None = Field(
        None, validation_alias=_env("NEO4J_READER_USERNAME", "neo4j_reader_username"),
        description="a Neo4j user with read access only (e.g. the built-in reader role), for ad-hoc and stored "
                    "read queries; unset means the main user in READ access mode",
    )
    neo4j_reader_password: SecretStr | None = Field(
        None, validation_alias=_env("NEO4J_READER_PASSWORD", "neo4j_reader_password"),
        description="the password of NEO4J_READER_USERNAME",
    )
    anonymous_read: bool = Field(
        True, validation_alias=_env("GOVGRAPH_ANONYMOUS_READ", "anonymous_read"),
        description="whether callers without an API key may read the structure (never personal contact data)",
    )
    cypher_timeout: float = Field(
        10.0, gt=0, le=600, validation_alias=_env("GOVGRAPH_CYPHER_TIMEOUT", "cypher_timeout"),
        description="seconds an ad-hoc Cypher query through the API may run",
    )
    cypher_max_rows: int = Field(
        1000, ge=1, le=100_000, validation_alias=_env("GOVGRAPH_CYPHER_MAX_ROWS", "cypher_max_rows"),
        description="rows an ad-hoc Cypher query through the API returns at most",
    )
    rate_limit: int = Field(
        600, ge=0, validation_alias=_env("GOVGRAPH_RATE_LIMIT", "rate_limit"),
        description="API requests a minute per key, or per address for anonymous callers; 0 for no limit",
    )
    cors_origins: list[str] = Field(
        default_factory=list, validation_alias=_env("GOVGRAPH_CORS_ORIGINS", "cors_origins"),
        description="web origins whose pages may call the API from a browser (JSON list); none by default",
    )
    upload_max_bytes: int = Field(
        20_000_000, ge=1, validation_alias=_env("GOVGRAPH_UPLOAD_MAX_BYTES", "upload_max_bytes"),
        description="largest workbook the API accepts for import, in bytes",
    )

    @model_validator(mode="after")
    def _neo4j_needs_password(self) -> "Settings":
        if self.neo4j_uri and self.neo4j_password is None:
            raise ValueError("NEO4J_PASSWORD must be set when NEO4J_URI is set")
        if self.neo4j_reader_username and self.neo4j_reader_password is None:
            raise ValueError("NEO4J_READER_PASSWORD must be set when NEO4J_READER_USERNAME is set")
        return self

    @property
    def shared_store_dir(self) -> Path:
        """The one directory every process on this graph reads keys, audit and the graph's version from."""
        return self.shared_dir or self.data_dir

    @property
    def uses_embedded_engine(self) -> bool:
        return not self.neo4j_uri

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = TomlConfigSettingsSource(settings_cls, toml_file=config_file_path())
        return init_settings, env_settings, toml_file


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
