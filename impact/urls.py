from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import (
    admin_site,
    favicon,
    language,
    views,
    views_audit,
    views_notifications,
    views_privacy,
    views_profile,
)

admin.site.site_header = "ImPACT Hub"
admin.site.site_title = _("ImPACT Hub admin")
admin.site.index_title = _("Review and administration")
# Reviewers work in wide change lists: the table gets the whole width.
admin.site.enable_nav_sidebar = False

handler400 = "impact.errors.bad_request"
handler403 = "django.views.defaults.permission_denied"
handler404 = "django.views.defaults.page_not_found"
handler500 = "django.views.defaults.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    # The language menu: Django's view, which also keeps a signed-in person's choice.
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("accounts/profile/", views_profile.profile, name="profile"),
    path("accounts/data/", views_privacy.my_data, name="my-data"),
    path("accounts/data.json", views_privacy.my_data_json, name="my-data-json"),
    path("accounts/delete/", views_privacy.delete_account, name="delete-account"),
    path("privacy/", views_privacy.privacy, name="privacy"),
    path("accounts/", include("allauth.urls")),
    # The admin signs in through the site's own sign-in, where the second factor is asked.
    path("admin/login/", admin_site.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("audit/", views_audit.audit_list, name="audit"),
    path("audit.csv", views_audit.audit_csv, name="audit-csv"),
    path("notifications/", views_notifications.notification_list, name="notifications"),
    path(
        "notifications/<int:pk>/open",
        views_notifications.notification_open,
        name="notification-open",
    ),
    path(
        "notifications/read-all",
        views_notifications.notification_read_all,
        name="notifications-read-all",
    ),
    path("", include("coalitions.urls")),
    path("", include("coalitions.openapi.urls")),
    path("", include("summaries.urls")),
]

if settings.BENCH_ENABLED:
    urlpatterns += [
        path("bench/baseline", views.bench_baseline, name="bench-baseline"),
        path("bench/signed-in", views.bench_signed_in, name="bench-signed-in"),
    ]
