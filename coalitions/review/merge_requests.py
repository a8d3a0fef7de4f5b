"""Merges the proposers agree to: reviewers propose, the lead of every source answers, and the
merge runs when all have accepted. Also the reviewers' answer to a similarity suggestion."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from impact.notify import notify

from ..enums import ConsentDecision, MergeRequestStatus, SuggestionStatus
from ..models import MergeConsent, MergeRequest, MergeSuggestion, Proposal
from ..permissions import is_editor, may_review
from ..workflow import TransitionNotAllowed, recipients, record
from .merging import check_mergeable, lock_all, merge


def propose_merge(
    proposals: Sequence[Proposal],
    *,
    actor,
    reason: str = "",
    target: Proposal | None = None,
    title: str = "",
    suggestion: MergeSuggestion | None = None,
) -> MergeRequest:
    """Ask the lead of every proposal whether they agree to merge (reviewers).

    `target`, when given, is one of `proposals` and receives the others.
    Side effects: a `MergeRequest` with one pending `MergeConsent` per proposal, a
    `merge_proposed` event on each, and a `merge_proposed` message to each owner and co-editor
    (each person once even when they lead several).
    """
    with transaction.atomic():
        locked = lock_all([p.pk for p in proposals])
        check_mergeable(locked)
        for p in locked:
            if not may_review(actor, p):
                raise TransitionNotAllowed(
                    _("You may not review “%(title)s”.") % {"title": p.title}
                )
        if target is not None and target.pk not in {p.pk for p in locked}:
            raise TransitionNotAllowed(_("The target must be one of the proposals merged."))
        request = MergeRequest.objects.create(
            target=target,
            title=title[:200],
            reason=reason,
            created_by=actor,
            suggestion=suggestion,
        )
        for p in locked:
            MergeConsent.objects.create(request=request, proposal=p)
            record(
                p,
                actor=actor,
                action="merge_proposed",
                from_status=p.status,
                to_status=p.status,
                reason=reason,
                data={"request": request.pk},
            )
        people = {}
        for p in locked:
            for person in recipients(p):
                people.setdefault(person.pk, person)
        for person in people.values():
            notify(
                kind="merge_proposed",
                user=person,
                context={"request": request, "proposals": locked, "reason": reason},
                url=reverse("coalitions:merge-requests"),
                dedup_key=f"merge_proposed:{request.pk}:{person.pk}",
            )
    return request


def answer(consent: MergeConsent, *, actor, accept: bool, comment: str = "") -> MergeRequest:
    """A lead (owner or co-editor of the source) accepts or declines a proposed merge.

    Side effects: the consent answered, an event on the proposal; a decline closes the request
    as declined; the last acceptance runs `merging.merge` (see there) in the same transaction.
    """
    with transaction.atomic():
        request = MergeRequest.objects.select_for_update().get(pk=consent.request_id)
        consent = MergeConsent.objects.select_related("proposal").get(pk=consent.pk)
        if not is_editor(actor, consent.proposal):
            raise TransitionNotAllowed(_("Only the proposal's filers may answer."))
        if request.status != MergeRequestStatus.PENDING:
            raise TransitionNotAllowed(_("This merge request is closed."))
        if not accept and not comment.strip():
            raise TransitionNotAllowed(_("Please say why you decline."))
        consent.decision = ConsentDecision.ACCEPTED if accept else ConsentDecision.DECLINED
        consent.comment = comment
        consent.decided_by = actor
        consent.decided_at = timezone.now()
        consent.save()
        p = consent.proposal
        record(
            p,
            actor=actor,
            action="merge_accepted" if accept else "merge_declined",
            from_status=p.status,
            to_status=p.status,
            reason=comment,
            data={"request": request.pk},
        )
        if not accept:
            request.status = MergeRequestStatus.DECLINED
            request.closed_at = timezone.now()
            request.save(update_fields=["status", "closed_at"])
        elif not request.consents.exclude(decision=ConsentDecision.ACCEPTED).exists():
            sources = [c.proposal for c in request.consents.select_related("proposal")]
            target = request.target
            merge(
                [s for s in sources if target is None or s.pk != target.pk],
                actor=actor,
                reason=request.reason,
                target=target,
                title=request.title,
                request=request,
            )
            request.refresh_from_db()
    return request


def accept_suggestion(suggestion: MergeSuggestion, *, actor, reason: str = "") -> MergeRequest:
    """A reviewer turns a suggestion into a merge request to both leads."""
    with transaction.atomic():
        s = MergeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if s.status != SuggestionStatus.OPEN:
            raise TransitionNotAllowed(_("This suggestion was already answered."))
        request = propose_merge(
            [s.proposal_a, s.proposal_b],
            actor=actor,
            reason=reason
            or _("Similar proposals: %(words)s") % {"words": ", ".join(s.shared_words)},
            suggestion=s,
        )
        _close(s, SuggestionStatus.ACCEPTED, actor)
    return request


def dismiss_suggestion(suggestion: MergeSuggestion, *, actor) -> None:
    """A reviewer says the pair should not merge; refreshes keep it dismissed."""
    with transaction.atomic():
        s = MergeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        for p in (s.proposal_a, s.proposal_b):
            if not may_review(actor, p):
                raise TransitionNotAllowed(_("You may not review this pair."))
        _close(s, SuggestionStatus.DISMISSED, actor)


def _close(s: MergeSuggestion, status: str, actor) -> None:
    s.status = status
    s.decided_by = actor
    s.decided_at = timezone.now()
    s.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
