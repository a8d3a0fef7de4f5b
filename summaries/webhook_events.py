"""The programme's and the summary's events sent to webhook endpoints (`impact.webhooks`).
Public facts only: what the programme page and the download list show."""

from __future__ import annotations

from django.urls import reverse

from impact import sites, webhooks
from impact.webhook_models import WebhookEvent

from .models import Session, SummaryExport


def session_data(session: Session) -> dict:
    return {
        "id": session.pk,
        "edition": session.edition.slug,
        "title": session.title,
        "kind": session.kind,
        "date": session.date,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "time_zone": session.time_zone,
        "room": session.room,
        "url": sites.absolute(reverse("summaries:session", args=[session.pk])),
    }


def session_saved(session: Session, *, created: bool) -> None:
    event = WebhookEvent.SESSION_CREATED if created else WebhookEvent.SESSION_CHANGED
    webhooks.emit(event, {"session": session_data(session)})


def summary_exported(export: SummaryExport) -> None:
    webhooks.emit(
        WebhookEvent.SUMMARY_EXPORTED,
        {
            "edition": export.edition.slug,
            "format": export.format,
            "language": export.language,
            "version": export.version,
            "size": export.size,
            "finished_at": export.finished_at,
        },
    )
