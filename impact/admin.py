from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ConferenceEdition, Notification, User


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
    )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "email", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind", "language"]
    search_fields = ["email", "subject", "dedup_key"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    date_hierarchy = "created_at"
