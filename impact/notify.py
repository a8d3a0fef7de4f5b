"""The one way the portal sends a message: `notify()` writes an outbox row.

Call it inside the transaction that makes the change; the row is enqueued for sending only
after that transaction commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification

log = logging.getLogger(__name__)


def render_message(kind: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render subject, text and HTML bodies of `kind` in `language`.

    Templates live in `templates/notifications/<kind>/` as `subject.txt`, `body.txt` and,
    optionally, `body.html`.
    """
    base = f"notifications/{kind}"
    with translation.override(language):
        subject = " ".join(render_to_string(f"{base}/subject.txt", context).split())
        text = render_to_string(f"{base}/body.txt", context).strip() + "\n"
        try:
            html = render_to_string(f"{base}/body.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject[:255], text, html


def notify(
    *,
    kind: str,
    dedup_key: str,
    context: dict,
    user=None,
    email: str = "",
    url: str = "",
    hold_key: str = "",
) -> Notification | None:
    """Queue one message for `user` (or a bare `email`). Returns None when already queued.

    Side effects: inserts a `Notification` row (state `held` when `hold_key` is given, else
    `pending`) and, on commit, enqueues the send task. `dedup_key` is unique: queueing the
    same key twice is a no-op, which makes reminders and retries idempotent.
    """
    if user is None and not email:
        raise ValueError("notify() needs a user or an e-mail address")
    address = email or user.email
    language = getattr(user, "language", "") or translation.get_language() or "en"
    context = {**context, "recipient": user, "url": url, "site_url": settings.SITE_URL}
    subject, text, html = render_message(kind, context, language)
    state = Notification.State.HELD if hold_key else Notification.State.PENDING
    try:
        with transaction.atomic():
            row = Notification.objects.create(
                recipient=user,
                email=address,
                kind=kind,
                language=language,
                subject=subject,
                body_text=text,
                body_html=html,
                url=url,
                dedup_key=dedup_key[:255],
                hold_key=hold_key,
                state=state,
            )
    except IntegrityError:
        return None
    if state == Notification.State.PENDING:
        transaction.on_commit(lambda: enqueue(row.pk))
    return row


def enqueue(notification_id: int) -> bool:
    """Hand a row to Celery. A broker outage is logged, not raised: the sweep retries later."""
    from .tasks import send_notification

    try:
        send_notification.apply_async(kwargs={"notification_id": notification_id}, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves the row pending
        log.warning("could not enqueue notification %s: %s", notification_id, exc)
        return False
    return True
