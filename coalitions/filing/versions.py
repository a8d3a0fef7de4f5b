"""Versions: each submission (and each edit after it) keeps a frozen copy of the proposal."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from ..criteria_bridge import refresh_criteria
from ..models import Proposal, ProposalVersion
from .interchange import export_proposal


def snapshot(proposal: Proposal, *, actor, note: str = "") -> ProposalVersion:
    """Store the proposal as it is now, with its criteria report, as the next version.

    Side effects: `Proposal.version` incremented, criteria fields refreshed.
    """
    with transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(version=F("version") + 1)
        proposal.version = Proposal.objects.values_list("version", flat=True).get(pk=proposal.pk)
        report = refresh_criteria(proposal)
        return ProposalVersion.objects.create(
            proposal=proposal,
            number=proposal.version,
            data=export_proposal(proposal),
            criteria_report=report.to_dict(),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            note=note,
        )
