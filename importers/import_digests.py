"""Recognising a workbook that was imported already, without reading it into records or the graph back.

After an import that left the graph in line with its workbook, the digest
of the workbook's sheets (their headers and cells, row by row) is kept for
the owner in the shared store (`Settings.shared_store_dir`), with how many
nodes and edges the owner then had. A later import of the same owner with
the same digest has nothing to do as long as the owner still has those
numbers of nodes and edges: two counts in the engine, instead of checking
and planning every row. A record of the owner removed or taken over since
changes the counts, and the import then compares as usual. Values edited in
the graph by hand are not looked for here, as a changed workbook's import
does not look at the rows it did not change either (`importers.row_ledger`,
kept here beside the digest, lets it check and write only the changed rows);
`--force` compares and restores every record.

A digest is kept after an import that left the graph in line with its
workbook (written, or with nothing to write); one that kept records the
workbook no longer has (no `--prune`) forgets it, and a dry run or an import
with conflicts, which write nothing, leave it as it was. `govgraph import`,
the API's import and `bench/import_bench.py` use it alike.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graphmodel.engine import Graph
from graphmodel.model import ENTITY_LABEL
from graphmodel.private_sqlite import PrivateSqlite
from graphmodel.settings import Settings
from importers.load import ImportReport
from importers.load_plan import SheetCounts
from importers.read import Workbook
from importers.row_ledger import LEDGER_VERSION, Ledger, row_fingerprints

FILE_NAME = "import-digests.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS import_digests (
    owner TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    nodes INTEGER NOT NULL,
    edges INTEGER NOT NULL,
    rows TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS import_ledgers (
    owner TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    version INTEGER NOT NULL,
    external TEXT NOT NULL,
    rows TEXT NOT NULL
);
"""

OWNED_NODES = f"MATCH (n:{ENTITY_LABEL}) WHERE n.imported_from = $owner RETURN count(n) AS records"
# Only imports set `imported_from` on an edge, and they join entities only: no labels to check on its ends.
OWNED_EDGES = "MATCH ()-[r]->() WHERE r.imported_from = $owner RETURN count(r) AS records"


@dataclass(frozen=True)
class ImportDigest:
    digest: str
    nodes: int
    edges: int
    rows: dict[str, int]  # rows read per sheet, for the report of an import that has nothing to do


def workbook_digest(workbook: Workbook, fingerprints: Mapping[str, list[str]] | None = None) -> str:
    """A digest of what the workbook says: each sheet's name, header and rows with their numbers and cells
    (not where it was read from: an upload is staged somewhere new each time). The cells come in as each
    row's fingerprint (`row_ledger.row_fingerprints`, computed here unless given)."""
    fingerprints = fingerprints if fingerprints is not None else row_fingerprints(workbook)
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(workbook.sheets):
        sheet = workbook.sheets[name]
        digest.update(repr((name, sheet.header)).encode("utf-8"))
        numbers = ",".join(str(row.number) for row in sheet.rows)
        digest.update(f"{numbers}|{','.join(fingerprints[name])}".encode("utf-8"))
    return digest.hexdigest()


def owned_counts(graph: Graph, owner: str) -> tuple[int, int]:
    return owned_node_count(graph, owner), owned_edge_count(graph, owner)


def owned_node_count(graph: Graph, owner: str) -> int:
    """The owner's nodes, counted by the index on `imported_from`."""
    return graph.read(OWNED_NODES, owner=owner)[0]["records"]


def owned_edge_count(graph: Graph, owner: str) -> int:
    """The owner's edges: the engine goes through every edge (edges have no index on `imported_from`)."""
    return graph.read(OWNED_EDGES, owner=owner)[0]["records"]


