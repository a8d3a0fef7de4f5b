"""The organization directory's filters, shared by the page and the JSON, as on the hub:
every facet is a GET parameter holding a slug, so a search can be bookmarked and shared."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from coalitions.enums import ProposalStatus
from coalitions.hub.filters import SlugChoiceFilter
from coalitions.models import ConstituencyType, ProposalMember, Region, Sector, Theme
from coalitions.organizations import directory

SORTS = [("name", _("Name (A–Z)")), ("newest", _("Newest"))]
# Organizations listed without their name come last: their place in the alphabet would hint
# at it.
ORDERINGS = {"name": ("listed_without_name", "name", "pk"), "newest": ("-created_at", "-pk")}


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Name or acronym…"),
                "maxlength": 200,
            }
        ),
    )
    region = SlugChoiceFilter(Region, label=_("Primary region"), empty_label=_("All regions"))
    constituency = SlugChoiceFilter(
        ConstituencyType,
        label=_("Constituency"),
        empty_label=_("All constituencies"),
        method="filter_constituency",
    )
    sector = SlugChoiceFilter(Sector, label=_("Sector"), empty_label=_("All sectors"))
    theme = SlugChoiceFilter(
        Theme, label=_("Theme"), empty_label=_("All themes"), method="filter_theme"
    )
    looking = django_filters.BooleanFilter(
        label=_("Looking for coalitions"),
        method="filter_looking",
        widget=forms.Select(
            attrs={"class": "form-select"},
            choices=[("", _("All organizations")), ("true", _("Only those looking"))],
        ),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORTS,
        empty_label=None,
        method="keep",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return directory.search_organizations(queryset, value)

    def filter_constituency(self, queryset, name: str, value: ConstituencyType) -> QuerySet:
        through = queryset.model.constituencies.through
        held = through.objects.filter(organization_id=OuterRef("pk"), constituencytype=value)
        return queryset.filter(Exists(held))

    def filter_theme(self, queryset: QuerySet, name: str, value: Theme) -> QuerySet:
        in_theme = ProposalMember.objects.filter(
            organization=OuterRef("pk"),
            proposal__status=ProposalStatus.PUBLISHED,
            proposal__themes=value,
        )
        return queryset.filter(Exists(in_theme))

    def filter_looking(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.filter(looking=True) if value else queryset

    def keep(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # ordering is applied last, in filter_queryset()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        chosen = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        return queryset.order_by(*ORDERINGS.get(chosen or "name", ORDERINGS["name"]))
