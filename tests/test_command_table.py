"""`govgraph`'s command table: every command loads, and its line in `govgraph --help` is its own help."""

from __future__ import annotations

import subprocess
import sys

import pytest

from govgraph.cli import COMMANDS


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda entry: entry.name)
def test_each_command_loads_and_its_summary_is_the_first_paragraph_of_its_help(entry):
    command = entry.load()
    first_paragraph = " ".join((command.help or "").split("\n\n")[0].split())
    assert entry.summary == first_paragraph


def test_the_top_help_lists_every_command_without_importing_any_layer():
    probe = ("import sys; from govgraph.cli import app; "
             "app.main(['--help'], prog_name='govgraph', standalone_mode=False); "
             "loaded = sorted(name for name in sys.modules if name.split('.')[0] in "
             "('graphmodel', 'cypher', 'importers', 'api', 'neo4j', 'pandas', 'fastapi')); "
             "print('LOADED', loaded)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout
    for entry in COMMANDS:
        assert f"  {entry.name} " in result.stdout


def test_an_unknown_command_is_a_usage_error_naming_it():
    result = subprocess.run([sys.executable, "-m", "govgraph", "nosuch"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "No such command 'nosuch'" in result.stderr
