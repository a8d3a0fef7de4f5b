from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox, roles
from .account_adapter import ACCOUNT_MAIL_KIND
from .models import AuditEntry, ConferenceEdition, Notification, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "language"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )
    # Stamps, not settings: a form shows them to the second, so saving one unchanged would
    # cut their microseconds off.
    readonly_fields = ["last_login", "date_joined"]


@admin.register(ConferenceEdition)
class ConferenceEditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "city", "starts_on", "ends_on", "eoi_deadline", "is_current"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug", "city"]
    fieldsets = (
        (None, {"fields": ("name", "slug", "city", "is_current")}),
        (
            _("Dates"),
            {
                "fields": (
                    "starts_on",
                    "ends_on",
                    "eoi_opens_at",
                    "eoi_deadline",
                    "horizon_date",
                    "horizon_label",
                )
            },
        ),
        (
            _("Criteria thresholds"),
            {
                "fields": (
                    "min_csos",
                    "min_regions",
                    "min_global_south",
                    "min_constituencies",
                    "min_plan_words",
                    "min_milestones",
                )
            },
        ),
        (_("Review"), {"fields": ("reviewers_per_network",)}),
        (_("The hub"), {"fields": ("reporting_interval_days",)}),
    )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, for organizers: failed messages show their error and can be resent.

    Rows are written only by `impact.notify.notify`, so nobody adds or edits them here.
    """

    list_display = ["created_at", "kind", "email", "state", "attempts", "sent_at", "error"]
    list_filter = ["state", "kind", "language"]
    search_fields = ["email", "subject", "dedup_key", "hold_key"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fieldsets = (
        (None, {"fields": ("state", "last_error", "attempts", "sent_at", "read_at")}),
        (_("Message"), {"fields": ("recipient", "email", "language", "subject", "url")}),
        # The context holds what the bodies show (sign-in links, for account mail): with them.
        (
            _("Bodies"),
            {"classes": ("collapse",), "fields": ("body_text", "body_html", "context")},
        ),
        (
            _("Outbox"),
            {"fields": ("kind", "dedup_key", "hold_key", "created_at", "updated_at")},
        ),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.kind == ACCOUNT_MAIL_KIND:
            # Account mail carries sign-in and password-reset links: nobody reads them here.
            return [fs for fs in fieldsets if "body_text" not in fs[1]["fields"]]
        return fieldsets

    @admin.display(description=_("last error"))
    def error(self, obj: Notification) -> str:
        return Truncator(obj.last_error).chars(120)

    @admin.action(description=_("Resend the selected failed or pending notifications"))
    def resend(self, request, queryset) -> None:
        count = outbox.resend(queryset.values_list("pk", flat=True))
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext(
                "%(count)d notification queued again.",
                "%(count)d notifications queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d sent or held notification was left alone.",
                    "%(count)d sent or held notifications were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.INFO,
            )

    # Organizers look after the outbox whatever their model permissions.
    def has_module_permission(self, request) -> bool:
        return roles.is_organizer(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return roles.is_organizer(request.user) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        # Needed for the resend action; every field stays read-only.
        return roles.is_organizer(request.user) or super().has_change_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only, for everyone, superusers included: the trail is append-only."""

    list_display = ["at", "actor_label", "ip", "action", "target_label"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "target_label", "target_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return roles.is_organizer(request.user)


from . import admin_webhooks  # noqa: E402, F401 (registers the webhooks' admin)
