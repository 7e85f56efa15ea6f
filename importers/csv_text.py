"""CSV files as Swedish spreadsheet programs save them, read as a stream of rows in bounded memory.

Encodings: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
"Unicode text"), or Windows-1252 (which Latin-1 text with å, ä and ö also
reads as). A file is Windows-1252 only when it is not UTF-8 and has no
UTF-8 letter anywhere: a UTF-8 file with a stray byte is an error naming the
line, never read as mojibake. NUL bytes (UTF-16 without a mark, or a binary
file) are an error too. The encoding is decided in a first pass over the raw
lines; the rows are then read in a second, streaming pass.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from graphmodel.messages import Phrase

DELIMITERS = (";", ",", "\t")
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF8, UTF8_WITH_BOM, UTF16, WINDOWS_1252 = "utf-8", "utf-8-sig", "utf-16", "cp1252"
# No line of a chart is anywhere near this long; a longer one is not a chart sheet.
MAX_LINE_BYTES = 1024 * 1024
UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
NOT_WINDOWS_1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
SAVE_AS = "import.csv.save_as"


class CsvTextError(ValueError):
    """The file's bytes are not text in an encoding we read; the message (a `Phrase`) names the file and line."""

    def __init__(self, key: str, name: str, line: int, **values: object) -> None:
        self.phrase = Phrase(key, file=name, line=line, **values)
        super().__init__(self.phrase)


def csv_encoding(stream: BinaryIO, name: str) -> str:
    """The file's encoding, by its byte-order mark or else by reading every line once."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(UTF8_BOM):
        return UTF8_WITH_BOM
    if head.startswith(UTF16_BOMS):
        return UTF16
    utf8_letters, not_utf8, not_1252 = False, None, None
    for number, line in enumerate(_raw_lines(stream, name), start=1):
        if b"\x00" in line:
            raise CsvTextError("import.csv.nul", name, number, save_as=Phrase(SAVE_AS))
        if line.isascii():
            continue
        try:
            line.decode(UTF8)
            utf8_letters = True
        except UnicodeDecodeError as error:
            not_utf8 = not_utf8 or (number, line[error.start])
            utf8_letters = utf8_letters or UTF8_LETTER.search(line) is not None
            not_1252 = not_1252 or (NOT_WINDOWS_1252.search(line) and number)
    return _decided(name, utf8_letters, not_utf8, not_1252)


def _decided(name: str, utf8_letters: bool, not_utf8: tuple[int, int] | None, not_1252: int | None) -> str:
    if not_utf8 is None:
        return UTF8
    line, byte = not_utf8
    if utf8_letters:
        raise CsvTextError("import.csv.mixed", name, line, byte=f"{byte:02x}", save_as=Phrase(SAVE_AS))
    if not_1252:
        raise CsvTextError("import.csv.neither", name, not_1252, save_as=Phrase(SAVE_AS))
    return WINDOWS_1252


def _raw_lines(stream: BinaryIO, name: str) -> Iterator[bytes]:
    number = 0
    while line := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise CsvTextError("import.csv.long_line", name, number, most=MAX_LINE_BYTES)
        yield line


def decode_csv(data: bytes) -> str:
    """Bytes of a whole CSV file as text, by the same rules as a file on disk."""
    encoding = csv_encoding(io.BytesIO(data), "the data")
    return data.decode(encoding)


def sniff_delimiter(text: str) -> str:
    """The separator used in the header line: whichever of `;`, `,` and tab occurs most."""
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count)


@contextmanager
def csv_rows(file: Path, encoding: str) -> Iterator[Iterator[list[str]]]:
    """The file's rows, one list of cells at a time; a decoding or CSV error names the file (its path) and line."""
    with file.open("r", encoding=encoding, newline="") as stream:
        header = stream.readline(MAX_LINE_BYTES)
        stream.seek(0)
        yield _checked_rows(csv.reader(stream, delimiter=sniff_delimiter(header)), str(file))


def _checked_rows(reader, name: str) -> Iterator[list[str]]:
    try:
        yield from reader
    except UnicodeDecodeError as error:
        raise CsvTextError("import.csv.not_text", name, reader.line_num + 1, encoding=error.encoding,
                           reason=error.reason, save_as=Phrase(SAVE_AS)) from None
    except csv.Error as error:
        raise CsvTextError("import.csv.not_csv", name, reader.line_num, reason=str(error)) from None
