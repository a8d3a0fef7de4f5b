"""The hub's open data for anyone who asks: cached and rate-limited.

An export (the CSV, the JSON pages, the RSS and Atom feeds) reads every published coalition it
lists; built on each request it costs about a second at scale, and a few anonymous clients
looping on it would slow the hub for everyone. `open_export` serves anonymous visitors the
copy in the page cache (`impact.pagecache`: rebuilt after any change to a public coalition) and
limits each client to `RATE_LIMITS["open_data"]` requests (a 429 with `Retry-After` past it),
counted before the cache is read, so varying the query string to miss the cache gains nothing.
Signed-in people get a fresh copy, within the same limit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

from impact.ratelimits import limit

from . import cache as hub_cache

# The headers an export's response keeps when it is served from the cache.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin")


def open_export(name: str) -> Callable:
    """Decorate a GET view answering open data (see the module)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @limit("open_data", key="user_or_ip")
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            def build() -> dict:
                response = view(request, *args, **kwargs)
                return {
                    "status": response.status_code,
                    "body": response.content,
                    "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
                }

            parts = hub_cache.for_anonymous(request, f"export:{name}", build)
            response = HttpResponse(parts["body"], status=parts["status"])
            for header, value in parts["headers"].items():
                response[header] = value
            return response

        return wrapped

    return decorator
