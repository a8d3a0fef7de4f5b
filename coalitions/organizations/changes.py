"""The one way an organization's shared details change: `change_details`, which keeps every
change as a numbered `OrganizationVersion` (who, when, why, before and after).

Direct edits (`records.update_details`, the representatives' edit page), accepted
corrections and the admin all pass through it, so an organization's history is complete.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from coalitions.enums import OrganizationChange
from coalitions.geography import region_for_country
from coalitions.models import (
    ConstituencyType,
    Organization,
    OrganizationCorrection,
    OrganizationVersion,
    Region,
    Sector,
)
from impact.concurrency import StaleEdit

# The details every proposal using an organization shows, in the order a page lists them.
SHARED = (
    "name",
    "acronym",
    "country",
    "sector",
    "region",
    "is_global",
    "constituencies",
    "website",
)


class ChangeError(Exception):
    """A change that cannot be made; the message is fit to show."""


def details(org: Organization) -> dict[str, Any]:
    """The shared details as plain JSON: slugs, the country code, sorted lists."""
    return {
        "name": org.name,
        "acronym": org.acronym,
        "country": str(org.country or ""),
        "sector": org.sector.slug,
        "region": org.region.slug,
        "is_global": bool(org.is_global),
        "constituencies": sorted(c.slug for c in org.constituencies.all()),
        "website": org.website,
    }


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """`values` as `details` writes them (stripped text, upper-case country, sorted slugs);
    keys outside `SHARED` dropped."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in SHARED:
            continue
        if key == "constituencies":
            out[key] = sorted({str(v) for v in value or ()})
        elif key == "is_global":
            out[key] = bool(value)
        elif key == "country":
            out[key] = str(value or "").strip().upper()
        else:
            out[key] = str(value or "").strip()
    return out


def _apply(org: Organization, values: dict[str, Any]) -> None:
    """Set the instance's fields from `values` (not saved). A country without a region given
    brings the region derived from it."""
    for key in ("name", "acronym", "country", "is_global", "website"):
        if key in values:
            setattr(org, key, values[key])
    if values.get("sector"):
        org.sector = Sector.objects.get(slug=values["sector"])
    region = values.get("region") or ""
    if not region and "country" in values:
        region = region_for_country(values["country"]) or ""
    if region:
        org.region = Region.objects.get(slug=region)


def name_taken(name: str, country: str, *, but: int | None) -> bool:
    """Another organization than `but` has this name (any case) and country."""
    return (
        Organization.objects.annotate(lower_name=Lower("name"))
        .filter(lower_name=name.strip().lower(), country=str(country or "").upper())
        .exclude(pk=but)
        .exists()
    )


def change_details(
    org: Organization,
    values: dict[str, Any],
    *,
    actor,
    reason: OrganizationChange,
    correction: OrganizationCorrection | None = None,
) -> OrganizationVersion | None:
    """Change `org`'s shared details to `values` (any subset of `SHARED`, as `clean` writes
    them) and keep the change as the next version.

    Side effects: the organization saved through `Model.save()` (its signals fire) and its
    constituency types set; an `OrganizationVersion` with the whole shared details before and
    after, unless nothing changed (then None is returned). Other fields already set on the
    instance (the admin's form sets them) are saved with it. Raises `ChangeError` when the new
    name and country are another organization's.
    """
    values = clean(values)
    with transaction.atomic():
        before: dict[str, Any] = {}
        if org.pk is not None:
            stored = Organization.objects.select_for_update(of=("self",)).select_related(
                "sector", "region"
            )
            before = details(stored.get(pk=org.pk))
        _apply(org, values)
        if name_taken(org.name, str(org.country or ""), but=org.pk):
            raise ChangeError(_("Another organization already has this name in this country."))
        try:
            with transaction.atomic():
                org.save()
        except IntegrityError as exc:
            raise ChangeError(
                _("Another organization already has this name in this country.")
            ) from exc
        if "constituencies" in values:
            org.constituencies.set(
                ConstituencyType.objects.filter(slug__in=values["constituencies"])
            )
        getattr(org, "_prefetched_objects_cache", {}).pop("constituencies", None)
        after = details(org)
        if after == before:
            return None
        last = org.versions.aggregate(last=Max("number"))["last"] or 0
        return OrganizationVersion.objects.create(
            organization=org,
            number=last + 1,
            changed_by=actor if actor is not None and actor.is_authenticated else None,
            reason=reason,
            correction=correction,
            before=before,
            after=after,
        )


def latest_number(org: Organization) -> int:
    """The number of the organization's last version (0 before any change)."""
    return org.versions.aggregate(last=Max("number"))["last"] or 0


def changed_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The shared details that differ, in `SHARED` order."""
    return [k for k in SHARED if before.get(k) != after.get(k)]


def edit(
    org: Organization, values: dict[str, Any], *, actor, opened: int | None
) -> OrganizationVersion | None:
    """A direct edit from the representatives' page: refused with `StaleEdit` (nothing
    written) when a version was recorded since the editor opened version `opened`; a form
    without a token is saved unchecked. Side effects: those of `change_details`."""
    with transaction.atomic():
        # The organization's row lock orders two simultaneous edits: the second sees the
        # first's version and is refused.
        list(Organization.objects.select_for_update().filter(pk=org.pk).values_list("pk"))
        if opened is not None and opened != latest_number(org):
            raise StaleEdit
        return change_details(org, values, actor=actor, reason=OrganizationChange.EDITED)
