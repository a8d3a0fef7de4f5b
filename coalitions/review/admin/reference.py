"""Admin for reference data (organizations have theirs in `coalitions.organizations.admin`)."""

from django.contrib import admin

from ...models import ConstituencyType, PortfolioTarget, Region, Sector, Theme


class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    # The criteria read these tables through a cache, which their model signals drop
    # (coalitions.reference_signals): from here, a shell or a migration alike.


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ["name", "slug", "is_global_south", "order"]
    list_filter = ["is_global_south"]


@admin.register(Sector)
class SectorAdmin(ReferenceAdmin):
    list_display = ["name", "slug", "counts_as_civil_society", "order"]
    list_filter = ["counts_as_civil_society"]


@admin.register(ConstituencyType)
class ConstituencyTypeAdmin(ReferenceAdmin):
    pass


@admin.register(Theme)
class ThemeAdmin(ReferenceAdmin):
    pass


@admin.register(PortfolioTarget)
class PortfolioTargetAdmin(admin.ModelAdmin):
    """An edition's targets for its portfolio's balance (`coalitions.review.portfolio`); an
    edition without any uses the defaults drawn from the criteria."""

    list_display = ["edition", "dimension", "key", "min_percent"]
    list_editable = ["min_percent"]
    list_filter = ["edition", "dimension"]
    search_fields = ["key"]
