"""Backups of the whole graph that any engine can restore, and the content checksum that proves a round trip.

A backup is a zip file, mode 0600 since it holds personal data, with:

    nodes.jsonl          one node a line: {"labels": [sorted], "props": {...}}
    relationships.jsonl  one a line: {"type": "MEMBER_OF", "start": uid, "end": uid, "props": {...}}
    audit.jsonl          the audit log, one entry a line (left out on request)
    keys.jsonl           the API keys' hashes, names and roles (only on request)
    manifest.json        format, format_version, govgraph_version, engine, created_at, counts,
                         content_checksum, and the sha256 and line count of every member above

Lines are canonical JSON (sorted keys, no spaces, UTF-8). Property values JSON has no type for are
one-key objects: {"date": "2023-03-01"}, {"datetime": ISO}, {"time": ISO}, {"duration": [months,
days, seconds, nanoseconds]}, {"bytes": base64}. A Cypher property is never a map, so a map is always
such a tag. Relationships name their ends by `uid`, never by an engine's internal id.

`content_checksum(graph)` is a sha256 over the sorted digests of every node's and relationship's
canonical line, so it is the same on any engine for the same content, whatever order the engine
returns things in, and costs 32 bytes of memory an item rather than the items themselves.

Consistency: both engines read committed data only, and neither gives a read transaction a
snapshot (a second statement in it sees what others committed since the first). A backup therefore
reads everything in one streaming read transaction and then reads the checksum again: equal, the
file is the graph as it stood; different, something was written meanwhile and the backup is taken
again. Only reads, so a running `govgraph serve` goes on serving.

Restore verifies the whole file (every member's sha256 and line count, each line's shape, the content
checksum) before writing anything, then writes in ONE transaction: clearing the graph (with `force`),
creating nodes with all their labels and then relationships, in batches, and finally reading the
content checksum inside the transaction; a mismatch, or any failure, rolls all of it back, so the graph
is exactly as before. The importer writes the national-scale chart in one transaction too.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, BinaryIO

import neo4j
import neo4j.time

from graphmodel.engine import Graph
from graphmodel.model import EDGE_CLASSES, ENTITY_LABEL, ERASED_LABEL, NODE_CLASSES, kind_info
from graphmodel.schema import install_schema

__all__ = [
    "BackupError", "GraphNotEmpty", "Manifest", "RestoreReport", "content_checksum", "restore_backup",
    "verify_backup", "write_backup",
]

FORMAT = "govgraph-backup"
FORMAT_VERSION = 1
NODES = "nodes.jsonl"
RELATIONSHIPS = "relationships.jsonl"
MANIFEST = "manifest.json"
BATCH_SIZE = 5000
FETCH_SIZE = 2000
# How often a backup is taken again when the graph changed while it was read.
BACKUP_ATTEMPTS = 3
_CHECKSUM_DOMAIN = b"govgraph-content-1\n"

Item = dict[str, Any]


class BackupError(ValueError):
    """A backup cannot be written, or a file cannot be restored; the message names the file and the problem."""


class GraphNotEmpty(BackupError):
    """Restore was asked to write into a graph that already holds something, without `force`."""

    def __init__(self, held: ContentSummary) -> None:
        super().__init__(f"the graph is not empty: it holds {held.describe()}; restore into an empty graph, "
                         "or replace this content with --force")
        self.held = held


# -- property values ------------------------------------------------------------------------------
def _iso(value: Any) -> str:
    return value.iso_format() if hasattr(value, "iso_format") else value.isoformat()


def _tag_of(value: Any) -> tuple[str, Any] | None:
    # datetime before date: a Python datetime is also a date.
    if isinstance(value, neo4j.time.DateTime | datetime.datetime):
        return "datetime", _iso(value)
    if isinstance(value, neo4j.time.Date | datetime.date):
        return "date", _iso(value)
    if isinstance(value, neo4j.time.Time | datetime.time):
        return "time", _iso(value)
    if isinstance(value, neo4j.time.Duration):
        return "duration", [value.months, value.days, value.seconds, value.nanoseconds]
    if isinstance(value, bytes | bytearray):
        return "bytes", base64.b64encode(bytes(value)).decode("ascii")
    return None


_UNTAG: dict[str, Callable[[Any], Any]] = {
    "date": datetime.date.fromisoformat,
    "datetime": neo4j.time.DateTime.from_iso_format,
    "time": neo4j.time.Time.from_iso_format,
    "duration": lambda parts: neo4j.time.Duration(months=parts[0], days=parts[1], seconds=parts[2],
                                                  nanoseconds=parts[3]),
    "bytes": lambda text: bytearray(base64.b64decode(text, validate=True)),
}


def encode_value(value: Any) -> Any:
    """A property value as JSON: plain where JSON has the type, else a one-key tag."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [encode_value(element) for element in value]
    tagged = _tag_of(value)
    if tagged is None:
        raise TypeError(f"a property of type {type(value).__name__} cannot be backed up")
    return {tagged[0]: tagged[1]}


