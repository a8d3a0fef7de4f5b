from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "ImPACT Hub"
admin.site.site_title = "ImPACT Hub admin"
admin.site.index_title = "Review and administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("coalitions.urls")),
    path("", include("summaries.urls")),
]

if settings.BENCH_ENABLED:
    urlpatterns.append(path("bench/baseline", views.bench_baseline, name="bench-baseline"))
