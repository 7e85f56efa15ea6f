"""Commands that live with the packages they drive (importers, API), added to the app at start."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from api.cli import serve_command
    from api.keys_cli import keys_app
    from api.viz_cli import viz_command
    from cypher.checks_cli import check_command, gaps_command
    from cypher.cli import query_command
    from cypher.chain_cli import chain_command, diff_command, represented_command
    from cypher.path_cli import path_command
    from cypher.decision_cli import decide_command
    from graphmodel.cli.backup import backup_command, restore_command
    from importers.cli import import_command, load_app
    from importers.export_cli import export_command
    from importers.person_cli import person_app

    app.add_typer(person_app, name="person")
    app.command("import")(import_command)
    app.command("export")(export_command)
    app.add_typer(load_app, name="load")
    app.command("serve")(serve_command)
    app.add_typer(keys_app, name="keys")
    app.command("query")(query_command)
    app.command("check")(check_command)
    app.command("gaps")(gaps_command)
    app.command("chain")(chain_command)
    app.command("represented")(represented_command)
    app.command("diff")(diff_command)
    app.command("path")(path_command)
    app.command("decide")(decide_command)
    app.command("viz")(viz_command)
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
