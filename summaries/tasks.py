"""Celery tasks of the summaries app. Thin: primitive ids in, domain modules do the work.

Only this module imports the domain; the domain enqueues by task name (`export_jobs.RUN_EXPORT`).
Registered in every process by `SummariesConfig.ready`, so an eager Celery runs them too.
"""

from __future__ import annotations

import logging

from celery import shared_task

from .export_jobs import RUN_EXPORT, produce
from .workflow import remind_all_late

log = logging.getLogger(__name__)


@shared_task(name=RUN_EXPORT, acks_late=True)
def run_export(*, export_id: int, language: str | None = None) -> str:
    return produce(export_id, language=language)


@shared_task(name="summaries.remind_late_reports")
def remind_late_reports() -> int:
    """Daily: remind the organizers of sessions whose report is still missing."""
    queued = remind_all_late()
    log.info("queued %d session-report reminders", queued)
    return queued
