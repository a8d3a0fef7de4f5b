"""Error views that differ from Django's defaults.

403 and 404 use Django's own handlers (they render `403.html` and `404.html` with the request,
so the page has the site's navigation). Django renders `400.html` without the request, which
would leave the navigation without the site's name and the signed-in user; this handler gives it
the request. `500.html` stays Django's: rendered without context, it needs no database.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBadRequest
from django.template.loader import render_to_string


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(render_to_string("400.html", request=request))
