"""Admin for the hub: join requests and leads' updates (read-mostly; leads decide on the site)."""

from django.contrib import admin

from ...models import CoalitionUpdate, JoinRequest


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
