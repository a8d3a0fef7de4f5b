"""Sending one outbox row: claim it, render it in the recipient's language of the moment, send it
through Django's e-mail backend, record the outcome."""

from __future__ import annotations

import logging
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from .models import Notification
from .rendering import message_of

log = logging.getLogger(__name__)
State = Notification.State


class TransientError(Exception):
    """A failure worth retrying (connection lost, temporary SMTP refusal); the row is pending."""


def is_transient(exc: BaseException) -> bool:
    """Whether trying again later may succeed.

    SMTP says so with its reply codes: 4xx is temporary, 5xx permanent. Network trouble
    (refused, reset, timed out, disconnected) is temporary. Everything else — a bad address,
    a template or header problem, a misconfigured backend — would fail the same way again.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        # Every recipient refused; temporary only if every refusal was.
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 0 or 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPException):
        # e.g. STARTTLS or AUTH not supported: configuration, not luck.
        return False
    # smtplib errors are OSErrors too, hence the order: what is left is the network.
    return isinstance(exc, OSError)


def _text(value) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def describe(exc: BaseException) -> str:
    """The error as an organizer reads it in the admin: the SMTP reply when there is one."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refusals = "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in exc.recipients.items()
        )
        text = f"Recipient refused by the mail server: {refusals}"
    elif isinstance(exc, smtplib.SMTPResponseException):
        text = f"Mail server replied {exc.smtp_code} {_text(exc.smtp_error)} ({type(exc).__name__})"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text[:2000]


def max_attempts() -> int:
    return settings.NOTIFY_MAX_ATTEMPTS


def send_language(row: Notification) -> str:
    """The recipient's account language now; for a bare address, the one it was queued in."""
    return getattr(row.recipient, "language", "") or row.language or settings.LANGUAGE_CODE


def build_message(row: Notification, language: str | None = None) -> EmailMultiAlternatives:
    subject, text, html = message_of(row, language or send_language(row))
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.email],
        headers={
            # Stable per row: should a message ever go out twice (a worker lost between the
            # SMTP server's answer and our database write), mail clients show it once.
            "Message-ID": f"<notification-{row.pk}.{row.created_at:%Y%m%d%H%M%S}@{domain}>",
            # RFC 3834: tells auto-responders not to answer.
            "Auto-Submitted": "auto-generated",
        },
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _finish(notification_id: int, state: str, **fields) -> None:
    """Record the outcome, only if the row is still ours (still `sending`)."""
    updated = Notification.objects.filter(pk=notification_id, state=State.SENDING).update(
        state=state, updated_at=timezone.now(), **fields
    )
    if not updated:
        log.warning("notification %s changed while it was being sent", notification_id)


def send_one(notification_id: int) -> str:
    """Send the row if it is pending. Returns the state it ends in, or "skipped".

    The claim is one conditional UPDATE (pending → sending): the database lets exactly one
    of two racing workers change the row, and only that one sends it. Raises
    `TransientError` (row back to pending) when a retry may help and attempts remain;
    otherwise a failure ends as `failed` with the error on the row.
    """
    claimed = Notification.objects.filter(pk=notification_id, state=State.PENDING).update(
        state=State.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        log.info("notification %s not pending; skipped", notification_id)
        return "skipped"
    row = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if row is None:  # deleted with its recipient meanwhile
        return "skipped"
    language = send_language(row)
    try:
        # Rendered here, not when queued: a recipient who changed language meanwhile reads it
        # in the new one. A template error fails the row like any other permanent error.
        build_message(row, language).send()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        error = describe(exc)
        if is_transient(exc) and row.attempts < max_attempts():
            _finish(row.pk, State.PENDING, last_error=error)
            log.warning("notification %s: attempt %s failed: %s", row.pk, row.attempts, error)
            raise TransientError(error) from exc
        if is_transient(exc):
            error = f"Gave up after {row.attempts} attempts. {error}"
        _finish(row.pk, State.FAILED, last_error=error)
        log.error("notification %s failed for good: %s", row.pk, error)
        return State.FAILED
    _finish(row.pk, State.SENT, sent_at=timezone.now(), last_error="", language=language)
    return State.SENT
