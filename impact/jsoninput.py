"""The one way the portal decodes JSON that people send: API bodies and files the commands read.

`loads()` refuses, with a `JSONInputError` that names the place, what `json.loads` alone lets
through or dies on:

- a document over `MAX_BYTES` (checked before anything is decoded);
- nesting deeper than `MAX_DEPTH`, found by counting brackets outside strings before the
  decoder runs, so a document 100,000 levels deep is refused instead of raising
  `RecursionError` inside `json.loads`;
- bytes that are not strict UTF-8 (a leading byte-order mark is allowed);
- `NaN`, `Infinity` and integers longer than `MAX_INT_DIGITS` digits;
- NUL characters and lone surrogates in any key or string, including the `\\u0000` and
  `\\ud800` escapes: PostgreSQL stores neither, and reaching it with one is a 500.

`check_tree()` applies the last check to data built in Python; `check_text()` to one string
(a query parameter, a command option). Nothing here recurses: a tree is walked with a stack.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

MAX_BYTES = 1_000_000  # a proposal with 100 members is about 40 kB
MAX_DEPTH = 32  # the interchange format needs 4
MAX_INT_DIGITS = 100

# A bracket, or a string from its opening quote to its closing one (or to the end of an
# unclosed one). Each character belongs to one branch, so matching is linear: no backtracking.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)|[\[\]{}]', re.DOTALL)
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class JSONInputError(ValueError):
    """Input refused before or while it is read. `code` names the kind of problem
    (`too_large`, `too_deep`, `not_utf8`, `not_json`, `nul_character`, `lone_surrogate`,
    `number`, `unreadable`), `path` where it is (`members[2].name`; empty for the whole
    document) and `message` says it in the user's language."""

    def __init__(self, code: str, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.code = code
        self.path = path
        self.message = message

    @property
    def field(self) -> str:
        return self.path

    def as_dict(self) -> dict[str, str | None]:
        """The API's error body: `{"field": …, "error": …, "code": …}`."""
        return {"field": self.path or None, "error": self.message, "code": self.code}


class _Refused:
    """A number the decoder met and the portal refuses; reported with its path after decoding."""

    def __init__(self, text: str) -> None:
        self.text = text


def loads(raw: bytes | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Decode one JSON document under the limits above; `JSONInputError` otherwise."""
    if len(raw) > max_bytes or (
        isinstance(raw, str) and len(raw.encode("utf-8", "surrogatepass")) > max_bytes
    ):
        raise _too_large(max_bytes)
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JSONInputError(
                "not_utf8",
                "",
                _("not UTF-8 text: byte %(offset)s cannot be read") % {"offset": exc.start},
            ) from None
    else:
        text = raw.removeprefix("\ufeff")
    if "\x00" in text:
        # Raw, it is not JSON at all (a control character); escaped, `check_tree` names its path.
        line, column = _position(text, text.index("\x00"))
        raise JSONInputError(
            "nul_character",
            "",
            _("must not contain NUL characters (line %(line)s, column %(column)s)")
            % {"line": line, "column": column},
        )
    if depth(text) > max_depth:
        raise JSONInputError(
            "too_deep", "", _("nested more than %(depth)s levels deep") % {"depth": max_depth}
        )
    try:
        data = json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_Refused)
    except ValueError as exc:
        raise JSONInputError(
            "not_json", "", _("not valid JSON: %(reason)s") % {"reason": exc}
        ) from None
    check_tree(data)
    return data


def loads_body(request: HttpRequest, *, max_bytes: int = MAX_BYTES) -> Any:
    """A request's JSON body; its declared length is checked before the body is read."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise _too_large(max_bytes)
    return loads(request.body, max_bytes=max_bytes)


def load_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Any:
    """A JSON file; at most `max_bytes + 1` bytes are read to tell that it is too large."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise JSONInputError(
            "unreadable", "", _("cannot be read: %(reason)s") % {"reason": exc.strerror or exc}
        ) from None
    return loads(raw, max_bytes=max_bytes)


def depth(text: str) -> int:
    """How deep brackets nest outside strings, in one linear scan without recursion. Past an
    unclosed string nothing counts: the decoder stops there too."""
    steps = (_STEP.get(token, 0) for token in _TOKEN.findall(text))
    return max(itertools.accumulate(steps, initial=0))


def check_text(value: str, path: str) -> None:
    """`JSONInputError` when one string holds a NUL character or a lone surrogate."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return
    if found.group() == "\x00":
        raise JSONInputError("nul_character", path, _("must not contain NUL characters"))
    raise JSONInputError(
        "lone_surrogate",
        path,
        _("must not contain an unpaired surrogate (%(char)s)")
        % {"char": f"\\u{ord(found.group()):04x}"},
    )


def check_tree(data: Any) -> None:
    """Every key and string of decoded JSON checked with `check_text`, and numbers the
    decoder set aside refused, naming the first place found."""
    for path, key, value in _walk(data):
        if key is not None:
            check_text(key, path)
        if isinstance(value, str):
            check_text(value, path)
        elif isinstance(value, _Refused):
            raise JSONInputError(
                "number",
                path,
                _("must be a finite number of at most %(digits)s digits, not %(value)s")
                % {"digits": MAX_INT_DIGITS, "value": _shorten(value.text)},
            )


def path_to(parent: str, key: str | int) -> str:
    """`members[2].name` style: list indexes in brackets, plain keys after a dot, any other
    key quoted (escaped, so the path stays on one printable line)."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if _NAME.fullmatch(key):
        return f"{parent}.{key}" if parent else key
    return f"{parent}[{json.dumps(key)}]"


def _walk(data: Any) -> Iterator[tuple[str, str | None, Any]]:
    """(path, key or None, value) for every value of a tree, the root first; a stack, not
    recursion."""
    stack: list[tuple[str, str | None, Any]] = [("", None, data)]
    while stack:
        path, key, value = stack.pop()
        yield path, key, value
        if isinstance(value, dict):
            items = [(path_to(path, str(k)), str(k), v) for k, v in value.items()]
            stack.extend(reversed(items))
        elif isinstance(value, list | tuple):
            stack.extend(reversed([(path_to(path, i), None, v) for i, v in enumerate(value)]))


def _integer(text: str) -> int | _Refused:
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else _Refused(text)


def _float(text: str) -> float | _Refused:
    value = float(text)
    return value if math.isfinite(value) else _Refused(text)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _shorten(text: str) -> str:
    return text if len(text) <= 20 else f"{text[:10]}…{text[-5:]}"


def _too_large(max_bytes: int) -> JSONInputError:
    return JSONInputError(
        "too_large",
        "",
        _("larger than %(size)s kB") % {"size": max_bytes // 1000},
    )
