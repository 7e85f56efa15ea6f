"""`govgraph keys create|list|revoke`: the API keys of this installation."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from api.keys import NAME_MAX_LENGTH, InvalidKeyName, Role, UnknownKey, checked_name, key_store
from cypher.output import print_json
from graphmodel.audit import audit_log, command_actor
from graphmodel.cli.common import console_error, out

keys_app = typer.Typer(help="Create, list and revoke API keys (stored hashed).", no_args_is_help=True)


@keys_app.command("create")
def create_key(
    name: str = typer.Option(..., "--name", help=f"who or what uses the key, e.g. 'intranet' (at most "
                                                 f"{NAME_MAX_LENGTH} characters, no control characters)"),
    role: Role = typer.Option(Role.reader, "--role", help="reader, editor (imports) or admin (keys, erasure)"),
    as_json: bool = typer.Option(False, "--json", help="print the key as JSON"),
) -> None:
    """Create a key; its text is printed once and cannot be shown again."""
    try:
        name = checked_name(name)
    except InvalidKeyName as error:
        # The name is described, never echoed: it may hold terminal escapes. Rich markup in the
        # message is escaped for the same reason.
        console_error(f"--name: {escape(str(error))}")
        raise typer.Exit(1) from None
    key, text = key_store().create(name, role)
    audit_log().record(actor=command_actor(), action="key.create", target=key.id,
                       changes={"name": key.name, "role": key.role.value})
    if as_json:
        print_json({**key.as_json(), "key": text})
        return
    out.print(f"Created {key.role.value} key [bold]{key.id}[/] for {key.name}. Its text, shown only now:")
    out.print(text, markup=False, highlight=False)


@keys_app.command("list")
def list_keys(as_json: bool = typer.Option(False, "--json", help="print the keys as JSON")) -> None:
    """Every key with its role, and when it was created or revoked; never the key text."""
    keys = key_store().keys()
    if as_json:
        print_json([key.as_json() for key in keys])
        return
    table = Table("id", "name", "role", "created", "revoked")
    for key in keys:
        table.add_row(key.id, key.name, key.role.value, key.created, key.revoked or "")
    out.print(table)


@keys_app.command("revoke")
def revoke_key(
    key_id: str = typer.Argument(..., metavar="ID", help="the key's id, as `govgraph keys list` shows"),
) -> None:
    """Revoke a key: requests with it are refused from now on."""
    try:
        key = key_store().revoke(key_id)
    except UnknownKey as error:
        raise typer.BadParameter(str(error), param_hint="ID") from error
    audit_log().record(actor=command_actor(), action="key.revoke", target=key.id, changes={"revoked": key.revoked})
    out.print(f"Revoked key {key.id} ({key.name}).")
