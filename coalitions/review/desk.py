"""The reviewers' start page: what waits for this reviewer, their network and the organizers.

One function, `desk(user)`, reads everything the page lists in a fixed number of queries
whatever the number of proposals: assigned work the reviewer has not reviewed yet, proposals
with enough reviews to decide, the closest merge suggestions, open support requests, merge
requests waiting for the leads and, for organizers, decisions held for release.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from impact import roles

from ..enums import (
    RETURNABLE,
    FollowUpStatus,
    MergeRequestStatus,
    ProposalStatus,
    SuggestionStatus,
)
from ..models import (
    Assignment,
    MergeRequest,
    MergeSuggestion,
    Proposal,
    Review,
    Reviewer,
)
from ..permissions import hidden_proposals, without_conflicts
from .decision_letters import held_counts

# A proposal with this many reviews is ready for a decision.
REVIEWS_TO_DECIDE = 2
LIST_SIZE = 10
# Submitted or in review: what reviewers read and score (a returned proposal is the filers').
UNDER_REVIEW = RETURNABLE


@dataclass
class Desk:
    assigned: list[Proposal] = field(default_factory=list)
    to_decide: list[Proposal] = field(default_factory=list)
    suggestions: list[MergeSuggestion] = field(default_factory=list)
    support: list[Proposal] = field(default_factory=list)
    merge_requests: int = 0
    held: list[dict] = field(default_factory=list)
    network: str = ""


def _without_conflicts(proposals: QuerySet, user) -> list[Proposal]:
    """The first `LIST_SIZE` proposals the reviewer may see (`permissions.without_conflicts`)."""
    return list(without_conflicts(proposals, user).order_by("submitted_at", "pk")[:LIST_SIZE])


def _assigned(user, profile: Reviewer | None) -> list[Proposal]:
    mine = Q(reviewer=user)
    if profile is not None:
        mine |= Q(network_id=profile.network_id, reviewer__isnull=True)
    assigned = Assignment.objects.filter(mine, proposal=OuterRef("pk"), declined_at=None)
    reviewed = Review.objects.filter(proposal=OuterRef("pk"), reviewer=user)
    proposals = (
        Proposal.objects.filter(status__in=UNDER_REVIEW)
        .filter(Exists(assigned))
        .exclude(Exists(reviewed))
    )
    return _without_conflicts(proposals, user)


def _to_decide(user) -> list[Proposal]:
    proposals = (
        Proposal.objects.filter(status__in=UNDER_REVIEW)
        .annotate(reviews_count=Count("reviews"))
        .filter(reviews_count__gte=REVIEWS_TO_DECIDE)
    )
    return _without_conflicts(proposals, user)


def desk(user) -> Desk:
    """Everything the reviewers' start page shows for `user` (a reviewer or an organizer)."""
    profile = Reviewer.objects.select_related("network").filter(user=user).first()
    open_support = Q(support_follow_up__isnull=True) | ~Q(
        support_follow_up__status=FollowUpStatus.DONE
    )
    # Hidden when either side is: a suggestion shows both titles.
    suggestions = (
        MergeSuggestion.objects.filter(status=SuggestionStatus.OPEN)
        .exclude(proposal_a__in=hidden_proposals(user))
        .exclude(proposal_b__in=hidden_proposals(user))
    )
    page = Desk(
        assigned=_assigned(user, profile),
        to_decide=_to_decide(user),
        suggestions=list(
            suggestions.select_related("proposal_a", "proposal_b").order_by("-score", "pk")[
                :LIST_SIZE
            ]
        ),
        support=_without_conflicts(
            Proposal.objects.exclude(status=ProposalStatus.DRAFT)
            .exclude(Q(support_requested=[]) & Q(support_details=""))
            .filter(open_support),
            user,
        ),
        merge_requests=MergeRequest.objects.filter(status=MergeRequestStatus.PENDING).count(),
        network=str(profile.network) if profile else "",
    )
    if roles.is_organizer(user):
        page.held = held_counts()
    return page
