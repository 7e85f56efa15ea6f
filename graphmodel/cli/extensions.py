"""Commands that live with the packages they drive (importers, API), added to the app at start."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from api.cli import serve_command
    from cypher.cli import query_command
    from importers.cli import import_command, load_app
    from importers.export_cli import export_command

    app.command("import")(import_command)
    app.command("export")(export_command)
    app.add_typer(load_app, name="load")
    app.command("serve")(serve_command)
    app.command("query")(query_command)
