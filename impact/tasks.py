"""Celery tasks of the site-wide app. Thin: they take ids or numbers and call the domain.

Only this module imports the outbox; the outbox enqueues by task name (`outbox.SEND_TASK`).
Registered in every process by `ImpactConfig.ready`, so an eager Celery runs them too.

The outbox tasks ignore results: nobody waits for them, and with a result backend a publish
would also have to reach it (slowly, when Redis is down) before returning.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from .cache import sweep_lost_writes
from .mailer import TransientError, send_one
from .outbox import SEND_TASK, sweep
from .webhooks import SEND_TASK as WEBHOOK_TASK
from .webhooks import TransientError as WebhookTransientError
from .webhooks import deliver_one
from .webhooks import sweep as sweep_webhooks

log = logging.getLogger(__name__)


@shared_task(name="impact.sweep_lost_cache_writes", ignore_result=True)
def sweep_lost_cache_writes() -> int:
    """Retire what a cache write lost in an outage left behind, if the process that saw it
    stopped before it could (impact.cache)."""
    return sweep_lost_writes()


@shared_task(name="impact.ping")
def ping() -> str:
    """Answers 'pong': lets the health check and the tests prove a worker runs tasks."""
    return "pong"


@shared_task(
    name=SEND_TASK,
    bind=True,
    acks_late=True,
    ignore_result=True,
    # The row's `attempts` is the real bound (NOTIFY_MAX_ATTEMPTS): the sweep and organizers
    # may also enqueue a row, so the task's own retry count is only a backstop.
    max_retries=12,
)
def send_notification(self, *, notification_id: int) -> str:
    return _delivered_or_retried(
        self,
        lambda: send_one(notification_id),
        transient=TransientError,
        factor=settings.NOTIFY_RETRY_BACKOFF,
    )


def _delivered_or_retried(task, deliver, *, transient: type[Exception], factor: int) -> str:
    """`deliver()`'s answer; on a `transient` failure, the task retried with exponential backoff
    and full jitter. Eager (development, tests) there is no broker to schedule a retry through:
    the row stays pending with its error and the outbox sweep retries it. If the broker is
    down now, `retry()` raises and the row, pending, waits for the sweep as well."""
    try:
        return deliver()
    except transient as exc:
        if task.request.is_eager:
            return "pending"
        countdown = get_exponential_backoff_interval(
            factor=factor,
            retries=task.request.retries,
            maximum=settings.NOTIFY_RETRY_BACKOFF_MAX,
            full_jitter=True,
        )
        raise task.retry(exc=exc, countdown=max(countdown, 1)) from exc


@shared_task(name=WEBHOOK_TASK, bind=True, acks_late=True, ignore_result=True, max_retries=12)
def send_webhook(self, *, delivery_id: int) -> str:
    """Like `send_notification`: the row's `attempts` bounds the retries (WEBHOOK_MAX_ATTEMPTS),
    spaced by exponential backoff; eager (no broker), the sweep retries."""
    return _delivered_or_retried(
        self,
        lambda: deliver_one(delivery_id),
        transient=WebhookTransientError,
        factor=settings.WEBHOOK_RETRY_BACKOFF,
    )


@shared_task(name="impact.sweep_outbox", ignore_result=True)
def sweep_outbox(*, older_than_seconds: int | None = None) -> dict:
    """Beat runs this every few minutes: re-enqueue what a broker outage left pending, mail
    and webhook deliveries alike."""
    older_than = None if older_than_seconds is None else timedelta(seconds=older_than_seconds)
    result = sweep(older_than=older_than)
    webhooks = sweep_webhooks(older_than=older_than)
    return {
        "recovered": result.recovered,
        "found": result.found,
        "enqueued": result.enqueued,
        "webhooks_enqueued": webhooks,
    }
