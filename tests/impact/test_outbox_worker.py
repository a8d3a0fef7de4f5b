"""The outbox end to end: real Redis, real Celery workers (subprocesses), PostgreSQL.

Workers read the test database from their own process, hence `transaction=True`: the rows
must be committed for them to see. Mail goes to each worker's file-based backend directory,
or to a real SMTP server run by the test.
"""

from __future__ import annotations

from email import message_from_bytes
from pathlib import Path

import pytest

from coalitions import workflow
from coalitions.enums import ProposalStatus
from impact import outbox
from impact.celery import app
from impact.models import Notification
from impact.tasks import ping, send_notification, sweep_outbox
from tests.conftest import reset_celery_connections, wait_for
from tests.factories import ProposalFactory
from tests.impact.smtp import free_port, smtp_server  # noqa: F401  (fixture)
from tests.impact.test_mailer import make_row

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
State = Notification.State


def delivered(*mail_dirs: Path) -> list[str]:
    """The To: address of every message the file-based backends wrote, one per message."""
    addresses = []
    for mail_dir in mail_dirs:
        for path in sorted(mail_dir.iterdir()):
            # The file backend separates messages with a line of 79 dashes.
            for chunk in path.read_bytes().split(b"-" * 79):
                if chunk.strip():
                    addresses.append(message_from_bytes(chunk.strip()).get("To"))
    return sorted(addresses)


def drain(workers: int = 1) -> None:
    """Return once every task queued so far has run: each solo worker holds one message at
    a time (acks_late, prefetch 1), so once pings queued last have answered, so has the rest."""
    results = [ping.delay() for _ in range(workers * 2)]
    for result in results:
        assert result.get(timeout=60) == "pong"


def test_submitting_an_eoi_delivers_exactly_one_email_per_recipient(
    start_worker, owner, coeditor, edition
):
    mail_dir = start_worker()
    proposal = ProposalFactory(owner=owner, edition=edition)
    proposal.editors.add(coeditor)

    workflow.submit(proposal, actor=owner)

    wait_for(
        lambda: Notification.objects.filter(state=State.SENT).count() == 2,
        timeout=60,
        message="the worker did not send both messages",
    )
    assert delivered(mail_dir) == sorted([owner.email, coeditor.email])
    # A redelivered task and a sweep later change nothing: the rows are sent.
    for pk in Notification.objects.values_list("pk", flat=True):
        send_notification.apply_async(kwargs={"notification_id": pk})
    sweep_outbox.apply_async(kwargs={"older_than_seconds": 0})
    drain()
    assert delivered(mail_dir) == sorted([owner.email, coeditor.email])
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_with_the_broker_down_the_row_waits_and_the_sweep_delivers_it_once(
    start_worker, celery_broker, owner, edition
):
    # The broker is unreachable: nothing listens on that port.
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    reset_celery_connections(app)
    outbox.reset_breaker()
    proposal = ProposalFactory(owner=owner, edition=edition)
    try:
        workflow.submit(proposal, actor=owner)  # succeeds for the user
    finally:
        app.conf.broker_url = celery_broker["url"]
        reset_celery_connections(app)
        outbox.reset_breaker()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    row = Notification.objects.get()
    assert (row.state, row.attempts) == (State.PENDING, 0)

    # The broker is back; a worker runs; beat would now fire the sweep.
    mail_dir = start_worker()
    sweep_outbox.apply_async(kwargs={"older_than_seconds": 0})
    wait_for(
        lambda: Notification.objects.filter(pk=row.pk, state=State.SENT).exists(),
        timeout=60,
        message="the sweep did not deliver the pending row",
    )
    sweep_outbox.apply_async(kwargs={"older_than_seconds": 0})
    drain()
    assert delivered(mail_dir) == [owner.email]
    row.refresh_from_db()
    assert row.attempts == 1


def test_two_workers_given_the_same_row_send_it_once(start_worker):
    mail_dirs = [start_worker("w1"), start_worker("w2")]
    row = make_row()
    # As if the task were redelivered, re-enqueued by the sweep and resent by an organizer.
    for _ in range(12):
        send_notification.apply_async(kwargs={"notification_id": row.pk})
    wait_for(lambda: Notification.objects.filter(pk=row.pk, state=State.SENT).exists(), timeout=60)
    drain(workers=2)
    assert delivered(*mail_dirs) == [row.email]
    row.refresh_from_db()
    assert row.attempts == 1  # one claim succeeded; eleven found it taken


def test_a_transient_smtp_error_is_retried_by_the_worker_then_sent(
    start_worker,
    smtp_server,  # noqa: F811
):
    smtp_server.handler.data_replies = ["421 4.7.0 Too busy, try again later"]
    start_worker(**smtp_server.worker_env(), NOTIFY_RETRY_BACKOFF="1")
    row = make_row(email="someone@example.org")
    assert outbox.enqueue(row.pk)
    wait_for(
        lambda: Notification.objects.filter(pk=row.pk, state=State.SENT).exists(),
        timeout=60,
        message="the worker did not retry the message after the 421",
    )
    row.refresh_from_db()
    assert (row.attempts, row.last_error) == (2, "")
    assert smtp_server.handler.data_calls == 2
    assert len(smtp_server.handler.messages) == 1


def test_a_permanent_smtp_error_fails_and_shows_in_the_admin(
    start_worker,
    smtp_server,  # noqa: F811
    client,
    organizer,
):
    smtp_server.handler.rcpt_reply = "550 5.1.1 Mailbox unavailable"
    start_worker(**smtp_server.worker_env(), NOTIFY_RETRY_BACKOFF="1")
    row = make_row(email="nobody@example.org")
    assert outbox.enqueue(row.pk)
    wait_for(
        lambda: Notification.objects.filter(pk=row.pk, state=State.FAILED).exists(),
        timeout=60,
        message="the worker did not mark the message failed",
    )
    row.refresh_from_db()
    assert row.attempts == 1  # not retried
    assert "550" in row.last_error
    client.force_login(organizer)
    page = client.get("/admin/impact/notification/?state__exact=failed").content.decode()
    assert "nobody@example.org" in page and "Mailbox unavailable" in page
    detail = client.get(f"/admin/impact/notification/{row.pk}/change/").content.decode()
    assert "550 5.1.1 Mailbox unavailable" in detail
