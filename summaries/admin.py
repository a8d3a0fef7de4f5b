"""Admin for sessions, reports, summary drafts and exports."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .enums import INTERPRETATION_LANGUAGES
from .models import (
    AgendaItem,
    Participant,
    Session,
    SessionReport,
    SummaryDraft,
    SummaryEntry,
    SummaryExport,
)
from .zones import time_zone_names


class SessionAdminForm(forms.ModelForm):
    """Languages as checkboxes and zones as a list, as on the organizers' page (no raw JSON)."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=lambda: [(name, name) for name in time_zone_names()]
    )
    online_link = forms.URLField(
        label=_("online link"), max_length=500, required=False, assume_scheme="https"
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation languages"),
        choices=INTERPRETATION_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Session
        fields = ["time_zone", "online_link", "interpretation"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 1
    fields = ["role", "name", "title", "affiliation", "group", "position"]


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["position", "starts_at", "duration", "title", "speakers"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "kind", "date", "starts_at", "ends_at", "room", "format"]
    list_filter = ["edition", "kind", "format", "date"]
    list_select_related = ["edition"]
    search_fields = ["title", "room"]
    date_hierarchy = "date"
    filter_horizontal = ["organizers"]
    raw_id_fields = ["coalition"]
    form = SessionAdminForm
    inlines = [ParticipantInline, AgendaInline]
    fieldsets = [
        (None, {"fields": ["edition", "title", "kind", "coalition", "expected_outcomes"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "date",
                    "starts_at",
                    "ends_at",
                    "time_zone",
                    "times_to_be_confirmed",
                    "room",
                ]
            },
        ),
        (_("Format"), {"fields": ["format", "online_link", "interpretation"]}),
        (_("Session organizers"), {"fields": ["organizers"]}),
    ]


@admin.register(SessionReport)
class SessionReportAdmin(admin.ModelAdmin):
    list_display = ["session", "status", "submitted_at", "reviewed_at", "attendance"]
    list_filter = ["status", "session__edition", "session__kind"]
    list_select_related = ["session"]
    search_fields = ["session__title", "key_messages"]
    raw_id_fields = ["session", "submitted_by", "reviewed_by"]
    readonly_fields = ["submitted_at", "reviewed_at", "created_at", "updated_at"]


class SummaryEntryInline(admin.TabularInline):
    model = SummaryEntry
    extra = 0
    fields = ["position", "included", "title", "edited"]
    readonly_fields = ["title"]
    can_delete = False
    show_change_link = False


@admin.register(SummaryDraft)
class SummaryDraftAdmin(admin.ModelAdmin):
    list_display = ["edition", "title", "compiled_at", "updated_at"]
    readonly_fields = ["compiled_at", "compiled_by"]
    raw_id_fields = ["edition"]
    inlines = [SummaryEntryInline]


@admin.register(SummaryExport)
class SummaryExportAdmin(admin.ModelAdmin):
    list_display = ["edition", "format", "version", "state", "progress", "created_by", "created_at"]
    list_filter = ["format", "state", "edition"]
    list_select_related = ["edition", "created_by"]
    readonly_fields = [f.name for f in SummaryExport._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
