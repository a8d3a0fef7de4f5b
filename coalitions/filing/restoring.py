"""Bringing a proposal back to one of its versions (`filing.versions`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from impact.concurrency import claim

from ..models import Proposal, ProposalVersion, Theme
from ..workflow import record
from .saving import ContactRow, ItemRow, MemberRow, Rows, save_rows
from .versions import keep_unversioned, snapshot


def restore(proposal: Proposal, version: ProposalVersion, *, actor) -> ProposalVersion:
    """Bring the proposal back to `version`: its texts, themes, members, work plan and
    contacts. Check first that `actor` may edit it now (`permissions.edit_state`).

    Side effects: the proposal changed (organizations reused by name and country as they are
    now, created if gone), its edit version taken (forms opened before are stale), a
    `restored` event, and a new version noted "restored:N" (the state before stays the
    previous version).
    """
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


def _rows(data: dict) -> Rows:
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
                keep_details=True,
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
