"""Render a `SummaryDocument` as Markdown, DOCX (python-docx) or PDF (WeasyPrint).

User text is always data, never markup: Markdown escapes it, DOCX stores it as plain runs and
the PDF's HTML goes through Django's autoescaping. Exporters report progress (0–100) through an
optional callback so a long export can show it on the page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from .compiler import SummaryDocument
from .docx_writer import write_docx
from .layout import (
    PointList,
    Progress,
    annex_headings,
    coalition_columns,
    entry_meta,
    labelled_blocks,
    numbered_headings,
    point_lists,
    report_progress,
    session_columns,
)
from .pdf_writer import render_html, render_pdf

__all__ = ["render", "render_html", "render_markdown", "render_pdf", "render_docx", "md_escape"]

# Characters that can start markup anywhere in a CommonMark/GFM line.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~#&])")
# Line starts that would make a heading, list, quote, rule or setext underline.
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")


def md_escape(text: str, *, line_start: bool = True) -> str:
    """Escape `text` so Markdown shows it literally (one line; callers split lines first).

    `line_start=False` when the text follows a marker on its line (a heading's `## `), where
    block syntax cannot start.
    """
    text = " ".join(str(text).split())
    text = _MD_INLINE.sub(r"\\\1", text)
    match = _MD_LINE_START.match(text) if line_start else None
    if match:
        if match.group(2).isdigit():
            # "1. item": escape the dot or parenthesis after the number.
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = text[: match.start(2)] + "\\" + text[match.start(2) :]
    return text


# --- Markdown ----------------------------------------------------------------------------------


def md_lists(lists: list[PointList]) -> list[str]:
    """Lines of Markdown lists: numbered ones keep their numbers, bulleted ones their marker;
    each list is followed by a blank line."""
    out = []
    for points in lists:
        for index, item in enumerate(points.items):
            marker = f"{points.start + index}." if points.numbered else points.bullet
            out.append(f"{marker} {md_escape(item)}")
        out.append("")
    return out


def render_markdown(document: SummaryDocument, progress: Progress = None) -> str:
    e = md_escape
    headings = dict(numbered_headings(document))
    annex_sessions, annex_coalitions = annex_headings()
    out = [f"# {e(document.title, line_start=False)}", "", f"**{e(document.edition)}**  "]
    out += [e(", ".join(part for part in (document.city, document.dates) if part)), ""]
    out += [f"## {e(headings['introduction'], line_start=False)}", ""]
    for paragraph in document.introduction or [_("No introduction has been written yet.")]:
        out += [e(paragraph), ""]
    total = max(document.total_entries, 1)
    done = 0
    for section in document.sections:
        out += [f"## {e(headings[f'section-{section.kind}'], line_start=False)}", ""]
        for entry in section.entries:
            out += [f"### {e(entry.title, line_start=False)}", "", f"*{e(entry_meta(entry))}*", ""]
            for label, text in entry.people:
                out += [f"**{e(label)}:** {e(text)}  "]
            out += [""] if entry.people else []
            if entry.coalition:
                out += [e(_("ImPACT Coalition: %(title)s") % {"title": entry.coalition}), ""]
            for label, lists in labelled_blocks(entry):
                out += [f"**{e(label)}**", ""] + md_lists(lists)
            done += 1
            report_progress(progress, 90 * done // total)
    out += [f"## {e(headings['cross-cutting'], line_start=False)}", ""]
    out += md_lists(point_lists(document.cross_cutting)) or [e(_("None recorded.")), ""]
    out += [f"## {e(annex_sessions)}", ""]
    out += ["| " + " | ".join(e(h) for h in session_columns()) + " |", "|---" * 6 + "|"]
    for row in document.sessions:
        cells = (row.date, row.time, row.title, row.kind, row.format, row.room)
        out.append("| " + " | ".join(e(cell) for cell in cells) + " |")
    out += ["", f"## {e(annex_coalitions)}", ""]
    if document.coalitions:
        out += ["| " + " | ".join(e(h) for h in coalition_columns()) + " |", "|---" * 3 + "|"]
        for c in document.coalitions:
            cells = (c.title, "; ".join(c.leads), "; ".join(c.members))
            out.append("| " + " | ".join(e(cell) for cell in cells) + " |")
    else:
        out.append(e(_("No coalition has been published in the hub yet.")))
    report_progress(progress, 100)
    return "\n".join(out).rstrip() + "\n"


# The PDF: see pdf_writer.py.


# --- DOCX --------------------------------------------------------------------------------------


def render_docx(document: SummaryDocument, progress: Progress = None) -> bytes:
    buffer = io.BytesIO()
    write_docx(document, buffer, progress=progress)
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[SummaryDocument, Progress], bytes]] = {
    "md": lambda document, progress=None: render_markdown(document, progress).encode("utf-8"),
    "docx": render_docx,
    "pdf": render_pdf,
}
CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render(document: SummaryDocument, fmt: str, progress: Progress = None) -> bytes:
    """The document as bytes in `fmt` (md, docx or pdf)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; use one of {sorted(RENDERERS)}") from None
    return renderer(document, progress)
