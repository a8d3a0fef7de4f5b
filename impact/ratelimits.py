"""Rate limits on the endpoints that send mail or cost work for anyone who asks.

Built on django-ratelimit, which counts requests in the cache (Redis in production, so the
limit holds across web replicas). The rates live in `settings.RATE_LIMITS`, one per name,
read at request time; an empty rate switches that limit off. When the cache cannot be
reached the request goes through (logged): a Redis outage must not take these pages down.
A request over its limit raises `RateLimited`, which `RatelimitMiddleware` hands to
`impact.errors.too_many_requests` (a 429 page, or JSON for the API).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

import redis
from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

log = logging.getLogger(__name__)


class RateLimited(Ratelimited):
    """Raised by `limit` when a client is over a rate; `retry_after` is in seconds."""

    def __init__(self, name: str, retry_after: int) -> None:
        super().__init__(name)
        self.name = name
        self.retry_after = retry_after


def rate(name: str) -> str | None:
    """The rate for `name` from settings ("20/h"), or None when that limit is off."""
    return settings.RATE_LIMITS.get(name) or None


def _usage(request: HttpRequest, name: str, key: str, method) -> dict | None:
    try:
        return get_usage(
            request,
            group=f"impact.{name}",
            key=key,
            rate=lambda _group, _request: rate(name),
            method=method,
            increment=True,
        )
    except (redis.RedisError, OSError) as exc:
        log.warning("rate limit %s not checked, the cache failed: %s", name, exc)
        return None


def limit(name: str, *, key: str = "user_or_ip", method=ALL) -> Callable:
    """Decorate a view: at most `settings.RATE_LIMITS[name]` requests per `key` (the user when
    signed in, else the client's address); only requests whose method is in `method` count."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            usage = _usage(request, name, key, method)
            if usage and usage["should_limit"]:
                raise RateLimited(name, retry_after=max(int(usage["time_left"]), 1))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
