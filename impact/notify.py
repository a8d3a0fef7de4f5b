"""The one way the portal sends a message: `notify()` writes an outbox row.

Call it inside the transaction that makes the change; the row is handed to Celery only after
that transaction commits, so a rolled-back change sends nothing, and a broker outage at that
moment only delays the message (the sweep in `impact.outbox` picks it up later).

Templates live in `templates/notifications/<kind>/` (see `impact.rendering`). The row keeps
the kind and its context as JSON (`impact.snapshots`: what the templates read, ids and plain
values), and the message is rendered again when it is read: on the notifications page in the
reader's language, in the e-mail in the recipient's language at send time. The text rendered
when the row is written, in the recipient's language then, is kept too: the outbox's admin
lists and searches it.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import IntegrityError, transaction
from django.utils import translation

from .models import Notification

# The outbox's other verbs, importable from here too: `notify` and `release_held` are the
# whole API most callers need.
from .outbox import discard_held, enqueue, release_held  # noqa: E402,F401  (re-exported)
from .rendering import LIVE_KEYS, live_context, render_message
from .snapshots import freeze, record

log = logging.getLogger(__name__)

DEDUP_KEY_MAX = 255


def normalize_dedup_key(key: str) -> str:
    """Keys longer than the column keep their readable start and end with a hash of the whole,
    so two long keys that share a prefix never collide."""
    if not key:
        raise ValueError("notify() needs a non-empty dedup_key")
    if len(key) <= DEDUP_KEY_MAX:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"{key[: DEDUP_KEY_MAX - 33]}#{digest}"


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

    - `dedup_key` is unique across the outbox: queueing the same key twice is a no-op, which
      makes reminders, retried requests and double clicks idempotent. Include in it everything
      that makes the message distinct (the object, its version or date, the recipient).
    - `context`: objects and plain values the kind's templates read. Only what they read is
      kept (with each object's id), so the message reads the same later, in any language.
    - `url` is a site path (e.g. `proposal.get_absolute_url()`); templates get `site_url` too.
    - `hold_key`: the row is written `held` and sent only when `impact.outbox.release_held`
      is called with the same key (e.g. review decisions released together).

    Side effects: inserts a `Notification` row (in a savepoint, so a duplicate does not spoil
    the caller's transaction) and, on commit, enqueues the send task.
    """
    if user is None and not email:
        raise ValueError("notify() needs a user or an e-mail address")
    address = email or user.email
    if not address:
        log.warning("notify(%s): %s has no e-mail address; skipped", kind, user)
        return None
    key = normalize_dedup_key(dedup_key)
    # Cheap check first: reminders run daily over many rows that were already queued, and
    # rendering is the expensive part. The unique constraint below settles any race.
    if Notification.objects.filter(dedup_key=key).exists():
        return None
    language = getattr(user, "language", "") or translation.get_language() or "en"
    state = Notification.State.HELD if hold_key else Notification.State.PENDING
    row = _insert_once(
        recipient=user,
        email=address,
        kind=kind,
        language=language,
        **_record_and_render(kind, context, user=user, url=url, language=language),
        url=url,
        dedup_key=key,
        hold_key=hold_key,
        state=state,
    )
    if row is None:
        return None
    if state == Notification.State.PENDING:
        # robust: a failing callback never breaks the others; enqueue() never raises anyway.
        transaction.on_commit(lambda: enqueue(row.pk), robust=True)
    return row


def _record_and_render(kind: str, context: dict, *, user, url: str, language: str) -> dict:
    """The row's context and texts. Rendering with recorders notes what the templates read of
    the caller's objects: that, frozen, is the context kept."""
    recorded = {name: record(value) for name, value in context.items() if name not in LIVE_KEYS}
    live = live_context(recipient=user, url=url)
    subject, text, html = render_message(kind, {**recorded, **live}, language)
    return {"context": freeze(recorded), "subject": subject, "body_text": text, "body_html": html}


def _insert_once(**fields) -> Notification | None:
    """Insert the row in a savepoint, so a duplicate key does not spoil the caller's
    transaction; None when another transaction queued the same key first."""
    try:
        with transaction.atomic():
            return Notification.objects.create(**fields)
    except IntegrityError:
        # Another transaction queued the same key first (its row is committed by now, or we
        # would not have been refused); anything else is a real error.
        if Notification.objects.filter(dedup_key=fields["dedup_key"]).exists():
            return None
        raise
