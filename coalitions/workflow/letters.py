"""What a decision letter (shortlisted, declined, duplicate_marked) says about the reasons.

When organizers closed the proposal's discussion (`DiscussionClosure`), its reasons are the
reviewers' reasons: every letter of the decision quotes them verbatim, introduced in the
recipient's language ("The reviewers' reasons:"). The message the decider typed in the admin
(`reason`) is kept too, as its own paragraph, unless it only repeats the closure's text.
"""

from __future__ import annotations

from impact.models import Notification
from impact.rendering import message_of

from ..models import DiscussionClosure, Proposal

# The kinds of letter that quote a closed discussion's reasons.
DECISION_KINDS = ("shortlisted", "declined", "duplicate_marked")


def closing_reasons(proposal: Proposal) -> str:
    """The reasons the proposal's discussion was closed with; "" when it is still open."""
    found = (
        DiscussionClosure.objects.filter(proposal_id=proposal.pk)
        .values_list("reasons", flat=True)
        .first()
    )
    return found or ""


def letter_context(reason: str, quoted: str) -> dict:
    """The letter's context: the decider's `reason` (dropped when it only repeats the quote)
    and the closure's reasons `quoted` ("" when the discussion is open)."""
    reason = reason.strip()
    if quoted and reason == quoted.strip():
        reason = ""
    return {"reason": reason, "reviewers_reasons": quoted}


def quote_in_held_letters(proposal: Proposal, reasons: str) -> int:
    """A discussion closed after the decision, while its letters are still held: they quote
    the reasons too, so what is released is what the preview shows. Returns rows updated.

    Side effects: each such row's context gets the reasons, and its kept subject and text
    (what the outbox's admin lists) are rendered again in the language it was queued in.
    """
    rows = Notification.objects.select_related("recipient").filter(
        state=Notification.State.HELD,
        kind__in=DECISION_KINDS,
        context__proposal__pk=proposal.pk,
    )
    updated = 0
    for row in rows:
        if row.context is None:
            continue
        row.context.update(letter_context(row.context.get("reason") or "", reasons))
        row.subject, row.body_text, row.body_html = message_of(row, row.language or "en")
        row.save(update_fields=["context", "subject", "body_text", "body_html", "updated_at"])
        updated += 1
    return updated
