"""Request bodies of a bounded size, refused before they are read.

Django limits what it keeps in memory (`DATA_UPLOAD_MAX_MEMORY_SIZE`) but streams file
uploads to disk whatever their size, so an anonymous client could send 100 MB to any form.
This middleware answers 413 from the declared length alone, before the body is read:
`REQUEST_BODY_MAX_BYTES` for everyone, `REQUEST_BODY_MAX_ANONYMOUS_BYTES` for visitors who are
not signed in, and more only for the routes listed in `REQUEST_BODY_ROUTE_MAX_BYTES` (a path
prefix → bytes, for the few forms that take a file). A body sent without a length (chunked)
is still bounded by Django's own limits as it is read.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def body_limit(request: HttpRequest) -> int:
    """The most bytes this request may send."""
    for prefix, limit in settings.REQUEST_BODY_ROUTE_MAX_BYTES.items():
        if request.path.startswith(prefix):
            return limit
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return settings.REQUEST_BODY_MAX_BYTES
    return settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES


def too_large(request: HttpRequest) -> HttpResponse:
    message = _("What was sent is too large for this page.")
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        response: HttpResponse = JsonResponse({"field": None, "error": message}, status=413)
    else:
        response = render(request, "413.html", {"message": message}, status=413)
    # The body was not read: the connection cannot be reused for another request.
    response["Connection"] = "close"
    return response


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit(request):
            return too_large(request)
        return self.get_response(request)
