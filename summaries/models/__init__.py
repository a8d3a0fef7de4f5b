"""Sessions, session reports and the Co-Chairs' Summary."""

from .reports import SessionReport
from .sessions import Participant, Session
from .summary import SummaryDraft, SummaryEntry, SummaryExport

__all__ = [
    "Participant",
    "Session",
    "SessionReport",
    "SummaryDraft",
    "SummaryEntry",
    "SummaryExport",
]
