from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import ConferenceEdition

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    edition = ConferenceEdition.objects.current()
    return render(request, "impact/home.html", {"edition": edition})


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


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database (and the broker, where one is configured) answers; else 503."""
    checks: dict[str, str] = {}
    failures: dict[str, str] = {}
    error = _check_database()
    checks["database"] = "ok" if error is None else "failed"
    if error:
        failures["database"] = error
    if settings.HEALTHZ_CHECK_BROKER:
        error = _check_broker()
        checks["broker"] = "ok" if error is None else "failed"
        if error:
            failures["broker"] = error
    status = 503 if failures else 200
    if failures:
        log.error("health check failed: %s", failures)
    body = {"status": "ok" if not failures else "unavailable", "checks": checks}
    if failures:
        body["failed"] = sorted(failures)
    return JsonResponse(body, status=status)


def bench_baseline(request: HttpRequest) -> HttpResponse:
    """Renders nothing: the benchmark's ceiling for this server. Routed only under BENCH_ENABLED."""
    return HttpResponse(b"ok", content_type="text/plain")
