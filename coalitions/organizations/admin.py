"""Admin for the organization directory: organizers confirm claims to act for an
organization; partner invitations are listed for follow-up (representatives answer them)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coalitions.enums import RepresentativeState
from coalitions.models import PartnerInvitation, Representative
from coalitions.organizations import representatives
from impact import roles


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
