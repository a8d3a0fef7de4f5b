"""Error views that differ from Django's defaults, and the answer to too many requests.

403 and 404 use Django's own handlers (they render `403.html` and `404.html` with the request,
so the page has the site's navigation). Django renders `400.html` without the request, which
would leave the navigation without the site's name and the signed-in user; this handler gives it
the request. `500.html` stays Django's: rendered without context, it needs no database.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .ratelimits import RateLimited


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(render_to_string("400.html", request=request))


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
