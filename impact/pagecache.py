"""The cache of the pages anonymous visitors see (the home page, the hub), and its invalidation.

Every cached fragment's key carries a version number; any change to what these pages show (a
public coalition: the receivers in `coalitions.hub.signals`; a conference edition:
`impact.signals`) bumps the version, so all such pages are rebuilt at once and no stale page
outlives a change. Only what anonymous visitors see is cached: a signed-in visitor always gets
a page built for them.

`anonymous_page()` caches whole pages: a visitor with neither a session nor pending messages
sees exactly what any other such visitor sees, except for the CSRF token of the language form,
which is stored as a placeholder and filled in per request. One Redis round trip (the version
and the page together) serves the page, with no template rendering; the page remembers the
version it was built at, so a page built before a change is never served after it. Visitors
with a session or messages get the cached body inside a layout rendered for them.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation

from . import caches

VERSION_KEY = caches.key("page-version")
PAGE_TIMEOUT = 600
# Each process also keeps the pages it served last, and the version for a second or two: a hot
# page then costs no Redis round trip. Another process sees a change at most this late.
LOCAL_SECONDS = 2.0
LOCAL_PAGE_SECONDS = 30.0  # a page kept here at most this long (pages that expire by the clock)
LOCAL_PAGES = 200
_local_version: tuple[float, int] | None = None
_local_pages: dict[str, tuple[float, tuple[int, str]]] = {}
# Stands for the visitor's CSRF token in a cached page (letters only: it survives escaping).
CSRF_PLACEHOLDER = "pagecachecsrftokenplaceholder"


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        # A time-based start never repeats a number used before the key was lost.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        current = cache.get(VERSION_KEY) or 0
    return int(current)


def _bump() -> None:
    global _local_version
    _local_version = None  # this process sees its own change at once
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


@caches.flushes("page-version", "page-parts", "page-whole", "admin-filters")
def invalidate() -> None:
    """Drop every cached hub page: now, and again when the current transaction commits.

    The second bump matters: a visitor between the first bump and the commit would otherwise
    cache the page as it was before the change.
    """
    _bump()
    transaction.on_commit(_bump)


def page_key(name: str, request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return caches.key(
        "page-parts", name=name, version=version(), language=translation.get_language(), path=path
    )


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


def _same_for_everyone(request: HttpRequest) -> bool:
    """Whether the whole page is the same for every such visitor (bar the CSRF token).

    A session may hold messages or sign-in state; the messages cookie holds messages (shown in
    the layout). Visitors without either are what a crawler, a shared link or a first visit is.
    """
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


def anonymous_page(
    request: HttpRequest,
    name: str,
    build: Callable[[], dict],
    template: str,
    expires: Callable[[dict], int] | None = None,
) -> HttpResponse:
    """`template` rendered with `build()`'s parts; whole from the cache when it can be.

    `expires(parts)`, where given, is how many seconds (at most PAGE_TIMEOUT) the page built
    from `parts` stays true without any change to the data: a page that counts days to a
    deadline is kept only until midnight or the deadline.
    """
    if not _same_for_everyone(request):
        return HttpResponse(
            render_to_string(template, for_anonymous(request, name, build), request=request)
        )
    uri = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    key = caches.key("page-whole", name=name, language=translation.get_language(), uri=uri)
    current, cached = _local(key)
    if cached is None or cached[0] != current:
        found = cache.get_many([VERSION_KEY, key])
        current = found.get(VERSION_KEY)
        if current is None:
            current = version()
        _remember_version(int(current))
        cached = found.get(key)
        if cached and cached[0] == current:
            _remember_page(key, cached)
    if cached and cached[0] == current:
        html = cached[1]
    else:
        parts = build()
        html = render_to_string(
            template, {**parts, "csrf_token": CSRF_PLACEHOLDER}, request=request
        )
        timeout = min(PAGE_TIMEOUT, expires(parts)) if expires else PAGE_TIMEOUT
        if timeout > 0:
            cache.set(key, (current, html), timeout)
            if timeout >= LOCAL_PAGE_SECONDS:
                _remember_page(key, (current, html))
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))


def _local(key: str) -> tuple[int | None, tuple[int, str] | None]:
    """The version and the page as this process last saw them, if the version is fresh."""
    if _local_version is None or time.monotonic() - _local_version[0] > LOCAL_SECONDS:
        return None, None
    page = _local_pages.get(key)
    if page is None or time.monotonic() - page[0] > LOCAL_PAGE_SECONDS:
        return _local_version[1], None
    return _local_version[1], page[1]


def _remember_version(current: int) -> None:
    global _local_version
    _local_version = (time.monotonic(), current)


def _remember_page(key: str, entry: tuple[int, str]) -> None:
    if key not in _local_pages and len(_local_pages) >= LOCAL_PAGES:
        _local_pages.pop(next(iter(_local_pages)))  # the oldest
    _local_pages[key] = (time.monotonic(), entry)


@caches.flushes("page-local")
def forget_local() -> None:
    """Drop what this process keeps (the tests' fresh start)."""
    global _local_version
    _local_version = None
    _local_pages.clear()
