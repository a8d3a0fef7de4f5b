"""Signed webhooks: events queued for the endpoints organizers registered, delivered through
the outbox's machinery (after commit, retried with backoff, claimed once, swept when left).

Each delivery is a POST of JSON `{"event", "created_at", "data"}` with the headers
`Impact-Webhook-Id` (the delivery's id: a receiver may see a retry of one it already has),
`Impact-Webhook-Event`, `Impact-Webhook-Timestamp` (Unix seconds) and
`Impact-Webhook-Signature: sha256=HEX`, the HMAC-SHA256 with the endpoint's secret of
`TIMESTAMP.BODY` (docs/webhooks.md has the receiver's side).

Only http(s) addresses that resolve to public addresses are called, checked when an endpoint
is saved and again before every attempt, on the address then connected to (so a name that
changes what it resolves to cannot point a delivery at the portal's own network);
`WEBHOOKS_ALLOW_PRIVATE` lifts this for development and tests. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from .celery import app
from .outbox import broker_presumed_down
from .webhook_models import WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)
State = WebhookDelivery.State
SEND_TASK = "impact.send_webhook"
SIGNATURE_HEADER = "Impact-Webhook-Signature"
TIMESTAMP_HEADER = "Impact-Webhook-Timestamp"


class UnsafeAddress(ValueError):
    """A URL the portal will not call; the message says why, for the admin's form."""


class TransientError(Exception):
    """A failed attempt that a later one may fix; the row is pending again."""


def public_addresses(url: str) -> tuple[str, list[str]]:
    """The URL's host and the addresses it resolves to, all public (or any, when
    `WEBHOOKS_ALLOW_PRIVATE`); `UnsafeAddress` otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeAddress(_("Only http:// and https:// addresses can receive webhooks."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise UnsafeAddress(
            _("%(host)s could not be resolved: %(error)s") % {"host": parts.hostname, "error": exc}
        ) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_global:
                raise UnsafeAddress(
                    _("%(host)s resolves to %(address)s, on a private or local network.")
                    % {"host": parts.hostname, "address": address}
                )
    return parts.hostname, addresses


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of `TIMESTAMP.BODY` with the secret."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def emit(event: str, data: dict) -> list[int]:
    """Queue `event` for every active endpoint that subscribed to it, in the caller's
    transaction; each is enqueued after commit. Returns the deliveries' ids."""
    endpoints = [e for e in WebhookEndpoint.objects.filter(active=True) if event in e.events]
    if not endpoints:
        return []
    body = json.dumps(
        {"event": event, "created_at": timezone.now(), "data": data}, cls=DjangoJSONEncoder
    )
    rows = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event=event, body=body) for endpoint in endpoints
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: [enqueue(pk) for pk in ids], robust=True)
    return ids


def enqueue(delivery_id: int) -> bool:
    """Hand a delivery to Celery; a broker failure leaves it pending for the sweep."""
    if broker_presumed_down():
        return False
    try:
        app.signature(SEND_TASK, kwargs={"delivery_id": delivery_id}).apply_async(retry=False)
    except (KombuOperationalError, OSError) as exc:
        log.warning("could not enqueue webhook delivery %s: %s", delivery_id, exc)
        return False
    return True


def _post(url: str, headers: dict[str, str], body: bytes) -> int:
    """POST to the URL's checked address (not a second lookup); the status code."""
    host, addresses = public_addresses(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    timeout = urllib3.Timeout(connect=5, read=settings.WEBHOOK_TIMEOUT)
    if parts.scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            addresses[0],
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(addresses[0], port, timeout=timeout, retries=False)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    with pool:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers={**headers, "Host": parts.netloc},
            redirect=False,
            preload_content=True,
        )
    return response.status


def deliver_one(delivery_id: int) -> str:
    """Send the delivery if it is pending; the state it ends in, or "skipped". Raises
    `TransientError` (row pending again) when a retry may help and attempts remain."""
    claimed = WebhookDelivery.objects.filter(pk=delivery_id, state=State.PENDING).update(
        state=State.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    row = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint, body = row.endpoint, row.body.encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ImPACT-Hub-Webhooks",
        "Impact-Webhook-Id": str(row.pk),
        "Impact-Webhook-Event": row.event,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
    }
    status, retry = None, True
    try:
        if not endpoint.active:
            raise UnsafeAddress(_("The endpoint is disabled."))
        status = _post(endpoint.url, headers, body)
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    except UnsafeAddress as exc:
        error, retry = str(exc), False
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    if not error:
        _finish(row, State.SENT, status=status, sent_at=timezone.now())
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return State.SENT
    _count_failure(endpoint, error)
    if retry and row.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
        _finish(row, State.PENDING, status=status, last_error=error)
        raise TransientError(error)
    _finish(row, State.FAILED, status=status, last_error=error)
    return State.FAILED


def _finish(row: WebhookDelivery, state: str, *, status: int | None, **fields) -> None:
    WebhookDelivery.objects.filter(pk=row.pk).update(
        state=state, response_status=status, updated_at=timezone.now(), **fields
    )


def _count_failure(endpoint: WebhookEndpoint, error: str) -> None:
    """One more failed attempt in a row; past `WEBHOOK_DISABLE_AFTER`, the endpoint stops."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    WebhookEndpoint.objects.filter(
        pk=endpoint.pk, active=True, consecutive_failures__gte=settings.WEBHOOK_DISABLE_AFTER
    ).update(
        active=False,
        disabled_reason=f"Disabled after {settings.WEBHOOK_DISABLE_AFTER} failed attempts "
        f"in a row; the last: {error}"[:300],
    )


def sweep(*, older_than: timedelta | None = None, limit: int = 500) -> int:
    """Re-enqueue deliveries left pending (a broker outage, a lost message, an eager retry)
    or stuck in `sending` past the lease; the number enqueued."""
    now = timezone.now()
    if older_than is None:
        older_than = timedelta(seconds=settings.NOTIFY_SWEEP_AFTER)
    WebhookDelivery.objects.filter(
        state=State.SENDING,
        updated_at__lt=now - timedelta(seconds=settings.NOTIFY_SENDING_LEASE),
    ).update(state=State.PENDING, last_error="Interrupted while sending; retried by the sweep.")
    ids = list(
        WebhookDelivery.objects.filter(state=State.PENDING, updated_at__lte=now - older_than)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:limit]
    )
    done = [pk for pk in ids if enqueue(pk)]
    WebhookDelivery.objects.filter(pk__in=done, state=State.PENDING).update(updated_at=now)
    return len(done)


def resend(ids: list[int]) -> int:
    """Failed deliveries get a fresh set of attempts (from the admin); the number enqueued."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk__in=ids, state=State.FAILED).update(
            state=State.PENDING, attempts=0, updated_at=timezone.now()
        )
        ready = list(
            WebhookDelivery.objects.filter(pk__in=ids, state=State.PENDING).values_list(
                "pk", flat=True
            )
        )
        transaction.on_commit(lambda: [enqueue(pk) for pk in ready], robust=True)
    return len(ready)
