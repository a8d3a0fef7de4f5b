"""What the filer's dashboard shows, in as few and as narrow queries as it can.

The list of the user's proposals is read once and serves the other panels: the merge requests
waiting for an answer are those of these proposals, and the join requests those of the
published ones among them, so neither panel runs a query for a user who has nothing there
(most filers). Every query selects only the columns the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coalitions.enums import ConsentDecision, JoinRequestState, MergeRequestStatus, ProposalStatus
from coalitions.models import JoinRequest, MergeConsent, Proposal
from coalitions.organizations import panel as representative_panel

# The proposal list's columns: title, status, stored criteria, the edition's name and deadline.
PROPOSAL_FIELDS = (
    "pk",
    "title",
    "status",
    "decision_held",
    "eligible",
    "failing_criteria",
    "owner_id",
    "updated_at",
    "edition__name",
    "edition__eoi_deadline",
)


@dataclass
class Dashboard:
    proposals: list[Proposal]
    merge_waiting: list[MergeConsent] = field(default_factory=list)
    join_requests: list[JoinRequest] = field(default_factory=list)
    panel: representative_panel.Panel = field(default_factory=representative_panel.Panel)


def merge_waiting(proposal_ids) -> list[MergeConsent]:
    """Merge requests still open that wait for the answer of one of these proposals."""
    return list(
        MergeConsent.objects.filter(
            proposal__in=proposal_ids,
            decision=ConsentDecision.PENDING,
            request__status=MergeRequestStatus.PENDING,
        )
        .select_related("proposal")
        .only("proposal__title")
        .order_by("-request__created_at")
    )


def join_requests(led_ids) -> list[JoinRequest]:
    """Requests waiting for a decision on these coalitions (the ones the user leads)."""
    return list(
        JoinRequest.objects.filter(state=JoinRequestState.PENDING, proposal__in=led_ids)
        .select_related("proposal", "organization__region", "requested_by")
        .order_by("proposal__title", "created_at")
    )


def build(queryset, user) -> Dashboard:
    """`queryset`: the user's proposals (owned or co-edited)."""
    proposals = list(
        queryset.select_related(None)
        .select_related("edition")
        .only(*PROPOSAL_FIELDS)
        .order_by("-updated_at")
    )
    ids = [p.pk for p in proposals]
    led = [p.pk for p in proposals if p.status == ProposalStatus.PUBLISHED]
    return Dashboard(
        proposals=proposals,
        merge_waiting=merge_waiting(ids) if ids else [],
        join_requests=join_requests(led) if led else [],
        panel=representative_panel.panel(user),
    )
