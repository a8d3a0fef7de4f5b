"""Moving outbox rows towards the broker: enqueue, sweep, release held rows, resend.

Delivery guarantee: a row is sent at most once by the claim in `impact.mailer.send_one`, and
at least once thanks to the sweep, which re-enqueues rows left pending (broker down when they
were written, message lost, worker gone). The one window where a message could go out twice
is a worker dying after the SMTP server accepted the message but before the row was marked
sent; the sweep retries such a row only after `NOTIFY_SENDING_LEASE` seconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from .celery import app
from .models import Notification

log = logging.getLogger(__name__)
State = Notification.State
# Enqueued by name: `impact.tasks` imports this module, not the other way round.
SEND_TASK = "impact.send_notification"

# Process-wide circuit breaker: after a failed publish, skip publishing for a few seconds so
# a request that queues ten messages while the broker is down waits for one timeout, not ten.
_broker_down_until = 0.0


def broker_presumed_down() -> bool:
    return time.monotonic() < _broker_down_until


def reset_breaker() -> None:
    global _broker_down_until
    _broker_down_until = 0.0


def enqueue(notification_id: int, *, force: bool = False) -> bool:
    """Hand a row to Celery; True when the broker took it.

    Never raises: a broker failure is logged and leaves the row pending for the sweep. The
    publish does not retry (`retry=False`) and the broker's socket timeouts are bounded in
    settings, so a user's request never hangs on an unreachable broker.
    """
    global _broker_down_until
    if not force and broker_presumed_down():
        log.info("broker presumed down; notification %s left to the sweep", notification_id)
        return False
    try:
        app.signature(SEND_TASK, kwargs={"notification_id": notification_id}).apply_async(
            retry=False
        )
    except (KombuOperationalError, OSError) as exc:  # the broker: unreachable, reset, timed out
        _broker_down_until = time.monotonic() + settings.NOTIFY_BROKER_RETRY_AFTER
        log.warning("could not enqueue notification %s: %s", notification_id, exc)
        return False
    except Exception:  # noqa: BLE001 - never break the caller's request; the sweep retries
        log.exception("could not enqueue notification %s", notification_id)
        return False
    _broker_down_until = 0.0
    return True


def enqueue_many(ids: Iterable[int], *, force_first: bool = False) -> list[int]:
    """Enqueue rows in order, stopping at the first broker failure. Returns those that went.

    `force_first` tries the broker once even when it failed recently (the sweep, an
    organizer's resend); the rest then follow the breaker.
    """
    done: list[int] = []
    for pk in ids:
        if not enqueue(pk, force=force_first and not done):
            break
        done.append(pk)
    return done


@dataclass(frozen=True)
class SweepResult:
    recovered: int  # rows stuck in `sending` past the lease, put back to pending
    found: int  # pending rows old enough to re-enqueue
    enqueued: int  # of those, how many the broker took


def sweep(*, older_than: timedelta | None = None, limit: int = 500) -> SweepResult:
    """Re-enqueue pending rows nobody touched for `older_than` (default NOTIFY_SWEEP_AFTER).

    Rows just written or just retried are left alone (their own task is on its way); rows in
    `sending` longer than NOTIFY_SENDING_LEASE belong to a worker that died and are put back.
    At most `limit` rows per run, oldest first; the run stops at the first broker failure.
    Each re-enqueued row's `updated_at` is bumped so a backlog is not re-enqueued every run.
    """
    if older_than is None:
        older_than = timedelta(seconds=settings.NOTIFY_SWEEP_AFTER)
    now = timezone.now()
    lease_cutoff = now - timedelta(seconds=settings.NOTIFY_SENDING_LEASE)
    # updated_at is left as it was, so the recovered rows are re-enqueued just below.
    recovered = Notification.objects.filter(
        state=State.SENDING, updated_at__lt=lease_cutoff
    ).update(state=State.PENDING, last_error="Interrupted while sending; retried by the sweep.")
    if recovered:
        log.warning("outbox sweep: %s rows were stuck in sending", recovered)
    ids = list(
        Notification.objects.filter(state=State.PENDING, updated_at__lt=now - older_than)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:limit]
    )
    # The sweep is the designated retrier: its first publish ignores the breaker.
    done = enqueue_many(ids, force_first=True)
    if done:
        Notification.objects.filter(pk__in=done, state=State.PENDING).update(updated_at=now)
    if ids:
        log.info("outbox sweep: %s pending, %s enqueued", len(ids), len(done))
    return SweepResult(recovered=recovered, found=len(ids), enqueued=len(done))


def release_held(hold_key: str) -> int:
    """Send every message held under `hold_key` (e.g. review decisions released together).

    Side effects: held rows of that key become pending and are enqueued after commit.
    Idempotent: a second call finds nothing held. Returns the number of rows released.
    """
    if not hold_key:
        raise ValueError("release_held() needs a hold_key")
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update()
            .filter(hold_key=hold_key, state=State.HELD)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if ids:
            Notification.objects.filter(pk__in=ids).update(
                state=State.PENDING, updated_at=timezone.now()
            )
            transaction.on_commit(lambda: enqueue_many(ids), robust=True)
    return len(ids)


def discard_held(hold_key: str) -> int:
    """Drop messages still held under `hold_key` (the decision they announce was undone).

    Their dedup keys are freed, so the same messages can be queued again later.
    """
    if not hold_key:
        raise ValueError("discard_held() needs a hold_key")
    deleted, _ = Notification.objects.filter(hold_key=hold_key, state=State.HELD).delete()
    return deleted


def resend(ids: Iterable[int]) -> int:
    """Give failed rows a fresh set of attempts and enqueue them (and pending ones) again.

    Used by organizers from the admin. Sent, sending and held rows are left alone: resending
    a delivered message is not what "resend" should do by accident. Returns rows enqueued.
    """
    ids = list(ids)
    with transaction.atomic():
        Notification.objects.filter(pk__in=ids, state=State.FAILED).update(
            state=State.PENDING, attempts=0, updated_at=timezone.now()
        )
        ready = list(
            Notification.objects.filter(pk__in=ids, state=State.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # An organizer asked for it: try the broker even if it failed recently.
        transaction.on_commit(lambda: enqueue_many(ready, force_first=True), robust=True)
    return len(ready)
