"""Celery tasks of the summaries app. Thin: primitive ids in, domain modules do the work."""

from __future__ import annotations

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(name="summaries.run_export", acks_late=True)
def run_export(*, export_id: int, language: str | None = None) -> str:
    from .export_jobs import produce

    return produce(export_id, language=language)


@shared_task(name="summaries.remind_late_reports")
def remind_late_reports() -> int:
    """Daily: remind the organizers of sessions whose report is still missing."""
    from .workflow import remind_all_late

    queued = remind_all_late()
    log.info("queued %d session-report reminders", queued)
    return queued
