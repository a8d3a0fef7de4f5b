"""URLs for the error page tests: the site's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from impact.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _boom(request):
    raise RuntimeError("deliberate failure")


def _forbidden(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("deliberately bad request")


urlpatterns = [
    path("__boom__", _boom),
    path("__forbidden__", _forbidden),
    path("__suspicious__", _suspicious),
    *urlpatterns,
]
