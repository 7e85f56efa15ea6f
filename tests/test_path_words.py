"""`govgraph path` as a person reads it: Swedish hop sentences, and every source named by its document."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.engine

NPO = "npo:psykisk-halsa"
OREBRO = "municipality:1880"


def govgraph(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govgraph", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_govgraph_path_speaks_swedish_names_its_documents_and_speaks_english_on_asking(cli_env):
    assert govgraph(cli_env, "db", "start").returncode == 0
    try:
        assert govgraph(cli_env, "load", "reference").returncode == 0
        swedish = govgraph(cli_env, "path", NPO, OREBRO, "--at", "2025-01-01")
        assert swedish.returncode == 0, swedish.stderr
        assert "RPO Psykisk hälsa speglar NPO Psykisk hälsa" in swedish.stdout
        assert "är ledamot i LAG Suicidprevention som kommunal representant" in swedish.stdout
        assert "(Uppdrag som kommunal representant i LPO/LAG (Region Örebro län)" in swedish.stdout
        assert "_c404d1e861ddfdc3.txt)" not in swedish.stdout and "_ef8c122bca7ad691.txt" not in swedish.stdout
        english = govgraph(cli_env, "path", NPO, OREBRO, "--at", "2025-01-01", "--lang", "en")
        assert english.returncode == 0 and "RPO Psykisk hälsa mirrors NPO Psykisk hälsa" in english.stdout
        wrong = govgraph(cli_env, "path", NPO, OREBRO, "--lang", "fi")
        assert wrong.returncode == 2 and "--lang" in wrong.stderr and "'fi'" in wrong.stderr
    finally:
        govgraph(cli_env, "db", "stop")
