"""CSV that a spreadsheet opens as data, never as formulas.

A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before reading the rest) is run as a formula by Excel, LibreOffice and
Google Sheets, so a published title such as `=HYPERLINK("http://evil.example/","x")` would
turn an export into a link or worse. Following OWASP's advice, such text cells get a leading
single quote, which spreadsheets show as plain text. Numbers are left alone: `-3` is a value,
not a formula. Every CSV the portal writes goes through `writer()`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value`, with a leading `'` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose rows are passed through `safe_cell` first."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: Any, **kwargs: Any) -> SafeWriter:
    """A CSV writer on `stream` (a response or file) that neutralizes formula cells."""
    return SafeWriter(stream, **kwargs)
