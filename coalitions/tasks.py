"""Celery tasks of the coalitions app. Thin: load by id, call the domain module."""

from __future__ import annotations

import logging

from celery import shared_task

from . import progress_reminders, reminders  # noqa: F401  (registers the reminder tasks)

log = logging.getLogger(__name__)


@shared_task(name="coalitions.refresh_similarity", acks_late=True)
def refresh_similarity(*, proposal_id: int) -> int:
    """Re-index one proposal and recompute its merge suggestions. Returns how many are open."""
    from .models import Proposal
    from .similarity import refresh

    proposal = Proposal.objects.filter(pk=proposal_id).select_related("edition").first()
    if proposal is None:
        log.info("proposal %s is gone; nothing to refresh", proposal_id)
        return 0
    return len(refresh(proposal))
