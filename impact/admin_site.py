"""The admin site: Django's, with the list of every app and model built only when shown.

Django's `each_context` builds `available_apps` (every registered model, a permission check
each, sorted by translated name) on every admin page, for the navigation sidebar; the sidebar
is switched off here (impact/urls.py), so on a change list that work was for nothing. It is
now built the first time a template reads it.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.functional import SimpleLazyObject


class AdminSite(admin.AdminSite):
    def each_context(self, request):
        """Django's context (5.2), `available_apps` evaluated on first use."""
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


class AdminConfig(DjangoAdminConfig):
    default_site = "impact.admin_site.AdminSite"
