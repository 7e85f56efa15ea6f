"""Commands that live with the packages they drive (importers, API), added to the app at start."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from api.cli import serve_command

    app.command("serve")(serve_command)
