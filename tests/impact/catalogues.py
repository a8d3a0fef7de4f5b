"""Reading the message catalogues and the code's marked strings without gettext tools.

`parse_po` reads the subset of the .po format `make messages` writes; `source_strings` finds
what makemessages would extract (Python gettext calls, and templates through Django's own
`templatize`), so the tests can compare the two anywhere, CI included.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import templatize

ROOT = Path(settings.BASE_DIR)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, the header (msgid "") included; enough of the format for ours."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal current, started, target
        if started:
            entries.append(current)
        current, started, target = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            line = line[2:].strip()
            if not line or line.startswith(("#", "|")):  # "#~|" lines are previous msgids
                continue
        elif line.startswith("#,"):
            if started:
                finish()
            current.flags.update(f.strip() for f in line[2:].split(","))
            continue
        elif line.startswith("#"):
            if started:
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert target is not None, f"{path}: continuation line without a keyword: {raw}"
            text = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest)
            if keyword == "msgctxt" or (keyword == "msgid" and started and target[0] == "msgstr"):
                finish()
            started = True
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match.group(1)))
            else:
                assert keyword in {"msgctxt", "msgid", "msgid_plural", "msgstr"}, raw
                target = (keyword, 0)
        name, index = target
        if name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + text
        else:
            setattr(current, name, (getattr(current, name) or "") + text)
    return entries


GETTEXT_CALLS = {
    # name: (positions of msgctxt, msgid, msgid_plural) among the literal arguments
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def marked_strings(source: str) -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every gettext call with literal arguments, read token by token."""
    found = set()
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT)
    ]
    for i, tok in enumerate(tokens[:-2]):
        if tok.type != tokenize.NAME or tok.string not in GETTEXT_CALLS:
            continue
        if tokens[i + 1].string != "(" or (i and tokens[i - 1].string in (".", "def")):
            continue
        args, current, j = [], [], i + 2
        while j < len(tokens) and tokens[j].type == tokenize.STRING:
            current.append(ast.literal_eval(tokens[j].string))
            j += 1
            if tokens[j].string == "," and tokens[j + 1].type == tokenize.STRING:
                args.append("".join(current))
                current, j = [], j + 1
        if current:
            args.append("".join(current))
        ctx_at, id_at, _plural_at = GETTEXT_CALLS[tok.string]
        if len(args) > id_at:
            found.add((args[ctx_at] if ctx_at is not None else None, args[id_at]))
    return found


def source_strings() -> dict[tuple[str | None, str], str]:
    """Every marked string of the apps and templates, as `make messages` extracts them."""
    strings: dict[tuple[str | None, str], str] = {}
    for app in ("impact", "coalitions", "summaries"):
        for path in sorted((ROOT / app).rglob("*.py")):
            for key in marked_strings(path.read_text(encoding="utf-8")):
                strings.setdefault(key, str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in (".html", ".txt"):
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            # Template text becomes X's at the text's indentation, which Python would reject.
            code = "\n".join(line.lstrip() for line in code.splitlines())
            for key in marked_strings(code):
                strings.setdefault(key, str(path.relative_to(ROOT)))
    return strings
