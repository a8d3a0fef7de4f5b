"""What the proposal commands share: reading a JSON file, failing on one line with exit 2."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from impact import jsoninput
from impact.jsoninput import JSONInputError

INVALID_INPUT = 2


def fail(command: BaseCommand, field: str, message: str) -> None:
    """One line on stderr naming the field, then exit 2 (the contract of docs/interchange.md)."""
    command.stderr.write(f"error: {field}: {message}" if field else f"error: {message}")
    raise SystemExit(INVALID_INPUT)


def fail_on(command: BaseCommand, error: JSONInputError, *, where: str = "FILE") -> None:
    """`fail` with a refused input: its path, or `where` when the whole input is at fault."""
    fail(command, error.path or where, error.message)


def read_json(command: BaseCommand, path: str) -> Any:
    """The file decoded by `impact.jsoninput` (size, depth, UTF-8, NUL and surrogates
    checked); exit 2 naming the place otherwise."""
    try:
        return jsoninput.load_file(path)
    except JSONInputError as exc:
        fail_on(command, exc)


def option_text(command: BaseCommand, value: str, option: str) -> str:
    """A text option that reaches a query: a NUL character or a lone surrogate (from bytes
    that are not UTF-8 on the command line) exits 2 instead of failing in the database."""
    try:
        jsoninput.check_text(value, option)
    except JSONInputError as exc:
        fail_on(command, exc)
    return value
