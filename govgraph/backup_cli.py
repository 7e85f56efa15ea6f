"""`govgraph backup FILE` and `govgraph restore FILE`: the whole graph to one file and back.

Exit codes: 0 done; 1 the backup could not be taken or the file cannot be
restored (damaged, truncated, another format version, or the graph is not
empty without --force), and nothing was written; 2 a bad argument.
"""

from __future__ import annotations

import time
from pathlib import Path

import neo4j
import typer

from api.keys import FILE_NAME as KEYS_FILE
from graphmodel.audit import FILE_NAME as AUDIT_FILE
from graphmodel.audit import audit_log, command_actor
from govgraph.backup import (
    BackupError,
    Manifest,
    RestoreReport,
    SideFiles,
    restore_backup,
    verify_backup,
    write_backup,
)
from graphmodel.cli.common import console_error, open_graph_for_command, out
from graphmodel.settings import get_settings
from importers.import_digests import import_digests

EXIT_FAILED = 1


def _side_files(*, audit: bool, keys: bool) -> SideFiles:
    shared = get_settings().shared_store_dir
    return SideFiles(audit=shared / AUDIT_FILE if audit else None, keys=shared / KEYS_FILE if keys else None)


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} kB"


def _counted(manifest: Manifest) -> str:
    counts = manifest.counts
    text = f"{counts['nodes']} nodes and {counts['relationships']} relationships"
    extras = [f"{counts[name]} {label}" for name, label in (("audit_entries", "audit entries"),
                                                            ("api_keys", "API keys")) if name in counts]
    return text + (f" (+ {', '.join(extras)})" if extras else "")


def backup_command(
    file: Path = typer.Argument(..., metavar="FILE", help="the backup file to write (a zip); an existing file is replaced only "
                                          "once the new backup is complete"),
    with_keys: bool = typer.Option(False, "--with-keys", help="also carry the API keys (names, roles and hashes; "
                                                              "never the keys themselves)"),
    without_audit: bool = typer.Option(False, "--without-audit", help="leave the audit log out"),
) -> None:
    """Back up the whole graph into FILE: every node and relationship, and the audit log.

    Reads only, so a running `govgraph serve` keeps serving. The file is a zip
    of JSON lines (nodes.jsonl, relationships.jsonl, audit.jsonl, manifest.json
    with counts and a content checksum), mode 0600: it holds personal data.
    The audit log is included because a region must be able to show who
    changed what after losing a machine. API keys are left out unless
    --with-keys: they grant access to one deployment, and a backup restored
    elsewhere (a test copy, say) should not carry them.
    """
    if file.is_dir():
        raise typer.BadParameter(f"'{file}' is a folder; name the file to write", param_hint="FILE")
    if not file.parent.is_dir():
        raise typer.BadParameter(f"the folder of '{file}' does not exist", param_hint="FILE")
    graph = open_graph_for_command()
    started = time.perf_counter()
    try:
        manifest = write_backup(graph, file, sides=_side_files(audit=not without_audit, keys=with_keys))
    except BackupError as error:
        console_error(str(error))
        raise typer.Exit(EXIT_FAILED) from None
    audit_log().record(actor=command_actor(), action="backup", target=str(file.resolve()),
                       changes={"counts": manifest.counts, "content_checksum": manifest.content_checksum})
    out.print(f"Backed up {_counted(manifest)} to {file} ({_size(file)}, {time.perf_counter() - started:.1f} s); "
              f"content checksum {manifest.content_checksum}.")


def restore_command(
    file: Path = typer.Argument(..., metavar="FILE", help="a backup written by `govgraph backup`"),
    force: bool = typer.Option(False, "--force", help="replace whatever the graph holds now"),
    check: bool = typer.Option(False, "--check", help="only verify the file; write nothing"),
) -> None:
    """Restore a backup into an empty graph (or, with --force, in place of what it holds); all or nothing.

    The whole file is verified first (manifest, format version, every member's
    sha256, the content checksum); a damaged or truncated file is refused
    before anything is written. The graph is written in one transaction and
    its checksum compared with the backup's before it commits, then the
    schema is installed. The backup's audit log and API keys are restored
    only into an empty audit log or key store; history already kept on this
    machine is never replaced, and the restore itself is added to it.
    """
    try:
        if check:
            manifest = verify_backup(file)
            out.print(f"{file} is a complete backup: {_counted(manifest)}, taken {manifest.created_at} on "
                      f"{manifest.engine} (govgraph {manifest.govgraph_version}).")
            return
        graph = open_graph_for_command()
        started = time.perf_counter()
        report = restore_backup(graph, file, force=force, sides=_side_files(audit=True, keys=True))
    except BackupError as error:
        console_error(str(error))
        raise typer.Exit(EXIT_FAILED) from None
    except neo4j.exceptions.Neo4jError as error:
        console_error(f"{file}: the engine refused the restore, nothing was restored: {error.message}")
        raise typer.Exit(EXIT_FAILED) from None
    import_digests(get_settings()).forget_all()  # the next import of each workbook compares with what came back
    _record_restore(file, report)
    _print_restore(file, report, time.perf_counter() - started)


def _record_restore(file: Path, report: RestoreReport) -> None:
    manifest = report.manifest
    audit_log().record(actor=command_actor(), action="restore", target=str(file.resolve()),
                       changes={"created_at": manifest.created_at, "counts": manifest.counts,
                                "content_checksum": manifest.content_checksum,
                                "replaced": {"nodes": report.replaced.nodes,
                                             "relationships": report.replaced.relationships}})


def _print_restore(file: Path, report: RestoreReport, seconds: float) -> None:
    manifest = report.manifest
    lines = [(f"Restored {_counted(manifest)} from {file} (taken {manifest.created_at} on {manifest.engine}) "
              f"in {seconds:.1f} s; content checksum verified.")]
    if not report.replaced.empty:
        lines.append(f"Replaced {report.replaced.describe()}.")
    for side in report.sides:
        if side.kept:
            lines.append(f"{side.member}: kept what this machine already has ({side.kept} row(s)); the backup's "
                         f"{side.in_backup} row(s) stay in the file.")
        else:
            lines.append(f"{side.member}: restored {side.restored} row(s).")
    out.print("\n".join(lines))
