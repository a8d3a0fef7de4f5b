"""The states of a merge: the result created in review, the sources marked merged
(`review.merging` unites their contents inside the same transaction)."""

from __future__ import annotations

from django.utils import timezone

from ..enums import (
    OPEN_TO_REVIEW,
    ProposalStatus,
)
from ..models import Proposal
from .core import (
    record,
    transition_locked,
)


def _merge_authorized(user, proposal: Proposal) -> bool:
    # `review.merging.merge` has checked the authority for the whole merge before locking:
    # an organizer with a reason, or a merge request every lead accepted.
    return True


def open_merged_result(*, edition_id: int, title: str, summary: str, owner_id: int) -> Proposal:
    """The new proposal a merge creates: in review at once, since its sources were submitted.

    Side effects: the proposal row (`submitted_at` now); `merge_into` logs its creation.
    """
    return Proposal.objects.create(
        edition_id=edition_id,
        title=title[:200],
        summary=summary,
        owner_id=owner_id,
        status=ProposalStatus.IN_REVIEW,
        submitted_at=timezone.now(),
    )


def merge_into(
    result: Proposal,
    sources: list[Proposal],
    *,
    actor,
    reason: str = "",
    created: bool = False,
    request_id: int | None = None,
) -> None:
    """Mark every source `merged` into `result`. The rows are those `review.merging` locked in
    id order inside its transaction, so they are not locked a second time here.

    Side effects: each source → merged with `merged_into` set and a `merge` event; a
    `merged_from` event on the result (from no state when the merge `created` it).
    """
    for source in sources:
        transition_locked(
            source,
            actor=actor,
            action="merge",
            sources=OPEN_TO_REVIEW,
            target=ProposalStatus.MERGED,
            may=_merge_authorized,
            reason=reason,
            fields={"merged_into": result},
            data={"into": result.pk, "request": request_id},
        )
    record(
        result,
        actor=actor,
        action="merged_from",
        from_status="" if created else result.status,
        to_status=result.status,
        reason=reason,
        data={"sources": [p.pk for p in sources]},
    )
