"""What every format of the Co-Chairs' Summary shares: the numbered headings, the annexes'
titles and columns, an entry's labelled blocks and meta line, and progress reporting."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from .compiler import EntryData, SummaryDocument

Progress = Callable[[int], None] | None


def report_progress(progress: Progress, percent: int) -> None:
    if progress is not None:
        progress(max(0, min(100, percent)))


def labelled_blocks(entry: EntryData) -> list[tuple[str, list[str]]]:
    blocks = [
        (_("Key messages"), entry.key_messages),
        (_("Recommendations"), entry.recommendations),
        (_("Commitments and next steps"), entry.next_steps),
    ]
    return [(label, items) for label, items in blocks if items]


def entry_meta(entry: EntryData) -> str:
    parts = [entry.when, entry.format]
    if entry.room:
        parts.append(entry.room)
    return " · ".join(parts)


def numbered_headings(document: SummaryDocument) -> list[tuple[str, str]]:
    """(anchor, heading) of the body's numbered sections, shared by every format."""
    headings = [("introduction", _("Introduction"))]
    headings += [(f"section-{s.kind}", s.title) for s in document.sections]
    headings.append(("cross-cutting", _("Cross-cutting recommendations")))
    return [(anchor, f"{n}. {title}") for n, (anchor, title) in enumerate(headings, start=1)]


def annex_headings() -> tuple[str, str]:
    return (
        _("Annex I. List of sessions"),
        _("Annex II. ImPACT Coalitions formed"),
    )


def session_columns() -> list[str]:
    return [_("Date"), _("Time"), _("Session"), _("Kind"), _("Format"), _("Room")]


def coalition_columns() -> list[str]:
    return [_("Coalition"), _("Lead organizations"), _("Members")]
