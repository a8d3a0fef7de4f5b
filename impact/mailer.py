"""Sending one outbox row: claim it, send it, record the outcome."""

from __future__ import annotations

import logging
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


class TransientError(Exception):
    """A failure worth retrying (connection lost, temporary SMTP refusal)."""


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(
        exc, (smtplib.SMTPServerDisconnected, ConnectionError, socket.timeout, OSError)
    )


def send_one(notification_id: int) -> str:
    """Send the row if it is pending. Returns the state it ends in.

    The claim is one conditional UPDATE, so two workers racing for the same row send it once.
    """
    claimed = Notification.objects.filter(
        pk=notification_id, state=Notification.State.PENDING
    ).update(
        state=Notification.State.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        log.info("notification %s not pending; skipped", notification_id)
        return "skipped"
    row = Notification.objects.get(pk=notification_id)
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.email],
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        transient = is_transient(exc) and row.attempts < MAX_ATTEMPTS
        row.state = Notification.State.PENDING if transient else Notification.State.FAILED
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        row.save(update_fields=["state", "last_error", "updated_at"])
        if transient:
            raise TransientError(row.last_error) from exc
        log.error("notification %s failed for good: %s", notification_id, row.last_error)
        return row.state
    row.state = Notification.State.SENT
    row.sent_at = timezone.now()
    row.last_error = ""
    row.save(update_fields=["state", "sent_at", "last_error", "updated_at"])
    return row.state
