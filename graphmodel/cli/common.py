"""What every command shares: consoles, and opening the graph with a word about it."""

from __future__ import annotations

from rich.console import Console

from graphmodel.engine import Graph, current_graph

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def console_error(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}")


def note(message: str) -> None:
    err.print(f"[dim]{message}[/]")


def open_graph_for_command() -> Graph:
    """The process's graph; starting the embedded engine is announced on stderr."""
    return current_graph(notify=note)