def decode_value(value: Any) -> Any:
    """The inverse of `encode_value`: the value to pass to the engine as a parameter."""
    if isinstance(value, list):
        return [decode_value(element) for element in value]
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in _UNTAG:
            raise ValueError(f"unknown value tag {json.dumps(value)[:80]}")
        tag, text = next(iter(value.items()))
        return _UNTAG[tag](text)
    if value is None:
        raise ValueError("a property value is null")
    return value


def _encode_props(props: dict[str, Any]) -> dict[str, Any]:
    return {key: encode_value(value) for key, value in props.items()}


def canonical(item: Item) -> str:
    """The one text of an item: what is written as its line and digested for the checksum."""
    return json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# -- the content checksum --------------------------------------------------------------------------
class ContentDigest:
    """Collects item digests in any order; `hexdigest()` is the same for the same content."""

    def __init__(self) -> None:
        self._digests: dict[str, list[bytes]] = {NODES: [], RELATIONSHIPS: []}

    def add(self, member: str, line: str) -> None:
        self._digests[member].append(hashlib.sha256(line.encode("utf-8")).digest())

    def count(self, member: str) -> int:
        return len(self._digests[member])

    def hexdigest(self) -> str:
        total = hashlib.sha256(_CHECKSUM_DOMAIN)
        for member, digests in self._digests.items():
            total.update(f"{member} {len(digests)}\n".encode("ascii"))
            for digest in sorted(digests):
                total.update(digest)
        return total.hexdigest()


ALL_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
# Without labels on the ends: a third faster on ArcadeDB. Every end must still have a uid (checked below).
ALL_RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.uid AS start, b.uid AS end, properties(r) AS props"
RELATIONSHIP_COUNT = "MATCH ()-[r]->() RETURN count(r) AS n"


def node_lines(tx: neo4j.Transaction) -> Iterator[str]:
    """The canonical line of every node, streamed from `tx`."""
    for record in tx.run(ALL_NODES):
        props = record["props"]
        try:
            item = {"labels": sorted(record["labels"]), "props": _encode_props(props)}
        except TypeError as error:
            raise BackupError(f"node {props.get('uid') or record['labels']}: {error}") from None
        yield canonical(item)


def relationship_lines(tx: neo4j.Transaction) -> Iterator[str]:
    """The canonical line of every relationship, streamed from `tx`."""
    for record in tx.run(ALL_RELATIONSHIPS):
        yield canonical(_relationship_item(record))


def _relationship_item(record: neo4j.Record) -> Item:
    where = f"{record['type']} relationship from {record['start']} to {record['end']}"
    if record["start"] is None or record["end"] is None:
        raise BackupError(f"a {where} has an end without a uid; a backup names ends by their uid, so it "
                          "cannot hold it")
    try:
        props = _encode_props(record["props"])
    except TypeError as error:
        raise BackupError(f"{where}: {error}") from None
    return {"type": record["type"], "start": record["start"], "end": record["end"], "props": props}


def read_transaction(graph: Graph):
    """One streaming read transaction, rolled back at the end: a backup only reads."""
    return graph.read_stream(FETCH_SIZE)


def checksum_in(tx: neo4j.Transaction) -> str:
    """The content checksum of the graph as `tx` sees it (a write transaction sees its own writes)."""
    digest = ContentDigest()
    for member, lines in ((NODES, node_lines(tx)), (RELATIONSHIPS, relationship_lines(tx))):
        for line in lines:
            digest.add(member, line)
    return digest.hexdigest()


def content_checksum(graph: Graph) -> str:
    """sha256 over every node (labels sorted, properties) and relationship (type, ends by uid, properties).

    Independent of internal ids and of the order the engine returns things in,
    so equal on Neo4j and ArcadeDB for the same content. Reads only.
    """
    with read_transaction(graph) as tx:
        return checksum_in(tx)


