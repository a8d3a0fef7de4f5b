"""Error pages that need a view: too many requests (429)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .ratelimits import RateLimited


def too_many_requests(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The answer to a request over a rate limit: JSON under /api/, else the site's page."""
    message = _("Too many requests. Please wait a moment, then try again.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"field": None, "error": message}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    if isinstance(exception, RateLimited):
        response["Retry-After"] = str(exception.retry_after)
    return response
