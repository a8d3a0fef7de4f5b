"""Organizations are shared across proposals: find them as people type, reuse them by name
and country (case-insensitive) instead of entering the same NGO twice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower

from coalitions.enums import OrganizationChange
from coalitions.geography import region_for_country
from coalitions.models import ConstituencyType, Organization, OrganizationVersion, Region, Sector
from coalitions.organizations.changes import change_details
from coalitions.organizations.representatives import add_filer

SEARCH_LIMIT = 10


def search(query: str, *, limit: int = SEARCH_LIMIT) -> list[Organization]:
    """Organizations whose name or acronym contains `query`; names starting with it first."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    matches = (
        Organization.objects.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
        .select_related("sector", "region")
        .prefetch_related("constituencies")
        .order_by(Lower("name"), "country")
    )
    found = list(matches[: limit * 3])
    lowered = query.casefold()
    found.sort(key=lambda o: not o.name.casefold().startswith(lowered))
    return found[:limit]


def as_json(org: Organization) -> dict[str, Any]:
    """What the form needs to fill a member row (prefetch sector, region, constituencies)."""
    return {
        "id": org.pk,
        "name": org.name,
        "acronym": org.acronym,
        "sector": org.sector.slug,
        "country": str(org.country or ""),
        "region": org.region.slug,
        "global": org.is_global,
        "constituencies": [c.slug for c in org.constituencies.all()],
    }


def find(name: str, country: str) -> Organization | None:
    """The organization with this name (any case) in this country ("" = no country)."""
    return (
        Organization.objects.annotate(lower_name=Lower("name"))
        .filter(lower_name=name.strip().lower(), country=(country or "").upper())
        .first()
    )


def derived_region(country: str) -> str:
    """The region slug derived from a country code, or ""."""
    return region_for_country(country) or "" if country else ""


def find_or_create(
    *,
    name: str,
    country: str,
    sector: str,
    region: str,
    acronym: str = "",
    is_global: bool = False,
    constituencies: Iterable[str] = (),
    website: str = "",
    created_by=None,
) -> tuple[Organization, bool]:
    """Reuse the organization with this name and country, or create it from the details.

    An existing organization is reused unchanged: it is shared by other proposals, and only
    those who may (`permissions.may_edit_organization`) change its details (`update_details`);
    anyone else suggests a correction (`corrections.suggest`). Slugs must be known (callers
    validate them).
    Returns `(organization, created)`.
    """
    existing = find(name, country)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            org = Organization.objects.create(
                name=name.strip(),
                acronym=acronym.strip(),
                country=(country or "").upper(),
                sector=Sector.objects.get(slug=sector),
                region=Region.objects.get(slug=region or derived_region(country)),
                is_global=is_global,
                website=website,
                created_by=created_by,
            )
            org.constituencies.set(ConstituencyType.objects.filter(slug__in=list(constituencies)))
            # Whoever enters an organization acts for it in the directory.
            add_filer(org, created_by)
    except IntegrityError:
        # Someone created the same organization a moment ago: use theirs.
        existing = find(name, country)
        if existing is None:
            raise
        return existing, False
    return org, True


def update_details(
    org: Organization,
    *,
    actor,
    sector: str,
    region: str,
    acronym: str,
    is_global: bool,
    constituencies: Iterable[str],
    country: str | None = None,
) -> OrganizationVersion | None:
    """Correct an organization's details from a member line (not its name, which identifies
    it), kept as a version (`changes.change_details`). Only for those who may
    (`permissions.may_edit_organization`); the others suggest a correction."""
    values = {
        "acronym": acronym,
        "is_global": is_global,
        "constituencies": constituencies,
        "region": region or derived_region(country or str(org.country or "")),
    }
    if sector:
        values["sector"] = sector
    if country is not None:
        values["country"] = country
    return change_details(org, values, actor=actor, reason=OrganizationChange.EDITED)
