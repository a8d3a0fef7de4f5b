"""Deleting a proposal in the admin hides it and keeps it, with its events and versions:
a soft delete, undone by `undelete`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Proposal
from .workflow import record


def soft_delete(proposal: Proposal, *, actor) -> None:
    """Hide the proposal from every page and list. Side effects: `deleted_at` set (the hub's
    cache and index follow through the model signals), a `deleted` event."""
    if proposal.deleted_at is not None:
        return
    with transaction.atomic():
        proposal.deleted_at = timezone.now()
        proposal.save(update_fields=["deleted_at"])
        record(
            proposal,
            actor=actor,
            action="deleted",
            from_status=proposal.status,
            to_status=proposal.status,
        )


def undelete(proposal: Proposal, *, actor) -> None:
    """Bring a deleted proposal back as it was. Side effects: `deleted_at` cleared, an
    `undeleted` event."""
    if proposal.deleted_at is None:
        return
    with transaction.atomic():
        proposal.deleted_at = None
        proposal.save(update_fields=["deleted_at"])
        record(
            proposal,
            actor=actor,
            action="undeleted",
            from_status=proposal.status,
            to_status=proposal.status,
        )