# -- the manifest ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Manifest:
    format: str
    format_version: int
    govgraph_version: str
    engine: str
    created_at: str
    counts: dict[str, int]
    content_checksum: str
    members: dict[str, dict[str, Any]]

    @classmethod
    def parse(cls, data: bytes) -> Manifest:
        try:
            document = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BackupError(f"{MANIFEST} is not JSON ({error})") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise BackupError(f"{MANIFEST} does not describe a {FORMAT} file")
        if document.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"format version {document.get('format_version')!r} is not supported "
                              f"(this govgraph reads version {FORMAT_VERSION})")
        missing = [name for name in cls.__dataclass_fields__ if name not in document]
        if missing:
            raise BackupError(f"{MANIFEST} lacks {', '.join(missing)}")
        members = document["members"]
        if not isinstance(members, dict) or not all(isinstance(entry, dict) for entry in members.values()):
            raise BackupError(f"{MANIFEST}: 'members' is not an object of objects")
        return cls(**{name: document[name] for name in cls.__dataclass_fields__})

    def text(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def _govgraph_version() -> str:
    try:
        return version("govgraph")
    except PackageNotFoundError:
        return "unknown"


# -- SQLite state beside the graph -----------------------------------------------------------------
@dataclass(frozen=True)
class SideTable:
    """A table of a SQLite file in the data directory that a backup can carry as a member."""

    member: str
    table: str
    columns: tuple[str, ...]
    order: str
    count_name: str

    def rows(self, path: Path) -> list[dict[str, Any]]:
        if not path.exists():
            return []
        with _sqlite(path, read_only=True) as connection:
            found = connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                                       (self.table,)).fetchone()[0]
            if not found:
                return []
            rows = connection.execute(f"SELECT {', '.join(self.columns)} FROM {self.table} ORDER BY {self.order}")
            return [dict(zip(self.columns, row)) for row in rows]

    def insert_if_empty(self, path: Path, rows: list[dict[str, Any]]) -> int:
        """Put `rows` into an empty table; returns how many rows were already there (then nothing is added)."""
        with _sqlite(path) as connection:
            present = connection.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0]
            if not present:
                connection.executemany(
                    f"INSERT INTO {self.table} ({', '.join(self.columns)}) "
                    f"VALUES ({', '.join('?' * len(self.columns))})",
                    [tuple(row[column] for column in self.columns) for row in rows])
        return present


AUDIT = SideTable("audit.jsonl", "audit", ("id", "at", "actor", "action", "target", "request_id", "changes"),
                  "id", "audit_entries")
KEYS = SideTable("keys.jsonl", "api_keys", ("id", "name", "role", "hash", "created", "revoked"), "created, id",
                 "api_keys")


