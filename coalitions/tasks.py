"""Celery tasks of the coalitions app, the on-commit scheduling of the similarity refresh and
the criteria recompute (`coalitions.derived` sends it by name). Thin: load by id,
call the domain module. (The reminder jobs and the matched assignment's jobs are tasks of
`review.reminders`, `hub.progress_reminders` and `review.assigning`, registered from
`CoalitionsConfig.ready`.)"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from impact.outbox import broker_presumed_down

from . import derived, retention
from .models import Proposal
from .review.similarity import refresh

log = logging.getLogger(__name__)


@shared_task(name="coalitions.refresh_similarity", acks_late=True)
def refresh_similarity(*, proposal_id: int) -> int:
    """Re-index one proposal and recompute its merge suggestions. Returns how many are open."""
    proposal = Proposal.objects.filter(pk=proposal_id).select_related("edition").first()
    if proposal is None:
        log.info("proposal %s is gone; nothing to refresh", proposal_id)
        return 0
    return len(refresh(proposal))


def schedule_refresh(proposal: Proposal) -> None:
    """Recompute the proposal's suggestions in the background once the change commits.

    Call it after any change to a proposal's text, themes, members or status.
    """
    pk = proposal.pk
    transaction.on_commit(lambda: _enqueue(pk))


def _enqueue(pk: int) -> None:
    # The outbox's circuit breaker: when a publish just failed, do not make the user's request
    # wait for another broker timeout. The suggestions then catch up at the next change.
    if broker_presumed_down():
        log.info("broker presumed down; similarity refresh of %s skipped", pk)
        return
    try:
        refresh_similarity.apply_async(kwargs={"proposal_id": pk}, retry=False)
    except Exception as exc:  # noqa: BLE001 - a broker outage must not break the change
        log.warning("could not enqueue similarity refresh for %s: %s", pk, exc)


@shared_task(name="coalitions.recompute_criteria", acks_late=True)
def recompute_criteria(
    *,
    proposal_ids: list[int] | None = None,
    organization_ids: list[int] | None = None,
    edition_ids: list[int] | None = None,
    every_edition: bool = False,
) -> int:
    """Recompute the stored criteria that follow these sources (`coalitions.derived`): these
    proposals, those the organizations are members of, the editions' (or every edition's).
    Returns how many changed."""
    proposals = derived.affected(
        proposal_ids=proposal_ids or (),
        organization_ids=organization_ids or (),
        edition_ids=edition_ids or (),
        every_edition=every_edition,
    )
    _evaluated, changed = derived.recompute(proposals)
    return changed


@shared_task(name="coalitions.erase_declined_contacts")
def erase_declined_contacts() -> int:
    """The nightly retention job (`coalitions.retention`)."""
    return retention.erase_declined_contacts()
