"""Cell text that no spreadsheet program runs, and that every file format can hold.

A stored name such as `=HYPERLINK("http://evil","x")` or `+cmd|' /C calc'!A0`
is text and stays text. A spreadsheet program opening a CSV file would run
it, so CSV exports write such a cell with a leading `'` (OWASP's advice
against CSV injection: the program then shows it as text), and the CSV
reader takes that one quote off again, so an exported folder imports back to
the very same text. A cell whose text already starts with quotes before a
formula character gets one quote more, so the rule can be undone exactly.
The `.xlsx` writer needs no quote: it types such cells as strings.
"""

from __future__ import annotations

import re

# What makes Excel, LibreOffice or Google Sheets read a typed cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
# XML 1.0 (and so `.xlsx`) cannot hold these characters at all: C0 controls but tab and line breaks.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet program would run the text, or would once its `'` marks were taken off."""
    return text.lstrip(TEXT_MARK).startswith(FORMULA_STARTS)


def csv_safe(text: str) -> str:
    """The text as a CSV cell that a spreadsheet program shows as text; `from_csv_cell` undoes it."""
    return TEXT_MARK + text if looks_like_formula(text) else text


def from_csv_cell(text: str) -> str:
    """A CSV cell's text with the `'` that `csv_safe` (or a person marking text) put in front taken off."""
    return text[1:] if text.startswith(TEXT_MARK) and looks_like_formula(text) else text


def unwritable_character(text: str) -> str | None:
    """The first character no workbook can hold, as U+XXXX, or None when there is none."""
    found = UNWRITABLE.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"