@contextmanager
def _sqlite(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    connection = sqlite3.connect(target, uri=read_only, timeout=10)
    try:
        with connection:
            yield connection
    finally:
        connection.close()


@dataclass(frozen=True)
class SideFiles:
    """Where the audit log and the key store are, for a backup to read or a restore to fill; None: leave out."""

    audit: Path | None = None
    keys: Path | None = None

    def tables(self) -> list[tuple[SideTable, Path]]:
        return [(table, path) for table, path in ((AUDIT, self.audit), (KEYS, self.keys)) if path is not None]


# -- writing a backup --------------------------------------------------------------------------------
class _MemberWriter:
    """Writes lines into one zip member, keeping its sha256 and line count for the manifest."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._sha = hashlib.sha256()
        self.lines = 0

    def line(self, text: str) -> None:
        data = text.encode("utf-8") + b"\n"
        self._sha.update(data)
        self._handle.write(data)
        self.lines += 1

    def entry(self) -> dict[str, Any]:
        return {"sha256": self._sha.hexdigest(), "lines": self.lines}


def _write_members(archive: zipfile.ZipFile, graph: Graph, sides: SideFiles) -> Manifest:
    members: dict[str, dict[str, Any]] = {}
    digest = ContentDigest()
    # A zip takes one member at a time: all nodes, then all relationships, in the one read transaction.
    with read_transaction(graph) as tx:
        for member, lines in ((NODES, node_lines(tx)), (RELATIONSHIPS, relationship_lines(tx))):
            with archive.open(member, "w", force_zip64=True) as handle:
                writer = _MemberWriter(handle)
                for line in lines:
                    writer.line(line)
                    digest.add(member, line)
            members[member] = writer.entry()
    counts = {"nodes": digest.count(NODES), "relationships": digest.count(RELATIONSHIPS)}
    for table, path in sides.tables():
        with archive.open(table.member, "w", force_zip64=True) as handle:
            writer = _MemberWriter(handle)
            for row in table.rows(path):
                writer.line(canonical(row))
        members[table.member] = writer.entry()
        counts[table.count_name] = writer.lines
    return Manifest(FORMAT, FORMAT_VERSION, _govgraph_version(), _engine_name(graph),
                    datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"), counts,
                    digest.hexdigest(), members)


def _engine_name(graph: Graph) -> str:
    return f"{graph.engine} ({graph.describe().server_agent})"


def _write_file(graph: Graph, temporary: Path, sides: SideFiles) -> Manifest:
    with open(temporary, "wb") as raw:
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            manifest = _write_members(archive, graph, sides)
            archive.writestr(MANIFEST, manifest.text())
        raw.flush()
        os.fsync(raw.fileno())
    return manifest


def write_backup(graph: Graph, path: Path, *, sides: SideFiles = SideFiles(),
                 attempts: int = BACKUP_ATTEMPTS) -> Manifest:
    """Back the whole graph (and the `sides` tables) up into `path`, replacing it only once complete.

    Reads only. The file is written beside `path` under a temporary name,
    mode 0600, and renamed into place after the graph's checksum, read
    again, confirmed that nothing changed while it was read.
    """
    path = Path(path)
    for _ in range(attempts):
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        os.close(descriptor)
        temporary = Path(name)
        try:
            manifest = _write_file(graph, temporary, sides)
            if content_checksum(graph) == manifest.content_checksum:
                os.replace(temporary, path)
                _sync_directory(path.parent)
                return manifest
        finally:
            temporary.unlink(missing_ok=True)
    raise BackupError(f"{path}: the graph changed while it was read, {attempts} times running; nothing was "
                      "written. Try again when the imports or edits under way have finished")


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# -- reading and verifying a backup ------------------------------------------------------------------
@cache
def label_orders() -> dict[frozenset[str], tuple[str, ...]]:
    """The label sets a backup may hold, each in the order the model creates them (most general first)."""
    # The erasure register is bookkeeping of the importers, outside the model, but part of the content.

    orders = {frozenset(kind_info(kind).labels): kind_info(kind).labels for kind in NODE_CLASSES}
    orders[frozenset({ERASED_LABEL})] = (ERASED_LABEL,)
    return orders


def _decoded_props(item: Item) -> dict[str, Any]:
    props = item.get("props")
    if not isinstance(props, dict):
        raise ValueError("'props' is not an object")
    return {key: decode_value(value) for key, value in props.items()}


def node_row(item: Item) -> tuple[tuple[str, ...], dict[str, Any]]:
    """(labels in creation order, properties) of a node line; ValueError names what is wrong."""
    labels = item.get("labels")
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels) \
            or frozenset(labels) not in label_orders():
        raise ValueError(f"labels {labels!r} are not those of a node kind of the model")
    return label_orders()[frozenset(labels)], _decoded_props(item)


def relationship_row(item: Item) -> tuple[str, dict[str, Any]]:
    """(type, row for the create query) of a relationship line; ValueError names what is wrong."""
    rel_type = item.get("type")
    if rel_type not in EDGE_CLASSES:
        raise ValueError(f"relationship type {rel_type!r} is not one of the model")
    if not isinstance(item.get("start"), str) or not isinstance(item.get("end"), str):
        raise ValueError("'start' and 'end' must be node uids")
    return rel_type, {"start": item["start"], "end": item["end"], "props": _decoded_props(item)}


_PARSERS: dict[str, Callable[[Item], Any]] = {NODES: node_row, RELATIONSHIPS: relationship_row}


def _member_items(archive: zipfile.ZipFile, name: str, expected: dict[str, Any]) -> Iterator[tuple[int, Item]]:
    """(line number, item) of one member, checking its sha256 and line count against the manifest at the end."""
    sha = hashlib.sha256()
    number = 0
    with archive.open(name) as handle:
        for number, raw in enumerate(handle, start=1):
            sha.update(raw)
            try:
                item = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise BackupError(f"{name} line {number}: not JSON ({error})") from None
            if not isinstance(item, dict):
                raise BackupError(f"{name} line {number}: not a JSON object")
            yield number, item
    if sha.hexdigest() != expected.get("sha256") or number != expected.get("lines"):
        raise BackupError(f"{name} differs from the manifest ({number} lines read, {expected.get('lines')} "
                          "expected; or its sha256 differs): the file was changed or damaged")


def _checked_items(archive: zipfile.ZipFile, manifest: Manifest, name: str) -> Iterator[tuple[Item, Any]]:
    """Every item of a graph member with its parsed row; a bad line stops with its member and number."""
    for number, item in _member_items(archive, name, manifest.members[name]):
        try:
            yield item, _PARSERS[name](item)
        except (ValueError, TypeError, IndexError) as error:
            raise BackupError(f"{name} line {number}: {error}") from None


@contextmanager
def _opened(path: Path) -> Iterator[tuple[zipfile.ZipFile, Manifest]]:
    """The archive and its manifest; every way a damaged file shows becomes a BackupError naming the file.

    The zip's own checks (CRC-32 of each member, its central directory at
    the end) fire while members are read, so the body is covered as well.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            yield archive, _manifest_of(archive)
    except GraphNotEmpty:
        raise
    except BackupError as error:
        raise BackupError(f"{path}: {error}") from None
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise BackupError(f"{path}: damaged or truncated, not a complete backup ({error})") from None


