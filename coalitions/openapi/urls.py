from functools import wraps

from django.urls import path

from .operations import api


def _as_django(view):
    """A 405 with an empty body and its `Allow` header, as `require_POST`/`require_GET` answer
    on the unversioned paths (django-ninja would write "Method not allowed")."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            response.content = b""
        return response

    return wrapped


# Not `app_name`: this module's own name would become a namespace around the API's.
_patterns, _app, _namespace = api.urls
for pattern in _patterns:
    pattern.callback = _as_django(pattern.callback)

# /api/v1/…, /api/schema/ (OpenAPI 3.1) and /api/schema/docs/ (its browsable page).
urlpatterns = [path("api/", (_patterns, _app, _namespace))]
