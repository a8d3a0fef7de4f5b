"""What the proposal commands share: reading a JSON file, failing on one line with exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

INVALID_INPUT = 2


def fail(command: BaseCommand, field: str, message: str) -> None:
    """One line on stderr naming the field, then exit 2 (the contract of docs/interchange.md)."""
    command.stderr.write(f"error: {field}: {message}" if field else f"error: {message}")
    raise SystemExit(INVALID_INPUT)


def read_json(command: BaseCommand, path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(command, "FILE", f"cannot read {path}: {exc}")
    try:
        return json.loads(text)
    except ValueError as exc:
        fail(command, "FILE", f"not valid JSON: {exc}")
