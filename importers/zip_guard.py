"""Opening zip archives (an `.xlsx` workbook, an uploaded `.zip` of CSV files) without inviting a zip bomb.

Two checks, as Apache POI makes them for Office files. Before anything is
decompressed, the sizes the archive declares: how many members, how much they
unpack to in all, and how much better than `MAX_RATIO` any large member packs.
Then, while decompressing, the bytes actually produced are counted against the
same budget, since a forged header can declare a small size for a member that
unpacks to gigabytes. Both stop with an `ArchiveError` naming the archive and
the member; memory stays at one chunk whatever the archive holds.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from graphmodel.messages import Phrase

CHUNK = 1024 * 1024
# A chart's workbook at national scale unpacks to about 22 MB; ten times that is still a chart.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 1000
# Spreadsheet XML and CSV text pack 10-20 times; a bomb packs a thousand times. POI refuses beyond 100.
MAX_RATIO = 100
# Tiny members (an empty sheet, a style list) may pack better than that and cannot hurt.
RATIO_FLOOR_BYTES = CHUNK

DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class ArchiveError(ValueError):
    """The archive is damaged or unpacks to more than a chart can be; the message (a `Phrase`) names the archive."""

    def __init__(self, key: str, name: str, **values: object) -> None:
        self.phrase = Phrase(key, name=name, **values)
        super().__init__(self.phrase)


class ArchiveTooLarge(ArchiveError):
    """The archive holds, or unpacks to, more than a chart can be: too many members, too many bytes, a bomb."""


@dataclass(frozen=True)
class ZipLimits:
    max_unpacked: int = MAX_UNPACKED_BYTES
    max_members: int = MAX_MEMBERS
    max_ratio: int = MAX_RATIO


def check_declared(archive: zipfile.ZipFile, name: str, limits: ZipLimits = ZipLimits()) -> None:
    """Refuse an archive by the sizes its directory declares, before any member is decompressed."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise ArchiveTooLarge("import.zip.members", name, count=len(members), most=limits.max_members)
    total = sum(info.file_size for info in members)
    if total > limits.max_unpacked:
        raise ArchiveTooLarge("import.zip.unpacks_to", name, size=_mb(total), most=_mb(limits.max_unpacked))
    for info in members:
        if _packs_too_well(info.file_size, info.compress_size, limits):
            raise ArchiveTooLarge("import.zip.packs_declared", name, member=info.filename,
                                  ratio=info.file_size // max(info.compress_size, 1), most=limits.max_ratio)


def copy_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: IO[bytes] | None, *, budget: int,
                name: str, limits: ZipLimits = ZipLimits()) -> int:
    """Decompress one member into `target` (None: only count), chunk by chunk; returns the budget left.

    The bytes really produced are what counts: past the budget, past what the
    member declared, or packed better than the limit, the copy stops.
    """
    produced = 0
    try:
        with archive.open(info) as source:
            while chunk := source.read(CHUNK):
                produced += len(chunk)
                _check_produced(info, produced, budget, name, limits)
                if target is not None:
                    target.write(chunk)
    except DAMAGED as error:
        raise ArchiveError("import.zip.damaged", name, member=info.filename, reason=str(error)) from None
    return budget - produced


def verify_members(archive: zipfile.ZipFile, name: str, limits: ZipLimits = ZipLimits(),
                   members: Iterable[zipfile.ZipInfo] | None = None) -> None:
    """Decompress every member once, keeping nothing: true sizes within limits, checksums right."""
    check_declared(archive, name, limits)
    budget = limits.max_unpacked
    for info in archive.infolist() if members is None else members:
        budget = copy_member(archive, info, None, budget=budget, name=name, limits=limits)


def _check_produced(info: zipfile.ZipInfo, produced: int, budget: int, name: str, limits: ZipLimits) -> None:
    if produced > budget:
        raise ArchiveTooLarge("import.zip.over_budget", name, most=_mb(limits.max_unpacked), member=info.filename)
    if produced > info.file_size:
        raise ArchiveTooLarge("import.zip.forged", name, member=info.filename, size=info.file_size)
    if _packs_too_well(produced, info.compress_size, limits):
        raise ArchiveTooLarge("import.zip.packs_produced", name, member=info.filename, most=limits.max_ratio)


def _packs_too_well(unpacked: int, packed: int, limits: ZipLimits) -> bool:
    return unpacked > RATIO_FLOOR_BYTES and unpacked > limits.max_ratio * max(packed, 1)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"
