"""CSV that a spreadsheet opens as data, never as formulas.

A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before reading the rest) is run as a formula by Excel, LibreOffice and
Google Sheets, so a published title such as `=HYPERLINK("http://evil.example/","x")` would
turn an export into a link or worse. Following OWASP's advice, such text cells get a leading
single quote, which spreadsheets show as plain text. Numbers are left alone: `-3` is a value,
not a formula. Every CSV the portal writes goes through `writer()`.

Excel on Windows reads a CSV without a byte-order mark in the machine's legacy code page, so
"–" shows as "â€“". Every CSV export therefore has an Excel-friendly variant that starts with
the UTF-8 BOM: `?excel=1` on the URL (`excel_requested()`), or the admin's "for Excel" action.
Other tools (Python, R, LibreOffice, Google Sheets) read either variant.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # written as EF BB BF in UTF-8
EXCEL_VALUES = ("1", "true", "yes", "on")


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


def excel_requested(request: HttpRequest) -> bool:
    """Whether the request asks for the Excel-friendly variant (`?excel=1`)."""
    return request.GET.get("excel", "").lower() in EXCEL_VALUES


def writer(stream: Any, *, bom: bool = False, **kwargs: Any) -> SafeWriter:
    """A CSV writer on `stream` (a response or file) that neutralizes formula cells; with
    `bom`, the stream starts with the UTF-8 byte-order mark Excel needs to read UTF-8."""
    if bom:
        stream.write(BOM)
    return SafeWriter(stream, **kwargs)