def _manifest_of(archive: zipfile.ZipFile) -> Manifest:
    try:
        manifest = Manifest.parse(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{MANIFEST} is missing: not a govgraph backup") from None
    names = set(archive.namelist())
    expected = {NODES, RELATIONSHIPS, *manifest.members}
    missing = sorted(name for name in expected if name not in names or name not in manifest.members)
    if missing:
        raise BackupError(f"{', '.join(missing)} missing from the file or from its manifest")
    return manifest


def verify_backup(path: Path) -> Manifest:
    """Read the whole file and check it against its manifest; returns the manifest. Writes nothing."""
    with _opened(Path(path)) as (archive, manifest):
        digest = ContentDigest()
        for name in (NODES, RELATIONSHIPS):
            for item, _ in _checked_items(archive, manifest, name):
                digest.add(name, canonical(item))
        for table in (AUDIT, KEYS):
            if table.member in manifest.members:
                _side_rows(archive, manifest, table)
        found = digest.hexdigest()
        if found != manifest.content_checksum:
            raise BackupError(f"the content checksum {found} differs from the manifest's "
                              f"{manifest.content_checksum}")
        return manifest


def _side_rows(archive: zipfile.ZipFile, manifest: Manifest, table: SideTable) -> list[dict[str, Any]]:
    rows = []
    for number, item in _member_items(archive, table.member, manifest.members[table.member]):
        if set(item) != set(table.columns):
            raise BackupError(f"{table.member} line {number}: expected the fields {', '.join(table.columns)}")
        rows.append(item)
    return rows


# -- restoring ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ContentSummary:
    """What a graph holds, in brief: for a refusal, or for what a forced restore replaced."""

    nodes: int
    relationships: int
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.nodes == 0 and self.relationships == 0

    def describe(self) -> str:
        largest = sorted(self.kinds.items(), key=lambda pair: (-pair[1], pair[0]))
        shown = ", ".join(f"{count} {kind}" for kind, count in largest[:6])
        more = ", ..." if len(largest) > 6 else ""
        return f"{self.nodes} node(s) ({shown}{more}) and {self.relationships} relationship(s)"


KINDS_HELD = "MATCH (n) RETURN coalesce(n.kind, head(labels(n))) AS kind, count(*) AS n"
DELETE_ALL = "MATCH (n) DETACH DELETE n"


def _summary(tx: neo4j.Transaction) -> ContentSummary:
    kinds = {record["kind"]: record["n"] for record in tx.run(KINDS_HELD)}
    return ContentSummary(sum(kinds.values()), tx.run(RELATIONSHIP_COUNT).single()["n"], kinds)


@dataclass(frozen=True)
class SideRestore:
    """What became of one SQLite table the backup carries."""

    member: str
    in_backup: int
    restored: int
    kept: int


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    replaced: ContentSummary
    sides: list[SideRestore]


def _create_query(labels: tuple[str, ...]) -> str:
    return f"UNWIND $rows AS row CREATE (n:{':'.join(labels)}) SET n = row.props"


def _relate_query(rel_type: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{ENTITY_LABEL} {{uid: row.start}}) "
            f"MATCH (b:{ENTITY_LABEL} {{uid: row.end}}) CREATE (a)-[r:{rel_type}]->(b) SET r = row.props "
            "RETURN count(r) AS created")


