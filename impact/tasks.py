"""Celery tasks of the site-wide app. Thin: they load rows by id and call the domain."""

from __future__ import annotations

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(name="impact.ping")
def ping() -> str:
    """Answers 'pong': lets the health check and the tests prove a worker runs tasks."""
    return "pong"


@shared_task(
    name="impact.send_notification",
    bind=True,
    acks_late=True,
    max_retries=5,
)
def send_notification(self, *, notification_id: int) -> str:
    from .mailer import TransientError, send_one

    try:
        return send_one(notification_id)
    except TransientError as exc:
        countdown = 30 * (2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc
