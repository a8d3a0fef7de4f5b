"""An organization's details as a person reads them: what a suggested correction would
change, and what each version changed (the corrections page, the history page, the admin)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django_countries import countries

from coalitions.models import (
    ConstituencyType,
    Organization,
    OrganizationCorrection,
    OrganizationVersion,
    Region,
    Sector,
)
from coalitions.organizations.changes import SHARED
from coalitions.organizations.corrections import is_stale

# The most of each kind a history page lists (the newest first).
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class Names:
    """Labels of slugs, read once per page (three queries, whatever the number of rows)."""

    sectors: dict[str, str]
    regions: dict[str, str]
    constituencies: dict[str, str]

    @classmethod
    def load(cls) -> Names:
        return cls(
            sectors={s.slug: str(s) for s in Sector.objects.all()},
            regions={r.slug: str(r) for r in Region.objects.all()},
            constituencies={c.slug: str(c) for c in ConstituencyType.objects.all()},
        )

    def shown(self, key: str, value: Any) -> str:
        if key == "sector":
            return self.sectors.get(value, value)
        if key == "region":
            return self.regions.get(value, value)
        if key == "constituencies":
            return ", ".join(self.constituencies.get(v, v) for v in value or ()) or "—"
        if key == "country":
            return str(countries.name(value)) if value else "—"
        if key == "is_global":
            return _("yes") if value else _("no")
        return str(value or "—")


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    before: str
    after: str


def lines(before: dict, after: dict, names: Names) -> list[Line]:
    """One line per shared detail that `after` sets to something other than `before`."""
    meta = Organization._meta
    return [
        Line(
            key=key,
            label=str(meta.get_field(key).verbose_name).capitalize(),
            before=names.shown(key, before.get(key)) if key in before else "—",
            after=names.shown(key, after[key]),
        )
        for key in SHARED
        if key in after and before.get(key) != after[key]
    ]


@dataclass(frozen=True)
class Shown:
    """A correction or a version with its lines."""

    item: OrganizationCorrection | OrganizationVersion
    lines: list[Line]
    # A pending correction whose organization changed since in one of its fields.
    stale: bool = False


def corrections_shown(
    items: Iterable[OrganizationCorrection], names: Names | None = None
) -> list[Shown]:
    items = list(items)
    if not items:
        return []
    names = names or Names.load()
    return [
        Shown(c, lines(c.before, c.values, names), stale=c.state == "pending" and is_stale(c))
        for c in items
    ]


def versions_shown(items: Iterable[OrganizationVersion], names: Names | None = None) -> list[Shown]:
    names = names or Names.load()
    return [Shown(v, lines(v.before, v.after, names)) for v in items]


def of_organization(org: Organization) -> dict[str, list[Shown]]:
    """The newest versions and suggested corrections of one organization."""
    names = Names.load()
    # Every correction's organization is `org`: its constituency types read once.
    prefetch_related_objects([org], "constituencies")
    versions = org.versions.select_related("changed_by", "correction__proposed_by")
    suggested = org.corrections.select_related("proposed_by", "decided_by", "proposal")
    return {
        "versions": versions_shown(versions[:HISTORY_LIMIT], names),
        "corrections": corrections_shown(suggested[:HISTORY_LIMIT], names),
    }
