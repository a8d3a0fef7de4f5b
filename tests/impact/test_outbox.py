"""The outbox without a worker: enqueue with the broker down, the sweep, resend."""

from __future__ import annotations

import datetime
import socket
import threading

import pytest
from django.core import mail
from django.utils import timezone

from coalitions import workflow
from coalitions.enums import ProposalStatus
from impact import outbox
from impact.celery import app
from impact.models import Notification
from tests.conftest import reset_celery_connections
from tests.factories import ProposalFactory, UserFactory
from tests.impact.test_mailer import make_row

pytestmark = pytest.mark.django_db
State = Notification.State


class Listener:
    """A TCP server standing in for a broken broker: it counts connections and either hangs
    up at once (`hold=False`) or accepts and never answers (`hold=True`)."""

    def __init__(self, *, hold: bool):
        self.hold = hold
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            if self.hold:
                self.held.append(conn)
            else:
                conn.close()

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def point_broker_at(settings):
    """Point this process's Celery app at a given broker URL, eager mode off; restored after."""
    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: app.conf.get(key) for key in keys}

    def point(url: str) -> None:
        app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
        settings.CELERY_TASK_ALWAYS_EAGER = False
        reset_celery_connections(app)
        outbox.reset_breaker()

    yield point
    app.conf.update(saved)
    reset_celery_connections(app)
    outbox.reset_breaker()


@pytest.fixture
def hang_up_broker(point_broker_at):
    listener = Listener(hold=False)
    point_broker_at(f"redis://127.0.0.1:{listener.port}/0")
    yield listener
    listener.close()


def test_submitting_with_the_broker_down_succeeds_and_tries_the_broker_once(
    owner, edition, hang_up_broker, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(owner=owner, edition=edition)
    proposal.editors.add(UserFactory(), UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(proposal, actor=owner)  # no exception reaches the user
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert list(Notification.objects.values_list("state", "attempts")) == [("pending", 0)] * 3
    # One publish attempt, no retries; the other two messages were left to the sweep
    # without touching the network (the breaker), so the request waited for one failure.
    assert hang_up_broker.connections == 1
    assert outbox.broker_presumed_down()


def test_a_broker_that_never_answers_does_not_hang_the_publish(owner, point_broker_at):
    listener = Listener(hold=True)
    point_broker_at(f"redis://127.0.0.1:{listener.port}/0")
    row = make_row()
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(outbox.enqueue(row.pk)), daemon=True)
    thread.start()
    # Liveness, not speed: bounded socket timeouts make it give up (a hang would never end).
    thread.join(60)
    listener.close()
    assert result == [False]
    assert listener.connections == 1


def test_the_sweep_stops_at_the_first_broker_failure(hang_up_broker):
    old = timezone.now() - datetime.timedelta(minutes=30)
    rows = [make_row(n) for n in range(5)]
    Notification.objects.update(updated_at=old)
    result = outbox.sweep(older_than=datetime.timedelta(minutes=5))
    assert (result.found, result.enqueued) == (5, 0)
    assert hang_up_broker.connections == 1
    # Nothing was bumped: the next sweep tries them again.
    assert {r.updated_at for r in Notification.objects.filter(pk__in=[r.pk for r in rows])} == {old}


def test_the_sweep_sends_old_pending_rows_and_recovers_stuck_ones(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_SENDING_LEASE = 600
    now = timezone.now()
    old_pending = make_row(1)
    fresh_pending = make_row(2)
    stuck = make_row(3, state=State.SENDING, attempts=1)
    busy = make_row(4, state=State.SENDING, attempts=1)
    held = make_row(5, state=State.HELD, hold_key="round")
    failed = make_row(6, state=State.FAILED)
    Notification.objects.filter(pk__in=[old_pending.pk, held.pk, failed.pk]).update(
        updated_at=now - datetime.timedelta(minutes=10)
    )
    Notification.objects.filter(pk=stuck.pk).update(updated_at=now - datetime.timedelta(hours=1))
    Notification.objects.filter(pk=busy.pk).update(updated_at=now - datetime.timedelta(minutes=2))

    result = outbox.sweep(older_than=datetime.timedelta(minutes=5))

    assert (result.recovered, result.found, result.enqueued) == (1, 2, 2)
    assert sorted(m.to[0] for m in mail.outbox) == [old_pending.email, stuck.email]
    states = dict(Notification.objects.values_list("pk", "state"))
    assert states == {
        old_pending.pk: State.SENT,
        fresh_pending.pk: State.PENDING,
        stuck.pk: State.SENT,
        busy.pk: State.SENDING,
        held.pk: State.HELD,
        failed.pk: State.FAILED,
    }
    # A second sweep finds nothing more to do.
    assert outbox.sweep(older_than=datetime.timedelta(minutes=5)).found == 0
    assert len(mail.outbox) == 2


def test_resend_gives_failed_rows_new_attempts(django_capture_on_commit_callbacks):
    failed = make_row(1, state=State.FAILED, attempts=6, last_error="550 no such user")
    sent = make_row(2, state=State.SENT, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.resend([failed.pk, sent.pk]) == 1
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (State.SENT, 1)
    assert [m.to[0] for m in mail.outbox] == [failed.email]  # the sent one is not sent again
