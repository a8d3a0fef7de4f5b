"""Reviews, assignments and the per-network summary of a proposal's reviews."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from impact import roles
from impact.notify import notify

from ..enums import OPEN_TO_REVIEW, ProposalStatus, Recommendation
from ..models import Assignment, Network, Proposal, Review, Reviewer
from ..permissions import has_conflict
from ..workflow import TransitionNotAllowed, start_review

SCORES = ("relevance", "diversity", "feasibility")


def save_review(proposal: Proposal, *, reviewer, **values) -> Review:
    """Create or update `reviewer`'s review of `proposal` (one per reviewer per proposal).

    Refused for non-reviewers, for a conflict of interest (the reviewer's organization is a
    member) and for proposals not under review. Side effects: a submitted proposal moves to
    in review (`workflow.start_review`).
    """
    if not roles.is_reviewer(reviewer):
        raise TransitionNotAllowed(_("Only reviewers may review."))
    if has_conflict(reviewer, proposal):
        raise TransitionNotAllowed(
            _("Your organization is a member of this proposal: someone else must review it.")
        )
    for name in SCORES:
        if not 1 <= int(values.get(name) or 0) <= 5:
            raise TransitionNotAllowed(_("Scores go from 1 to 5."))
    network_id = Reviewer.objects.filter(user=reviewer).values_list("network_id", flat=True).first()
    with transaction.atomic():
        status = (
            Proposal.objects.select_for_update()
            .values_list("status", flat=True)
            .get(pk=proposal.pk)
        )
        if status not in OPEN_TO_REVIEW:
            raise TransitionNotAllowed(_("This proposal is not under review."))
        if status == ProposalStatus.SUBMITTED:
            proposal.status = start_review(proposal, actor=reviewer).status
        review, _created = Review.objects.update_or_create(
            proposal=proposal,
            reviewer=reviewer,
            defaults={**values, "network_id": network_id},
        )
    return review


def assign(
    proposals: Iterable[Proposal],
    *,
    actor,
    networks: Sequence[Network] = (),
    reviewers: Sequence = (),
) -> int:
    """Give proposals to networks and/or reviewers (organizers). Returns new assignments.

    Reviewers with a conflict of interest are skipped. Side effects: `Assignment` rows and a
    `review_assigned` message to each reviewer for their new proposals (one per proposal).
    """
    if not roles.is_organizer(actor):
        raise TransitionNotAllowed(_("Only organizers assign proposals."))
    profiles = {
        r.user_id: r for r in Reviewer.objects.filter(user__in=reviewers).select_related("user")
    }
    made = 0
    with transaction.atomic():
        for proposal in proposals:
            for network in networks:
                made += _assign_one(proposal, network=network, reviewer=None, actor=actor)
            for user in reviewers:
                profile = profiles.get(user.pk)
                if profile is None or has_conflict(user, proposal):
                    continue
                made += _assign_one(proposal, network=profile.network, reviewer=user, actor=actor)
    return made


def _assign_one(proposal, *, network, reviewer, actor) -> int:
    try:
        with transaction.atomic():
            Assignment.objects.create(
                proposal=proposal, network=network, reviewer=reviewer, assigned_by=actor
            )
    except IntegrityError:
        return 0  # already assigned
    if reviewer is not None:
        notify(
            kind="review_assigned",
            user=reviewer,
            context={"proposal": proposal, "network": network},
            url=reverse("admin:coalitions_proposal_change", args=[proposal.pk]),
            dedup_key=f"review_assigned:{proposal.pk}:{reviewer.pk}",
        )
    return 1


@dataclass
class NetworkSummary:
    network: str
    is_expert: bool
    reviews: int = 0
    mean: float | None = None
    recommendations: dict[str, int] = field(default_factory=dict)

    def labelled(self) -> list[tuple[str, int]]:
        return [(RECOMMENDATION_LABELS.get(k, k), n) for k, n in self.recommendations.items()]

    @property
    def leaning(self) -> str | None:
        """The network's most frequent recommendation (None on a tie or without reviews)."""
        if not self.recommendations:
            return None
        ranked = sorted(self.recommendations.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]


def network_summary(reviews: Iterable[Review], networks: Sequence[Network]) -> list[NetworkSummary]:
    """Reviews of one proposal summed up per network (reviews must carry `network`)."""
    out = {n.pk: NetworkSummary(n.name, n.kind == "expert") for n in networks}
    scores = defaultdict(list)
    for r in reviews:
        s = out.get(r.network_id)
        if s is None:
            continue
        s.reviews += 1
        s.recommendations[r.recommendation] = s.recommendations.get(r.recommendation, 0) + 1
        scores[r.network_id].append(r.score)
    for pk, values in scores.items():
        out[pk].mean = round(sum(values) / len(values), 2)
    return list(out.values())


def networks_disagree(summaries: Sequence[NetworkSummary]) -> bool:
    """True when networks that reviewed lean to different recommendations, or when one is
    split (a tie): either way, the networks need to talk."""
    reviewed = [s for s in summaries if s.reviews]
    leanings = {s.leaning for s in reviewed}
    return len(reviewed) > 1 and (len(leanings) > 1 or None in leanings)


RECOMMENDATION_LABELS = dict(Recommendation.choices)
