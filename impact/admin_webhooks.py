"""Webhook endpoints and their deliveries in the admin, for organizers: they register
endpoints; failed deliveries show their error and can be sent again."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import roles, webhooks
from .webhook_models import WebhookDelivery, WebhookEndpoint, WebhookEvent


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=WebhookEndpoint._meta.get_field("url").help_text,
    )
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "events", "secret", "active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            webhooks.public_addresses(url)
        except webhooks.UnsafeAddress as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url

    def clean_events(self) -> list[str]:
        # Stored in the order of the choices, so saving the form unchanged changes nothing.
        chosen = set(self.cleaned_data["events"])
        return [value for value in WebhookEvent.values if value in chosen]


class OrganizersOnly:
    """Organizers look after webhooks whatever their model permissions."""

    def has_module_permission(self, request) -> bool:
        return roles.is_organizer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return roles.is_organizer(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return roles.is_organizer(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return roles.is_organizer(request.user)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(OrganizersOnly, admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "active", "consecutive_failures", "disabled_reason", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["consecutive_failures", "disabled_reason", "created_by", "created_at"]

    def has_add_permission(self, request) -> bool:
        return roles.is_organizer(request.user)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        if "active" in form.changed_data and obj.active:
            obj.consecutive_failures, obj.disabled_reason = 0, ""
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(OrganizersOnly, admin.ModelAdmin):
    """Rows are written only by `impact.webhooks.emit`: nobody adds or edits them here."""

    list_display = ["created_at", "event", "endpoint", "state", "attempts", "status", "error"]
    list_filter = ["state", "event"]
    list_select_related = ["endpoint"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("response status"))
    def status(self, obj: WebhookDelivery) -> str:
        return str(obj.response_status or "")

    @admin.display(description=_("last error"))
    def error(self, obj: WebhookDelivery) -> str:
        return Truncator(obj.last_error).chars(120)

    @admin.action(description=_("Send the selected failed or pending deliveries again"))
    def resend(self, request, queryset) -> None:
        count = webhooks.resend(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again.", "%(count)d deliveries queued again.", count
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
