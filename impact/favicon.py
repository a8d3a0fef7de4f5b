"""`/favicon.ico`: browsers, feed readers and bookmarks ask for it whatever a page links to.

Served from the site's static folder (found by the staticfiles finders, so it works with or
without DEBUG and before or after collectstatic), cached by browsers for a week.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = "img/favicon.ico"


@cache
def _icon() -> bytes:
    return Path(finders.find(ICON)).read_bytes()


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_icon(), content_type="image/x-icon")
