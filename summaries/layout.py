"""What every format of the Co-Chairs' Summary shares: the numbered headings, the annexes'
titles and columns, an entry's labelled blocks and meta line, and progress reporting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .compiler import EntryData, Point, SummaryDocument

Progress = Callable[[int], None] | None


def report_progress(progress: Progress, percent: int) -> None:
    if progress is not None:
        progress(max(0, min(100, percent)))


@dataclass
class PointList:
    """Consecutive points of one kind: a numbered list from `start`, or a bulleted one whose
    Markdown `bullet` is the one its writer typed ("-", "*" or "+")."""

    numbered: bool
    start: int = 1
    bullet: str = "-"
    items: list[str] = field(default_factory=list)


def point_lists(points: list[Point]) -> list[PointList]:
    """Points as lists: a run of numbered lines is one numbered list starting at its first
    number, a run of other lines one bulleted list."""
    lists: list[PointList] = []
    for point in points:
        number = point.number
        if not lists or lists[-1].numbered != (number is not None):
            bullet = point.marker if point.marker in ("*", "+") else "-"
            lists.append(PointList(numbered=number is not None, start=number or 1, bullet=bullet))
        lists[-1].items.append(point.text)
    return lists


def document_title(document: SummaryDocument) -> str:
    """The title readers' tools show for the file (its metadata), in every format."""
    return f"{document.title} — {document.edition}"


def labelled_blocks(entry: EntryData) -> list[tuple[str, list[PointList]]]:
    blocks = [
        (_("Key messages"), entry.key_messages),
        (_("Recommendations"), entry.recommendations),
        (_("Commitments and next steps"), entry.next_steps),
    ]
    return [(label, point_lists(items)) for label, items in blocks if items]


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
