"""Versions: every save of a proposal keeps a frozen copy of it (the interchange JSON with
its members, work plan and contacts), which its filers can view and restore."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from impact.concurrency import claim

from .interchange import export_proposal
from .models import Proposal, ProposalVersion, Theme
from .reports import member_prefetch, refresh_criteria


def _fresh(pk: int) -> Proposal:
    """The proposal as stored now (a caller's instance may hold rows prefetched before its
    save), with everything the export reads, in a fixed number of queries."""
    return (
        Proposal.objects.select_related("edition")
        .prefetch_related(member_prefetch(), "work_plan", "contacts", "themes")
        .get(pk=pk)
    )


def snapshot(proposal: Proposal, *, actor, note: str = "") -> ProposalVersion:
    """Store the proposal as it is now, with its criteria report, as the next version.

    Side effects: `Proposal.version` incremented, criteria fields refreshed (also on
    `proposal`).
    """
    with transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(version=F("version") + 1)
        current = _fresh(proposal.pk)
        report = refresh_criteria(current)
        proposal.version = current.version
        proposal.criteria_report = current.criteria_report
        proposal.eligible = current.eligible
        proposal.failing_criteria = current.failing_criteria
        return ProposalVersion.objects.create(
            proposal=proposal,
            number=current.version,
            data=export_proposal(current),
            criteria_report=report.to_dict(),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            note=note,
        )


def keep_unversioned(proposal: Proposal, *, actor) -> None:
    """Before changing a proposal saved before every save kept a version: keep it as it is."""
    if proposal.pk is not None and proposal.version == 0:
        snapshot(proposal, actor=actor, note="saved")


def note_label(note: str) -> str:
    """A version's note as a person reads it."""
    kind, _sep, number = note.partition(":")
    labels = {
        "saved": _("draft saved"),
        "edited": _("edited after submission"),
        "submitted": _("submitted"),
        "merged": _("merged"),
        "imported": _("imported"),
        "work_plan": _("work plan changed by a lead"),
    }
    if kind == "restored":
        return _("restored from version %(number)s") % {"number": number}
    return str(labels.get(kind, note))


def restore(proposal: Proposal, version: ProposalVersion, *, actor) -> ProposalVersion:
    """Bring the proposal back to `version`: its texts, themes, members, work plan and
    contacts. Check first that `actor` may edit it now (`permissions.edit_state`).

    Side effects: the proposal changed (organizations reused by name and country, created if
    gone), its edit version taken (forms opened before are stale), a `restored` event, and
    a new version noted "restored:N" (the state before stays the previous version).
    """
    from .filing import save_rows
    from .workflow import record

    data = version.data
    engagement = data.get("engagement") or {}
    with transaction.atomic():
        keep_unversioned(proposal, actor=actor)
        claim(proposal, None, actor=actor)
        Proposal.objects.filter(pk=proposal.pk).update(
            title=data.get("title", ""),
            summary=data.get("summary", ""),
            origin=data.get("origin") or proposal.origin,
            principles=data.get("principles", ""),
            asks=data.get("asks", ""),
            youth_focus=bool(data.get("youth_focus")),
            engagement_targets=list(engagement.get("targets") or []),
            engagement_plan=engagement.get("plan", ""),
            support_needed=engagement.get("support_needed", ""),
            support_requested=list(data.get("support_requested") or []),
            support_details=data.get("support_details", ""),
        )
        proposal.themes.set(Theme.objects.filter(slug__in=data.get("themes") or []))
        save_rows(proposal, _rows(data), actor=actor)
        record(
            proposal,
            actor=actor,
            action="restored",
            from_status=proposal.status,
            to_status=proposal.status,
            data={"version": version.number},
        )
        restored = snapshot(proposal, actor=actor, note=f"restored:{version.number}")
    proposal.refresh_from_db()
    return restored


def _rows(data: dict):
    from .filing import ContactRow, ItemRow, MemberRow, Rows

    return Rows(
        members=[
            MemberRow(
                name=m["name"],
                sector=m.get("sector", ""),
                country=m.get("country", ""),
                region=m.get("region", ""),
                acronym=m.get("acronym", ""),
                is_global=bool(m.get("global")),
                constituencies=m.get("constituencies") or [],
                role=m.get("role", "member"),
                website=m.get("website", ""),
            )
            for m in data.get("members") or []
        ],
        work_plan=[
            ItemRow(
                title=i["title"],
                date=dt.date.fromisoformat(i["date"]) if i.get("date") else None,
                description=i.get("description", ""),
            )
            for i in data.get("work_plan") or []
        ],
        contacts=[
            ContactRow(c["name"], c["email"], c.get("organization", ""))
            for c in data.get("contacts") or []
        ],
    )
