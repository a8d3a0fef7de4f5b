"""The hub's filters, shared by the HTML list, the JSON API, the CSV export and the feed.

Every facet is a GET parameter holding a slug (`?q=water&region=africa&sort=title`), so a
search can be bookmarked and shared. A member-based facet ("region covered") matches a
coalition when any member organization matches, through `EXISTS` so no row repeats.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, Exists, F, OuterRef, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ..enums import Activity
from ..models import ConstituencyType, ProposalMember, Region, Sector, Theme
from . import search

SORTS = [
    ("relevance", _("Best match")),
    ("newest", _("Newest")),
    ("oldest", _("Oldest")),
    ("title", _("Title (A–Z)")),
    ("activity", _("Recently active")),
]
ORDERINGS = {
    "newest": ("-published_at", "-pk"),
    "oldest": ("published_at", "pk"),
    "title": ("title", "pk"),
    # Active first, then report due, then inactive; within each, the latest report first.
    "activity": (
        Case(
            When(activity=Activity.ACTIVE, then=Value(0)),
            When(activity=Activity.REPORT_DUE, then=Value(1)),
            default=Value(2),
        ),
        Coalesce(F("last_report_at"), F("published_at")).desc(nulls_last=True),
        "-pk",
    ),
}


def _members_where(**lookup) -> Exists:
    return Exists(ProposalMember.objects.filter(proposal=OuterRef("pk"), **lookup))


def _terms(query: str) -> list[str]:
    """The words searched for. A query with a NUL character is refused by its field (the
    message shows next to it) and never filters, so it ranks nothing either."""
    return [] if "\x00" in query else search.terms(query)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A reference-table facet chosen by slug, with an "all" option."""

    def __init__(self, model, *, empty_label, **kwargs):
        super().__init__(
            queryset=model.objects.all(),
            to_field_name="slug",
            empty_label=empty_label,
            widget=forms.Select(attrs={"class": "form-select"}),
            **kwargs,
        )


class CoalitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Title, principles, asks, member…"),
                "maxlength": 200,
            }
        ),
    )
    theme = SlugChoiceFilter(
        Theme, label=_("Theme"), empty_label=_("All themes"), method="filter_theme"
    )
    region = SlugChoiceFilter(
        Region, label=_("Region covered"), empty_label=_("All regions"), method="filter_region"
    )
    constituency = SlugChoiceFilter(
        ConstituencyType,
        label=_("Constituency"),
        empty_label=_("All constituencies"),
        method="filter_constituency",
    )
    sector = SlugChoiceFilter(
        Sector, label=_("Sector"), empty_label=_("All sectors"), method="filter_sector"
    )
    activity = django_filters.ChoiceFilter(
        label=_("Activity"),
        choices=Activity.choices,
        empty_label=_("Any activity"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORTS,
        empty_label=None,
        method="keep",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, data=None, *args, **kwargs):
        # The sort menu shows the order actually used: best match when searching, else newest.
        if data is not None and not data.get("sort"):
            data = data.copy()
            data["sort"] = "relevance" if _terms(data.get("q", "")) else "newest"
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search.search(queryset, value)

    def filter_theme(self, queryset: QuerySet, name: str, value: Theme) -> QuerySet:
        return queryset.filter(themes=value)

    def filter_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        return queryset.filter(_members_where(organization__region=value))

    def filter_constituency(self, queryset, name: str, value: ConstituencyType) -> QuerySet:
        return queryset.filter(_members_where(organization__constituencies=value))

    def filter_sector(self, queryset: QuerySet, name: str, value: Sector) -> QuerySet:
        return queryset.filter(_members_where(organization__sector=value))

    def keep(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # ordering is applied last, in filter_queryset()

    @property
    def searching(self) -> bool:
        return bool(self.is_bound and _terms(self.data.get("q", "")))

    def sort_key(self) -> str:
        chosen = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        if chosen == "relevance" and not self.searching:
            chosen = ""
        return chosen or ("relevance" if self.searching else "newest")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        key = self.sort_key()
        if key == "relevance":
            return queryset.order_by("-rank", "-published_at", "-pk")
        return queryset.order_by(*ORDERINGS[key])
