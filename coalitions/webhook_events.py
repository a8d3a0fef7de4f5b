"""The coalition events sent to webhook endpoints (`impact.webhooks`): what each one carries.

Called inside the transaction of the change, so a rolled-back change sends nothing. The
payloads hold public facts only (what the hub shows), never an e-mail address.
"""

from __future__ import annotations

from impact import sites, webhooks
from impact.webhook_models import WebhookEvent

from .models import MilestoneUpdate, Proposal


def coalition_data(proposal: Proposal) -> dict:
    return {
        "slug": proposal.public_slug,
        "title": proposal.title,
        "url": sites.absolute(f"/coalitions/{proposal.public_slug}/"),
        "edition": proposal.edition.slug,
        "published_at": proposal.published_at,
        "summary": proposal.summary,
    }


def coalition_published(proposal: Proposal) -> None:
    webhooks.emit(WebhookEvent.COALITION_PUBLISHED, {"coalition": coalition_data(proposal)})


def coalition_updated(proposal: Proposal, *, what: str) -> None:
    """`what` names the change: `update` (news posted), `work_plan`."""
    webhooks.emit(
        WebhookEvent.COALITION_UPDATED, {"coalition": coalition_data(proposal), "change": what}
    )


def milestone_reported(proposal: Proposal, update: MilestoneUpdate) -> None:
    milestone = update.milestone
    webhooks.emit(
        WebhookEvent.MILESTONE_REPORTED,
        {
            "coalition": coalition_data(proposal),
            "milestone": {"title": milestone.title, "date": milestone.date},
            "previous_status": update.previous_status,
            "status": update.status,
            "note": update.note,
            "evidence_url": update.evidence_url,
            "happened_on": update.happened_on,
        },
    )
