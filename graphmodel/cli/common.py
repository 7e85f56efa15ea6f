"""What every command shares: consoles, and opening the graph with a word about it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from graphmodel.engine import Graph

# Into a pipe or a file, a table is printed whole, however wide: a terminal's 80 columns would cut its cells.
PIPE_WIDTH = 10_000


def _console(stream) -> Console:
    width = None if stream.isatty() else PIPE_WIDTH
    return Console(file=stream, highlight=False, soft_wrap=True, width=width)


out = _console(sys.stdout)
err = _console(sys.stderr)


def console_error(message: str) -> None:
    """`message` after "error:", or "fel:" in a command that speaks Swedish (`--lang`)."""
    from graphmodel.messages import text  # only once something failed: the catalogue costs nothing before

    err.print(f"[bold red]{text('cli.error')}:[/] {message}")


def note(message: str) -> None:
    err.print(f"[dim]{message}[/]")


def open_graph_for_command() -> Graph:
    """The process's graph; starting the embedded engine is announced on stderr."""
    # Imported here: the engine's modules bring the driver, which commands that need no graph never load.
    from graphmodel.engine import current_graph

    return current_graph(notify=note)
