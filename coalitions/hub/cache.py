"""The cache of the hub's anonymous pages: the site's page cache (`impact.pagecache`), which
the hub's changes invalidate (`coalitions.hub.signals`)."""

from impact.pagecache import (
    CSRF_PLACEHOLDER,
    PAGE_TIMEOUT,
    VERSION_KEY,
    anonymous_page,
    for_anonymous,
    invalidate,
    page_key,
    version,
)

__all__ = [
    "CSRF_PLACEHOLDER",
    "PAGE_TIMEOUT",
    "VERSION_KEY",
    "anonymous_page",
    "for_anonymous",
    "invalidate",
    "page_key",
    "version",
]
