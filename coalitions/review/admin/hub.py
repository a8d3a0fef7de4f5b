"""Admin for the hub: join requests, leads' updates and progress reports (read-mostly; leads
decide and report on the site)."""

from django.contrib import admin

from ...models import CoalitionUpdate, JoinRequest, MilestoneUpdate


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "proposal", "organization", "requested_by", "state"]
    list_filter = ["state"]
    search_fields = ["proposal__title", "organization__name", "requested_by__email"]
    list_select_related = ["proposal", "organization", "requested_by"]
    raw_id_fields = ["proposal", "organization", "requested_by", "decided_by"]
    date_hierarchy = "created_at"


@admin.register(CoalitionUpdate)
class CoalitionUpdateAdmin(admin.ModelAdmin):
    list_display = ["created_at", "proposal", "author"]
    search_fields = ["proposal__title", "body"]
    list_select_related = ["proposal", "author"]
    raw_id_fields = ["proposal", "author"]
    date_hierarchy = "created_at"


@admin.register(MilestoneUpdate)
class MilestoneUpdateAdmin(admin.ModelAdmin):
    """The history of progress reports: kept as the leads made them, so read-only here."""

    list_display = ["created_at", "proposal", "milestone", "previous_status", "status", "author"]
    list_filter = ["status"]
    search_fields = ["proposal__title", "milestone__title", "note"]
    list_select_related = ["proposal", "milestone", "author"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