class ImportDigests(PrivateSqlite):
    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def recorded(self, owner: str) -> ImportDigest | None:
        with self._connection() as connection:
            row = connection.execute("SELECT digest, nodes, edges, rows FROM import_digests WHERE owner = ?",
                                     (owner,)).fetchone()
        return None if row is None else ImportDigest(row[0], row[1], row[2], json.loads(row[3]))

    def record(self, owner: str, digest: ImportDigest) -> None:
        with self._connection() as connection:
            connection.execute("INSERT OR REPLACE INTO import_digests (owner, digest, nodes, edges, rows) "
                               "VALUES (?, ?, ?, ?, ?)",
                               (owner, digest.digest, digest.nodes, digest.edges, json.dumps(digest.rows)))

    def forget(self, owner: str) -> None:
        with self._connection() as connection:
            connection.execute("DELETE FROM import_digests WHERE owner = ?", (owner,))
            connection.execute("DELETE FROM import_ledgers WHERE owner = ?", (owner,))

    def forget_all(self) -> None:
        """After the graph was replaced (a restore): no digest describes it any more."""
        with self._connection() as connection:
            connection.execute("DELETE FROM import_digests")
            connection.execute("DELETE FROM import_ledgers")

    def record_ledger(self, owner: str, digest: str, ledger: Ledger | None) -> None:
        """Keep the rows' ledger of the workbook with this digest, or (None) drop the owner's: it describes
        another workbook now."""
        with self._connection() as connection:
            if ledger is None:
                connection.execute("DELETE FROM import_ledgers WHERE owner = ?", (owner,))
            else:
                connection.execute("INSERT OR REPLACE INTO import_ledgers (owner, digest, version, external, rows) "
                                   "VALUES (?, ?, ?, ?, ?)", (owner, digest, LEDGER_VERSION,
                                                              json.dumps(ledger.external), ledger.encode_rows()))

    def ledger(self, owner: str) -> Ledger | None:
        """The ledger of the workbook last imported for `owner`, if it was kept with that workbook's digest."""
        with self._connection() as connection:
            row = connection.execute("SELECT l.external, l.rows FROM import_ledgers l JOIN import_digests d "
                                     "ON d.owner = l.owner AND d.digest = l.digest WHERE l.owner = ? AND l.version = ?",
                                     (owner, LEDGER_VERSION)).fetchone()
        return None if row is None else Ledger.decode(row[1], json.loads(row[0]))


def import_digests(settings: Settings) -> ImportDigests:
    return ImportDigests(settings.shared_store_dir / FILE_NAME)


def unchanged_import(graph: Graph, digests: ImportDigests | None, workbook: Workbook, *, owner: str,
                     force: bool, prune: bool = False, dry_run: bool = False,
                     fingerprints: Mapping[str, list[str]] | None = None,
                     owned: tuple[int, int] | None = None) -> ImportReport | None:
    """The report of an import with nothing to do, for a workbook that is the one last imported for `owner`
    while the owner's records are all still there; None when the import must compare (`force` always does).
    `owned`: the owner's `owned_counts`, when read already."""
    if digests is None or force:
        return None
    recorded = digests.recorded(owner)
    # The counts first: two counts in the engine, where the digest needs every row's fingerprint.
    if not counts_in_line(graph, recorded, owner, owned):
        return None
    if recorded.digest != workbook_digest(workbook, fingerprints):
        return None
    counts = {sheet: SheetCounts(read=rows, unchanged=rows) for sheet, rows in recorded.rows.items()}
    return ImportReport(owner, counts, dry_run=dry_run, prune=prune)


def remember_import(graph: Graph, digests: ImportDigests | None, workbook: Workbook, report: ImportReport, *,
                    ledger: Ledger | None = None, fingerprints: Mapping[str, list[str]] | None = None) -> None:
    """After an import was applied (not a dry run): keep the workbook's digest for its owner when the graph
    is now in line with it, forget the owner's digest when records it no longer has were kept.

    `ledger`, the workbook's rows' ledger, is kept with the digest (without one, the owner's is dropped).
    An import with conflicts wrote nothing, so what was kept before still holds. The counts come from the
    plan when it saw all the owner's records (`ImportReport.owned`), else are read after the commit; imports
    of one owner are expected one at a time, as one workbook is one owner's.
    """
    if digests is None or report.dry_run or report.conflicts:
        return
    if report.unpruned:
        digests.forget(report.owner)
        return
    nodes, edges = report.owned if report.owned is not None else owned_counts(graph, report.owner)
    rows = {sheet: counts.read for sheet, counts in report.counts.items()}
    digest = workbook_digest(workbook, fingerprints)
    digests.record(report.owner, ImportDigest(digest, nodes, edges, rows))
    digests.record_ledger(report.owner, digest, ledger)


def ledger_in_line(graph: Graph, digests: ImportDigests | None, owner: str,
                   owned: tuple[int, int] | None = None) -> tuple[Ledger, ImportDigest] | None:
    """The rows' ledger of the workbook last imported for `owner`, while the owner still has as many nodes and
    edges as that import left (the same test as an unchanged workbook's); None when the import must compare all.
    `owned`: the owner's `owned_counts`, when read already."""
    recorded = digests.recorded(owner) if digests is not None else None
    # The counts before the ledger, which is every row's entry to decode.
    if not counts_in_line(graph, recorded, owner, owned):
        return None
    ledger = digests.ledger(owner)
    return None if ledger is None else (ledger, recorded)


def counts_in_line(graph: Graph, recorded: ImportDigest | None, owner: str, owned: tuple[int, int] | None = None) -> bool:
    """Whether the owner still has as many nodes and edges as the import `recorded` left (`owned`, the owner's
    `owned_counts` when read already): else no digest or ledger of that import describes the graph."""
    if recorded is None:
        return False
    return (owned if owned is not None else owned_counts(graph, owner)) == (recorded.nodes, recorded.edges)
