"""docker-compose.yml, the Dockerfile and .dockerignore: checked as data here, by Docker where one runs."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
VARIABLE = re.compile(r"\$\{[A-Z][A-Z0-9_]*(?::?[-?][^}]*)?\}")
PASSWORD_VARIABLE = re.compile(r"^\$\{NEO4J_PASSWORD:\?[^}]+\}$")
SERVE_COMMAND = ["govgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def environment(service: dict) -> dict[str, str]:
    """A service's environment, whether written as a mapping or as a list of KEY=value."""
    declared = service.get("environment", {})
    if isinstance(declared, list):
        return dict(item.split("=", 1) for item in declared)
    return {key: str(value) for key, value in declared.items()}


def without_variables(text: str) -> str:
    return VARIABLE.sub("", text)


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def arguments_of(keyword: str) -> list[str]:
    return [arguments for found, arguments in dockerfile_instructions() if found == keyword]


# -- docker-compose.yml --------------------------------------------------------------------
def test_compose_runs_neo4j_5_community_and_the_api(compose):
    assert set(compose["services"]) == {"neo4j", "api"}
    image = compose["services"]["neo4j"]["image"]
    repository, _, tag = image.partition(":")
    assert repository == "neo4j"
    assert re.fullmatch(r"5(\.\d+){0,2}-community", tag), f"{image} is not a Neo4j 5 community image"


def test_neo4j_credentials_come_from_the_environment(compose):
    auth = environment(compose["services"]["neo4j"])["NEO4J_AUTH"]
    assert auth.startswith("${NEO4J_USERNAME:-neo4j}/")
    assert PASSWORD_VARIABLE.match(auth.split("/", 1)[1]), "the password must be required from NEO4J_PASSWORD"


def test_no_service_has_a_literal_secret(compose):
    for name, service in compose["services"].items():
        for key, value in environment(service).items():
            if "PASSWORD" in key or "AUTH" in key:
                assert without_variables(value) in ("", "/"), f"{name}: {key} holds a literal value"


def test_neo4j_has_a_healthcheck_that_reads_its_own_credentials(compose):
    healthcheck = compose["services"]["neo4j"]["healthcheck"]
    test = healthcheck["test"]
    command = test[-1] if isinstance(test, list) else test
    assert "cypher-shell" in command or "7474" in command
    if "cypher-shell" in command:
        password_argument = shlex.split(command)[shlex.split(command).index("-p") + 1]
        assert password_argument.startswith("$${NEO4J_AUTH"), "the healthcheck must not hold the password"
    assert healthcheck["interval"] and healthcheck["retries"] > 0


def test_neo4j_data_is_on_a_declared_named_volume(compose):
    mounts = compose["services"]["neo4j"]["volumes"]
    data_volumes = [mount.split(":")[0] for mount in mounts if mount.split(":")[1] == "/data"]
    assert len(data_volumes) == 1
    assert data_volumes[0] in compose["volumes"], "the /data volume must be declared at the top level"


def test_every_port_is_bound_to_loopback_only(compose):
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"
    assert compose["services"]["api"]["ports"] == ["127.0.0.1:8000:8000"]


def test_api_is_built_here_and_uses_neo4j_once_it_is_healthy(compose):
    api = compose["services"]["api"]
    assert (ROOT / api["build"]["context"] / api["build"]["dockerfile"]).resolve() == DOCKERFILE
    env = environment(api)
    assert env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert env["NEO4J_DATABASE"] == "neo4j"
    assert env["NEO4J_USERNAME"] == "${NEO4J_USERNAME:-neo4j}"
    assert PASSWORD_VARIABLE.match(env["NEO4J_PASSWORD"])
    assert api["depends_on"] == {"neo4j": {"condition": "service_healthy"}}


# -- Dockerfile and .dockerignore ----------------------------------------------------------
def test_dockerfile_installs_the_package_on_python_311_slim_as_a_non_root_user():
    assert arguments_of("FROM") == ["python:3.11-slim"]
    copied_to = {arguments.split()[-1] for arguments in arguments_of("COPY")}
    installs = [re.search(r"pip install (\S+)", run) for run in arguments_of("RUN")]
    installed = [match.group(1) for match in installs if match]
    assert installed and installed[0] in copied_to, "pip must install the copied sources"
    users = arguments_of("USER")
    assert users and users[-1] not in ("root", "0"), "the server must not run as root"


def test_dockerfile_runs_govgraph_serve_on_all_interfaces():
    [command] = arguments_of("CMD")
    assert json.loads(command) == SERVE_COMMAND


def test_the_image_command_exists_in_this_package():
    govgraph = Path(sys.executable).with_name("govgraph")
    result = subprocess.run([str(govgraph), "serve", "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "--host" in result.stdout and "--port" in result.stdout


def test_dockerignore_lets_in_exactly_the_package_sources():
    lines = [line.strip() for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0] == "*", "everything else (virtualenv, git history, data) stays out"
    allowed = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {pattern.rstrip("*") for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert packages | {"pyproject.toml", pyproject["project"]["readme"]} <= allowed
    assert ".venv" not in allowed and ".git" not in allowed


# -- Docker itself, where it runs ---------------------------------------------------------
def docker_compose_unavailable_reason() -> str | None:
    if shutil.which("docker") is None:
        return "no docker client on this machine"
    if subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode != 0:
        return "no Docker engine runs here (`docker info` failed)"
    if subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30).returncode != 0:
        return "the Docker compose plugin is not installed (`docker compose version` failed)"
    return None


def docker_compose_config(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    return subprocess.run(["docker", "compose", "-f", str(COMPOSE_FILE), "config", "--format", "json"],
                          capture_output=True, text=True, timeout=120, env={**clean, **env}, cwd=ROOT)


def test_docker_compose_accepts_the_file_and_requires_a_password():
    reason = docker_compose_unavailable_reason()
    if reason:
        pytest.skip(reason)
    resolved = docker_compose_config(NEO4J_PASSWORD="compose-check-password")
    assert resolved.returncode == 0, resolved.stderr
    services = json.loads(resolved.stdout)["services"]
    assert services["neo4j"]["environment"]["NEO4J_AUTH"] == "neo4j/compose-check-password"
    assert services["api"]["environment"]["NEO4J_PASSWORD"] == "compose-check-password"
    missing = docker_compose_config()
    assert missing.returncode != 0
    assert "set NEO4J_PASSWORD" in missing.stderr


def test_neo4j_refuses_file_reads_and_bounds_each_transaction(compose):
    settings = environment(compose["services"]["neo4j"])
    assert settings["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert re.fullmatch(r"\d+[mg]", settings["NEO4J_db_memory_transaction_max"])
    assert re.fullmatch(r"\d+s", settings["NEO4J_db_transaction_timeout"])


def test_the_image_healthcheck_asks_a_path_the_api_serves():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    asked = re.search(r"urlopen\('http://127\.0\.0\.1:8000(/[^']*)'", dockerfile)
    assert asked, "the HEALTHCHECK asks the API over loopback"
    from api.main import create_app

    assert asked.group(1) in create_app(owns_graph=False).openapi()["paths"]