class _Batches:
    """Rows buffered per query and sent in batches of BATCH_SIZE; `check` sees what each batch returned."""

    def __init__(self, tx: neo4j.Transaction, check: Callable[[str, int, list[neo4j.Record]], None]) -> None:
        self._tx = tx
        self._check = check
        self._buffers: dict[str, list[dict[str, Any]]] = {}

    def add(self, query: str, row: dict[str, Any]) -> None:
        buffer = self._buffers.setdefault(query, [])
        buffer.append(row)
        if len(buffer) >= BATCH_SIZE:
            self._send(query)

    def flush(self) -> None:
        for query in list(self._buffers):
            self._send(query)

    def _send(self, query: str) -> None:
        rows = self._buffers.pop(query)
        self._check(query, len(rows), list(self._tx.run(query, rows=rows)))


def _no_check(query: str, sent: int, records: list[neo4j.Record]) -> None:
    return None


def _all_related(query: str, sent: int, records: list[neo4j.Record]) -> None:
    created = records[0]["created"] if records else 0
    if created != sent:
        raise BackupError(f"{RELATIONSHIPS}: {sent - created} relationship(s) name an end that is not in {NODES}")


def _create_content(tx: neo4j.Transaction, archive: zipfile.ZipFile, manifest: Manifest) -> None:
    nodes = _Batches(tx, _no_check)
    for _, (labels, props) in _checked_items(archive, manifest, NODES):
        nodes.add(_create_query(labels), {"props": props})
    nodes.flush()
    relationships = _Batches(tx, _all_related)
    for _, (rel_type, row) in _checked_items(archive, manifest, RELATIONSHIPS):
        relationships.add(_relate_query(rel_type), row)
    relationships.flush()


def _restore_graph(graph: Graph, path: Path, manifest: Manifest, force: bool) -> ContentSummary:
    with _opened(path) as (archive, _), graph.transaction() as tx:
        held = _summary(tx)
        if not held.empty:
            if not force:
                raise GraphNotEmpty(held)
            tx.run(DELETE_ALL).consume()
        _create_content(tx, archive, manifest)
        found = checksum_in(tx)
        if found != manifest.content_checksum:
            raise BackupError(f"the restored graph's checksum {found} differs from the manifest's "
                              f"{manifest.content_checksum}; nothing was restored")
    return held


def _restore_sides(path: Path, manifest: Manifest, sides: SideFiles) -> list[SideRestore]:
    outcomes = []
    with _opened(path) as (archive, _):
        for table, target in sides.tables():
            if table.member not in manifest.members:
                continue
            rows = _side_rows(archive, manifest, table)
            _ensure_store(table, target)
            kept = table.insert_if_empty(target, rows)
            outcomes.append(SideRestore(table.member, len(rows), 0 if kept else len(rows), kept))
    return outcomes


def _ensure_store(table: SideTable, path: Path) -> None:
    """Create the file with its schema and mode 0600, as its own module does."""
    if table is AUDIT:
        from graphmodel.audit import AuditLog

        AuditLog(path)
    else:
        from api.keys import (
            KeyStore,  # the key store is the API's; only its table is needed here
        )

        KeyStore(path)


def restore_backup(graph: Graph, path: Path, *, force: bool = False, sides: SideFiles = SideFiles()) -> RestoreReport:
    """Restore the backup at `path` into the graph: all of it, or (on any error) nothing.

    Refuses a graph that holds anything (`GraphNotEmpty`) unless `force`,
    which replaces it in the same transaction. The file is verified first.
    The audit log and key store in `sides` get the backup's rows only when
    they are empty: history already recorded on this machine is never
    replaced. The schema is installed afterwards.
    """
    path = Path(path)
    manifest = verify_backup(path)
    replaced = _restore_graph(graph, path, manifest, force)
    install_schema(graph)
    return RestoreReport(manifest, replaced, _restore_sides(path, manifest, sides))

