"""The hub's open data: one coalition as a plain record for JSON and CSV.

Only what the public page shows anonymously goes out: no contact, no e-mail address, nothing
about who filed or reviewed the proposal.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from ..models import Proposal
from .coalitions import listing, membership

CSV_COLUMNS = [
    "slug",
    "title",
    "url",
    "edition",
    "published_at",
    "summary",
    "themes",
    "regions",
    "member_count",
    "global_south_share",
    "members",
    "activity",
    "last_report_at",
    "milestones_done",
    "milestones",
]


def coalitions() -> QuerySet[Proposal]:
    """The hub's list with the work plans too (one more query, whatever the page size)."""
    return listing().prefetch_related("work_plan")


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def record(coalition: Proposal, absolute: Callable[[str], str]) -> dict:
    """A coalition loaded with `hub.listing()`; `absolute` turns a path into a full URL."""
    members = membership(coalition.members.all())
    return {
        "slug": coalition.public_slug,
        "title": coalition.title,
        "url": absolute(f"/coalitions/{coalition.public_slug}/"),
        "edition": {"slug": coalition.edition.slug, "name": coalition.edition.name},
        "published_at": _iso(coalition.published_at),
        "summary": coalition.summary,
        "principles": coalition.principles,
        "asks": coalition.asks,
        "themes": [{"slug": t.slug, "name": t.name} for t in coalition.themes.all()],
        "regions": [g.region.slug for g in members.groups],
        "member_count": members.total,
        "global_south_share": round(members.global_south / members.total, 3)
        if members.total
        else None,
        "members": [
            {
                # An organization listed without its name: its region and sector only.
                "name": m.organization.public_name,
                "acronym": m.organization.public_acronym,
                "role": m.role,
                "country": str(m.organization.public_country or ""),
                "region": m.organization.region.slug,
                "sector": m.organization.sector.slug,
                "website": "" if m.organization.listed_without_name else m.organization.website,
                "listed_without_name": m.organization.listed_without_name,
            }
            for group in members.groups
            for m in group.members
        ],
        "activity": coalition.activity,
        "last_report_at": _iso(coalition.last_report_at),
        "milestones": [
            {
                "title": item.title,
                "date": _iso(item.date),
                "status": item.status,
                "updated_at": _iso(item.updated_at),
            }
            for item in coalition.work_plan.all()
        ],
    }


def csv_row(data: dict) -> list:
    return [
        data["slug"],
        data["title"],
        data["url"],
        data["edition"]["slug"],
        data["published_at"] or "",
        data["summary"],
        "; ".join(t["slug"] for t in data["themes"]),
        "; ".join(data["regions"]),
        data["member_count"],
        "" if data["global_south_share"] is None else data["global_south_share"],
        "; ".join(m["name"] for m in data["members"]),
        data["activity"],
        data["last_report_at"] or "",
        sum(m["status"] == "done" for m in data["milestones"]),
        "; ".join(f"{m['date'] or ''} {m['title']} ({m['status']})" for m in data["milestones"]),
    ]
