"""The site's URLs plus the baseline view, as the bench server routes them (BENCH_ENABLED)."""

from django.urls import path

from impact import views
from impact.urls import urlpatterns as site

urlpatterns = [
    *site,
    path("bench/baseline", views.bench_baseline, name="bench-baseline"),
    path("bench/signed-in", views.bench_signed_in, name="bench-signed-in"),
]
