"""Admin for organizations and their directory: an organization's changes are kept as
versions (shown read-only, newest first); organizers confirm claims to act for an
organization; suggested corrections and partner invitations are listed for follow-up
(representatives answer them on the site)."""

from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coalitions.enums import OrganizationChange, RepresentativeState
from coalitions.models import (
    Organization,
    OrganizationCorrection,
    OrganizationVersion,
    PartnerInvitation,
    Representative,
)
from coalitions.organizations import changes, history, representatives
from impact import roles


def _lines(before: dict, after: dict) -> str:
    rows = history.lines(before, after, history.Names.load())
    return format_html_join(
        "", "<div>{}: {} → {}</div>", ((r.label, r.before, r.after) for r in rows)
    )


class VersionInline(admin.TabularInline):
    model = OrganizationVersion
    fk_name = "organization"
    extra = 0
    can_delete = False
    fields = ["number", "created_at", "changed_by", "reason", "what_changed"]
    readonly_fields = fields
    ordering = ["-number"]
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    @admin.display(description=_("what changed"))
    def what_changed(self, version: OrganizationVersion) -> str:
        return _lines(version.before, version.after)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "sector", "country", "region", "is_global", "created_at"]
    list_filter = ["sector", "region", "is_global", "listed_without_name"]
    list_select_related = ["sector", "region"]
    search_fields = ["name", "acronym"]
    filter_horizontal = ["constituencies"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["created_at"]
    inlines = [VersionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change) -> None:
        """A change goes through `changes.change_details`, so it is kept as a version."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        values = {
            **{k: data.get(k) for k in ("name", "acronym", "country", "is_global", "website")},
            "sector": data["sector"].slug,
            "region": data["region"].slug,
            "constituencies": [c.slug for c in data.get("constituencies") or ()],
        }
        changes.change_details(obj, values, actor=request.user, reason=OrganizationChange.ADMIN)


@admin.register(OrganizationCorrection)
class OrganizationCorrectionAdmin(admin.ModelAdmin):
    """Read-only: the organization's representatives (or organizers, on the site's
    corrections page) accept or decline in one click."""

    list_display = ["created_at", "organization", "proposed_by", "proposal", "state"]
    list_filter = ["state"]
    search_fields = ["organization__name", "proposed_by__email"]
    list_select_related = ["organization", "proposed_by", "proposal"]
    date_hierarchy = "created_at"
    fields = [
        "organization",
        "proposed_by",
        "proposal",
        "suggested",
        "state",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("suggested values"))
    def suggested(self, correction: OrganizationCorrection) -> str:
        return _lines(correction.before, correction.values)


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["organization", "user", "state", "created_at", "confirmed_by"]
    list_filter = ["state"]
    search_fields = ["organization__name", "user__email", "user__name"]
    list_select_related = ["organization", "user", "confirmed_by"]
    raw_id_fields = ["organization", "user", "confirmed_by"]
    readonly_fields = ["state", "confirmed_by", "confirmed_at", "created_at"]
    actions = ["confirm_claims"]

    @admin.action(description=_("Confirm the selected claims"))
    def confirm_claims(self, request, queryset):
        if not roles.is_organizer(request.user):
            self.message_user(request, _("Only organizers confirm claims."), messages.ERROR)
            return
        done = 0
        for rep in queryset.filter(state=RepresentativeState.PENDING):
            representatives.confirm(rep, actor=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d claim confirmed.", "%(count)d claims confirmed.", done)
            % {"count": done},
        )


@admin.register(PartnerInvitation)
class PartnerInvitationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "proposal", "organization", "invited_by", "state"]
    list_filter = ["state"]
    search_fields = ["proposal__title", "organization__name"]
    list_select_related = ["proposal", "organization", "invited_by"]
    raw_id_fields = ["proposal", "organization", "invited_by", "decided_by"]
    readonly_fields = ["state", "decided_by", "decided_at", "created_at"]
    date_hierarchy = "created_at"
