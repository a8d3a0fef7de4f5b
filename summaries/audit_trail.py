"""What of sessions and the Co-Chairs' Summary goes into the audit trail (impact.audit):
sessions, reports, the summary's draft and entries changed by organizers, and every export
asked for."""

from __future__ import annotations

from django.db.models.signals import post_save

from impact import audit

from .models import Session, SessionReport, SummaryDraft, SummaryEntry, SummaryExport


def _export_requested(sender, instance: SummaryExport, created, raw=False, **kwargs):
    if raw or not created:
        return
    audit.record(
        "summary.exported",
        target=instance,
        actor=instance.created_by,
        after={
            "format": instance.format,
            "language": instance.language,
            "version": instance.version,
        },
    )


def connect() -> None:
    post_save.connect(_export_requested, sender=SummaryExport, dispatch_uid="audit:export")
    audit.track(Session, action="session")
    audit.track(SessionReport, action="session_report")
    audit.track(SummaryDraft, action="summary")
    audit.track(SummaryEntry, action="summary_entry")
