"""The organizers' start page: what waits for the conference secretariat each morning.

One function, `organizer_desk(user, edition_slug)`, reads everything the page shows in a fixed
number of queries whatever the number of proposals, reviews or sessions: decisions held for
release, proposals with enough reviews to decide, merge requests and similar pairs waiting, the
review's progress per network, the targets the portfolio misses, the reviewers who score far
from the others, and the session reports of every edition.

It lives in `summaries` because it reads both apps (`summaries` may import `coalitions`, never
the reverse); the review figures come from `coalitions.review`'s own functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from coalitions.enums import (
    AWAITING_DECISION,
    MergeRequestStatus,
    ProposalStatus,
    SuggestionStatus,
)
from coalitions.models import (
    Assignment,
    MergeRequest,
    MergeSuggestion,
    Network,
    Proposal,
    Review,
)
from coalitions.permissions import hidden_proposals, without_conflicts
from coalitions.review import calibration_store, portfolio
from coalitions.review.decision_letters import held_counts
from coalitions.review.desk import REVIEWS_TO_DECIDE
from impact.models import ConferenceEdition, User

from .enums import ReportStatus

LIST_SIZE = 10
# A report that is in (submitted or accepted) is not late.
REPORT_IN = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass
class NetworkProgress:
    network: Network
    assigned: int  # proposals awaiting a decision with a live assignment to the network
    reviewed: int  # of those, reviewed by someone of the network
    uncovered: int  # proposals awaiting a decision the network has no assignment for


@dataclass
class OrganizerDesk:
    editions: list[ConferenceEdition]  # with their session and report counts
    edition: ConferenceEdition | None
    held: list[dict] = field(default_factory=list)
    to_decide: list[Proposal] = field(default_factory=list)
    to_decide_count: int = 0
    merge_requests: int = 0
    similar_pairs: int = 0
    awaiting: int = 0  # proposals awaiting a decision in the edition
    unassigned: int = 0  # of those, with no live assignment at all
    networks: list[NetworkProgress] = field(default_factory=list)
    misses: list[tuple[str, portfolio.Meter]] = field(default_factory=list)
    in_portfolio: int = 0  # coalitions shortlisted or published in the edition
    far: list[tuple[User, float]] = field(default_factory=list)


def _editions() -> list[ConferenceEdition]:
    """Every edition with its sessions' report counts and whether proposals were filed in it
    (one query)."""
    today = timezone.localdate()
    late = Q(sessions__date__lt=today) & ~Q(sessions__report__status__in=REPORT_IN)
    filed = Proposal.objects.filter(edition=OuterRef("pk")).exclude(status=ProposalStatus.DRAFT)
    return list(
        ConferenceEdition.objects.annotate(
            session_count=Count("sessions", distinct=True),
            accepted=Count("sessions", filter=Q(sessions__report__status=ReportStatus.ACCEPTED)),
            submitted=Count("sessions", filter=Q(sessions__report__status=ReportStatus.SUBMITTED)),
            late=Count("sessions", filter=late),
            filed=Exists(filed),
        ).order_by("-starts_on")
    )


def choose_edition(editions: list[ConferenceEdition], slug: str) -> ConferenceEdition | None:
    """The edition asked for by its slug; else the current one when proposals were filed in
    it; else the latest with filed proposals (a new call for EOIs does not hide the review
    still under way in the last one); else the current one."""
    by_slug = {e.slug: e for e in editions}
    if slug in by_slug:
        return by_slug[slug]
    current = next((e for e in editions if e.is_current), editions[0] if editions else None)
    if current is not None and getattr(current, "filed", False):
        return current
    return next((e for e in editions if getattr(e, "filed", False)), current)


def _progress(desk: OrganizerDesk, edition: ConferenceEdition) -> None:
    """Assigned and reviewed per network, and what no assignment covers (three queries)."""
    awaiting = Proposal.objects.filter(edition=edition, status__in=AWAITING_DECISION)
    live = Assignment.objects.filter(declined_at=None)
    row = awaiting.aggregate(
        total=Count("pk"),
        unassigned=Count("pk", filter=~Q(Exists(live.filter(proposal=OuterRef("pk"))))),
    )
    desk.awaiting, desk.unassigned = row["total"], row["unassigned"]
    by_network = {
        r["network_id"]: r
        for r in live.filter(proposal__in=awaiting.values("pk"))
        .annotate(
            done=Exists(
                Review.objects.filter(
                    proposal=OuterRef("proposal_id"), network=OuterRef("network_id")
                )
            )
        )
        .values("network_id")
        .annotate(
            assigned=Count("proposal", distinct=True),
            reviewed=Count("proposal", distinct=True, filter=Q(done=True)),
        )
    }
    for network in Network.objects.all():
        found = by_network.get(network.pk, {"assigned": 0, "reviewed": 0})
        desk.networks.append(
            NetworkProgress(
                network=network,
                assigned=found["assigned"],
                reviewed=found["reviewed"],
                uncovered=desk.awaiting - found["assigned"],
            )
        )


def _waiting(desk: OrganizerDesk, edition: ConferenceEdition, user) -> None:
    """Held decisions, proposals to decide (listed and counted), merge requests and similar
    pairs (five queries)."""
    desk.held = held_counts()
    ready = without_conflicts(
        Proposal.objects.filter(edition=edition, status__in=AWAITING_DECISION)
        .annotate(reviews_count=Count("reviews"))
        .filter(reviews_count__gte=REVIEWS_TO_DECIDE),
        user,
    )
    desk.to_decide = list(ready.order_by("submitted_at", "pk")[:LIST_SIZE])
    desk.to_decide_count = ready.count()
    desk.merge_requests = (
        MergeRequest.objects.filter(
            status=MergeRequestStatus.PENDING, consents__proposal__edition=edition
        )
        .distinct()
        .count()
    )
    hidden = hidden_proposals(user)
    desk.similar_pairs = (
        MergeSuggestion.objects.filter(status=SuggestionStatus.OPEN, proposal_a__edition=edition)
        .exclude(proposal_a__in=hidden)
        .exclude(proposal_b__in=hidden)
        .count()
    )


def _far(edition: ConferenceEdition) -> list[tuple[User, float]]:
    """The reviewers whose scores sit far from the others' (as the last fit of the edition
    left them, `calibration_store`; their names and networks: one query when there are any)."""
    far = calibration_store.far(edition.pk)
    people = User.objects.select_related("reviewer_profile__network").in_bulk([r for r, _o in far])
    return [(people[r], offset) for r, offset in far if r in people]


def organizer_desk(user, edition_slug: str = "") -> OrganizerDesk:
    """Everything the organizers' start page shows for `user` (an organizer), for the edition
    `edition_slug` (by default `choose_edition`'s)."""
    editions = _editions()
    edition = choose_edition(editions, edition_slug)
    desk = OrganizerDesk(editions=editions, edition=edition)
    if edition is None:
        return desk
    _waiting(desk, edition, user)
    _progress(desk, edition)
    balance = portfolio.panel(edition)
    desk.misses, desk.in_portfolio = balance.misses, balance.before.proposals
    desk.far = _far(edition)
    return desk
