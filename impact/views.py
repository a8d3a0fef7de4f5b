from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import pagecache
from .models import ConferenceEdition

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get it whole from the cache, as the hub's pages (`impact.pagecache`)."""

    def build() -> dict:
        return {"edition": ConferenceEdition.objects.current()}

    return pagecache.anonymous_page(
        request, "home", build, "impact/home.html", expires=_until_the_call_changes
    )


def _until_the_call_changes(parts: dict) -> int:
    """Seconds the home page stays true: it counts the days left to the deadline, then says
    the call is closed, so it changes at midnight and at the deadline."""
    edition = parts["edition"]
    if edition is None:
        return pagecache.PAGE_TIMEOUT
    now = timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    changes = [midnight] + ([edition.eoi_deadline] if edition.eoi_deadline > now else [])
    return int((min(changes) - now).total_seconds())


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised
        return f"{type(exc).__name__}: {exc}".strip()[:300]
    return None


def _check_broker() -> str | None:
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}".strip()[:300]
    return None


def _check_cache() -> str | None:
    from django.core.cache import cache

    ping = getattr(cache, "ping", None)
    if ping is None:  # a per-process cache: nothing to reach
        return None
    try:
        ping()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}".strip()[:300]
    return None


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database (and the broker, where one is configured) answers; else 503.

    The Redis cache, where configured, has its own line: the site works without it (slower),
    so a cache outage reports `"status": "degraded"` and keeps the 200 rather than take every
    web replica out of a load balancer.
    """
    checks: dict[str, str] = {}
    failures: dict[str, str] = {}
    probes = [("database", _check_database)]
    if settings.HEALTHZ_CHECK_BROKER:
        probes.append(("broker", _check_broker))
    if settings.HEALTHZ_CHECK_CACHE:
        probes.append(("cache", _check_cache))
    for name, probe in probes:
        error = probe()
        checks[name] = "ok" if error is None else "failed"
        if error:
            failures[name] = error
    fatal = sorted(set(failures) - {"cache"})
    if failures:
        log.error("health check failed: %s", failures)
    status = "unavailable" if fatal else "degraded" if failures else "ok"
    body: dict = {"status": status, "checks": checks}
    if fatal:
        body["failed"] = fatal
    elif failures:
        body["degraded"] = sorted(failures)
    return JsonResponse(body, status=503 if fatal else 200)


def bench_baseline(request: HttpRequest) -> HttpResponse:
    """Renders nothing: the benchmark's ceiling for this server. Routed only under BENCH_ENABLED."""
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def bench_signed_in(request: HttpRequest) -> HttpResponse:
    """The layout of a signed-in page and nothing else (session, user, roles, the navigation
    and its unread count): what any signed-in page costs. Routed only under BENCH_ENABLED."""
    return render(request, "bench/signed_in.html")
