"""Sending one row through a real SMTP server: claim, transient and permanent failures."""

import smtplib
import threading

import pytest
from django.db import connection

from impact import mailer
from impact.mailer import TransientError, is_transient, send_one
from impact.models import Notification
from tests.impact.smtp import free_port, smtp_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def make_row(n: int = 1, **fields) -> Notification:
    """A pending row written directly: no enqueue, so only the test sends it."""
    values = {
        "email": f"person{n}@example.org",
        "kind": "test",
        "subject": f"Subject {n}",
        "body_text": "Hello\n",
        "dedup_key": f"test:{n}",
    }
    return Notification.objects.create(**{**values, **fields})


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (smtplib.SMTPDataError(421, b"try later"), True),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"mailbox busy")}), True),
        (smtplib.SMTPSenderRefused(451, b"local error", "f@example.org"), True),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPNotSupportedError("STARTTLS not supported"), False),
        (ConnectionRefusedError(111, "refused"), True),
        (TimeoutError("timed out"), True),
        (ValueError("header with a newline"), False),
    ],
)
def test_it_tells_transient_from_permanent_failures(exc, transient):
    assert is_transient(exc) is transient


def test_a_421_is_retried_and_then_sent(smtp_server):  # noqa: F811
    smtp_server.handler.data_replies = ["421 4.3.2 Service shutting down, try later"]
    row = make_row()
    with pytest.raises(TransientError, match="421"):
        send_one(row.pk)
    row.refresh_from_db()
    assert (row.state, row.attempts) == (Notification.State.PENDING, 1)
    assert "421" in row.last_error
    assert smtp_server.handler.messages == []

    assert send_one(row.pk) == Notification.State.SENT
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (Notification.State.SENT, 2, "")
    assert row.sent_at is not None
    assert smtp_server.handler.data_calls == 2
    [message] = smtp_server.handler.messages
    assert b"Subject: Subject 1" in message


def test_a_550_ends_as_failed_at_once(smtp_server):  # noqa: F811
    smtp_server.handler.rcpt_reply = "550 5.1.1 No such user here"
    row = make_row()
    assert send_one(row.pk) == Notification.State.FAILED
    row.refresh_from_db()
    assert (row.state, row.attempts) == (Notification.State.FAILED, 1)
    assert "550" in row.last_error and "No such user here" in row.last_error
    # Failed rows are not picked up again by a stray task.
    assert send_one(row.pk) == "skipped"
    assert smtp_server.handler.data_calls == 0


def test_it_gives_up_after_the_last_attempt(smtp_server, settings):  # noqa: F811
    settings.NOTIFY_MAX_ATTEMPTS = 2
    smtp_server.handler.data_replies = ["451 4.3.0 Try again"] * 2
    row = make_row()
    with pytest.raises(TransientError):
        send_one(row.pk)
    assert send_one(row.pk) == Notification.State.FAILED
    row.refresh_from_db()
    assert row.last_error.startswith("Gave up after 2 attempts.")


def test_an_unreachable_smtp_server_is_transient(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), 0
    row = make_row()
    with pytest.raises(TransientError, match="ConnectionRefused"):
        send_one(row.pk)
    row.refresh_from_db()
    assert row.state == Notification.State.PENDING


def test_only_pending_rows_are_sent(smtp_server):  # noqa: F811
    for n, state in enumerate(["held", "sending", "sent", "failed"]):
        row = make_row(n, state=state)
        assert send_one(row.pk) == "skipped"
    assert send_one(10_000) == "skipped"
    assert smtp_server.handler.data_calls == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_the_same_rows_send_each_once(smtp_server):  # noqa: F811
    """Two threads, each with its own PostgreSQL connection, call send_one on the same row
    at the same instant, for 15 rows: each row reaches the SMTP server exactly once."""
    rows = [make_row(n) for n in range(15)]
    outcomes: list[str] = []

    def worker(barrier: threading.Barrier, pk: int) -> None:
        try:
            barrier.wait(10)
            outcomes.append(send_one(pk))
        finally:
            connection.close()

    for row in rows:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=worker, args=(barrier, row.pk)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert sorted(outcomes) == ["sent"] * 15 + ["skipped"] * 15
    assert len(smtp_server.handler.messages) == 15
    recipients = sorted(
        line for m in smtp_server.handler.messages for line in m.splitlines() if line[:3] == b"To:"
    )
    assert recipients == sorted({f"To: person{n}@example.org".encode() for n in range(15)})
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_build_message_uses_the_configured_sender(settings):
    settings.DEFAULT_FROM_EMAIL = "Hub <hub@impact.example.org>"
    row = make_row(body_html="<p>Hi</p>")
    message = mailer.build_message(row)
    assert message.from_email == "Hub <hub@impact.example.org>"
    assert message.extra_headers["Message-ID"].endswith("@impact.example.org>")
    assert message.alternatives[0][0] == "<p>Hi</p>"
