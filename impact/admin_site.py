"""The admin site: Django's, with the list of every app and model built only when shown.

Django's `each_context` builds `available_apps` (every registered model, a permission check
each, sorted by translated name) on every admin page, for the navigation sidebar; the sidebar
is switched off here (impact/urls.py), so on a change list that work was for nothing. It is
now built the first time a template reads it.

Every admin form's text areas read a browser's CRLF line breaks back as LF
(`impact.widgets.AdminTextarea`), so saving an unchanged text changes nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.admin.widgets import AdminTextareaWidget
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

from .widgets import AdminTextarea


def _text_areas(overrides: dict) -> dict:
    """The overrides with AdminTextarea for text and JSON fields (both shown in a text area),
    unless an admin chose its own."""
    out = dict(overrides)
    for field in (models.TextField, models.JSONField):
        chosen = overrides.get(field, {})
        if chosen.get("widget", AdminTextareaWidget) in (AdminTextareaWidget, forms.Textarea):
            out[field] = {**chosen, "widget": AdminTextarea}
    return out


class AdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        models_ = [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable
        for model in models_:
            model_admin = self._registry.get(model)  # none for a swapped-out model
            if model_admin is None:
                continue
            model_admin.formfield_overrides = _text_areas(model_admin.formfield_overrides)
            # Inlines are built per request from their class.
            for inline in model_admin.inlines:
                inline.formfield_overrides = _text_areas(inline.formfield_overrides)

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

    def ready(self) -> None:
        super().ready()  # every app's admin module
        from allauth.socialaccount.models import SocialApp, SocialToken

        # Single sign-on is configured from the environment (OIDC_*), not in the database,
        # and the provider's tokens are not kept (SOCIALACCOUNT_STORE_TOKENS).
        for model in (SocialApp, SocialToken):
            if model in admin.site._registry:
                admin.site.unregister(model)
        _read_only_sign_in_records()


def _read_only_sign_in_records() -> None:
    """A second factor holds a secret, a single sign-on link what the provider said: the admin
    shows them and may delete them (someone who lost their phone and codes sets up a new one
    at their next sign-in; a link is made again at the next single sign-on), never edits them."""
    from allauth.mfa.admin import AuthenticatorAdmin
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.admin import SocialAccountAdmin
    from allauth.socialaccount.models import SocialAccount

    class ReadOnly:
        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

    class ReadOnlyAuthenticatorAdmin(ReadOnly, AuthenticatorAdmin):
        exclude = ("data",)
        readonly_fields = ("user", "type", "created_at", "last_used_at")

    class ReadOnlySocialAccountAdmin(ReadOnly, SocialAccountAdmin):
        readonly_fields = ("user", "provider", "uid", "extra_data", "last_login", "date_joined")

    for model, model_admin in (
        (Authenticator, ReadOnlyAuthenticatorAdmin),
        (SocialAccount, ReadOnlySocialAccountAdmin),
    ):
        if model in admin.site._registry:
            admin.site.unregister(model)
        admin.site.register(model, model_admin)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in page, which is the site's own (where the second factor is asked).

    The admin sends here whoever it does not let in. Someone not signed in goes on to sign in;
    someone signed in whose account has no admin access gets the 403 page (sending them to
    sign in would send them straight back to the admin, and round again).
    """
    if not request.user.is_authenticated:
        url = reverse("account_login")
        query = request.META.get("QUERY_STRING", "")
        return redirect(f"{url}?{query}" if query else url)
    if not admin.site.has_permission(request):
        raise PermissionDenied
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("admin:index")
