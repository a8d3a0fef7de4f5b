"""The cache of the hub's anonymous pages, and its invalidation.

Every cached fragment's key carries a version number; any change to a public coalition bumps
the version (see the receivers in `coalitions.models.hub`), so all hub pages are rebuilt at once
and no stale page outlives a change. Only what anonymous visitors see is cached: a signed-in
visitor always gets a page built for them.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

VERSION_KEY = "coalitions:hub:version"
PAGE_TIMEOUT = 600


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        # A time-based start never repeats a number used before the key was lost.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        current = cache.get(VERSION_KEY) or 0
    return int(current)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def invalidate() -> None:
    """Drop every cached hub page: now, and again when the current transaction commits.

    The second bump matters: a visitor between the first bump and the commit would otherwise
    cache the page as it was before the change.
    """
    _bump()
    transaction.on_commit(_bump)


def page_key(name: str, request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"coalitions:hub:{name}:{version()}:{translation.get_language()}:{path}"


def for_anonymous(request: HttpRequest, name: str, build: Callable[[], dict]) -> dict:
    """`build()` for signed-in visitors; for anonymous ones, its cached result."""
    if request.user.is_authenticated:
        return build()
    key = page_key(name, request)
    parts = cache.get(key)
    if parts is None:
        parts = build()
        cache.set(key, parts, PAGE_TIMEOUT)
    return parts
