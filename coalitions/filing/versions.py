"""Versions: every save of a proposal keeps a frozen copy of it (the interchange JSON with
its members, work plan and contacts), which its filers can view and restore
(`filing.restoring`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..criteria_bridge import member_prefetch, refresh_criteria
from ..models import Proposal, ProposalVersion
from .interchange import export_proposal


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
