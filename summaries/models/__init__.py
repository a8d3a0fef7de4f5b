"""Sessions, session reports and the Co-Chairs' Summary."""

from .reports import SessionReport
from .sessions import AgendaItem, Participant, Session
from .summary import SummaryDraft, SummaryEntry, SummaryExport

__all__ = [
    "AgendaItem",
    "Participant",
    "Session",
    "SessionReport",
    "SummaryDraft",
    "SummaryEntry",
    "SummaryExport",
]
