"""The hub's domain: who leads a coalition, asking to join, deciding, updates, the work plan.

Views call these functions; each one that changes data runs in one transaction, logs a
`ProposalEvent` and queues its notifications with `impact.notify` inside that transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from impact.concurrency import EditToken, claim
from impact.notify import notify

from .. import criteria_bridge, webhook_events
from ..enums import JoinRequestState, MemberRole, ProposalStatus, RepresentativeState
from ..filing.versions import snapshot
from ..models import CoalitionUpdate, JoinRequest, Organization, Proposal, ProposalMember, Region
from ..permissions import manages_coalition
from ..workflow import recipients, record
from .progress import refresh


class HubError(Exception):
    """A hub action that cannot be done; the message is fit to show to the person."""


def organizations_of(user) -> QuerySet[Organization]:
    """Organizations a person may speak for: those they entered, represent (confirmed) or
    whose proposals they edit."""
    if not user.is_authenticated:
        return Organization.objects.none()
    edited = Proposal.objects.editable_by(user).values("pk")
    represented = Q(
        representatives__user=user, representatives__state=RepresentativeState.CONFIRMED
    )
    return (
        Organization.objects.filter(
            Q(created_by=user) | Q(memberships__proposal__in=edited) | represented
        )
        .distinct()
        .order_by("name")
    )


# --- what the pages show ---------------------------------------------------------------------


@dataclass
class RegionGroup:
    region: Region
    members: list[ProposalMember] = field(default_factory=list)


@dataclass
class Membership:
    """Members grouped by primary region, with the global-south share."""

    groups: list[RegionGroup]
    total: int
    global_south: int

    @property
    def global_south_percent(self) -> int:
        return round(100 * self.global_south / self.total) if self.total else 0

    @property
    def region_count(self) -> int:
        return len(self.groups)


def membership(members: Iterable[ProposalMember]) -> Membership:
    """Group members (with `organization__region` loaded) by region, in the regions' order."""
    groups: dict[int, RegionGroup] = {}
    total = south = 0
    for member in members:
        region = member.organization.region
        groups.setdefault(region.pk, RegionGroup(region)).members.append(member)
        total += 1
        south += region.is_global_south
    ordered = sorted(groups.values(), key=lambda g: (g.region.order, g.region.name))
    for group in ordered:
        group.members.sort(
            key=lambda m: (m.role != MemberRole.LEAD, m.organization.public_name.lower())
        )
    return Membership(groups=ordered, total=total, global_south=south)


def sessions_for(proposal: Proposal) -> list:
    """Conference sessions the coalition held (`summaries.Session.proposal`, read through its
    reverse accessor so that coalitions never imports summaries)."""
    return list(proposal.sessions.all())


# --- asking to join --------------------------------------------------------------------------


def request_to_join(
    proposal: Proposal, *, user, organization: Organization, message: str
) -> JoinRequest:
    """An organization asks to join a published coalition.

    Side effects: a pending `JoinRequest`, an event, and a `join_requested` notification to
    each lead. Raises `HubError` when the coalition is not published, the organization is
    already a member, or a request of it is already pending.
    """
    if not user.is_authenticated:
        raise HubError(_("Sign in to ask to join."))
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.PUBLISHED:
            raise HubError(_("This coalition is not open to new members."))
        if locked.members.filter(organization=organization).exists():
            raise HubError(_("%(org)s is already a member.") % {"org": organization.name})
        pending = locked.join_requests.filter(
            organization=organization, state=JoinRequestState.PENDING
        )
        if pending.exists():
            raise HubError(
                _("%(org)s has already asked to join; the leads will answer soon.")
                % {"org": organization.name}
            )
        join = JoinRequest.objects.create(
            proposal=locked, organization=organization, requested_by=user, message=message
        )
        record(
            locked,
            actor=user,
            action="join_requested",
            from_status=locked.status,
            to_status=locked.status,
            data={"join_request": join.pk, "organization": organization.pk},
        )
        for lead in recipients(locked):
            notify(
                kind="join_requested",
                user=lead,
                context={"proposal": locked, "join_request": join, "organization": organization},
                url=manage_url(locked),
                dedup_key=f"join_requested:{join.pk}:{lead.pk}",
            )
    return join


def manage_url(proposal: Proposal) -> str:
    return reverse("coalitions:hub-manage", args=[proposal.public_slug])


def _decide(join: JoinRequest, *, actor, state: str, note: str) -> JoinRequest:
    with transaction.atomic():
        locked = (
            JoinRequest.objects.select_for_update()
            .select_related("proposal", "organization", "requested_by")
            .get(pk=join.pk)
        )
        proposal = locked.proposal
        if not manages_coalition(actor, proposal):
            raise HubError(_("Only the coalition's leads may decide on requests to join."))
        if locked.state != JoinRequestState.PENDING:
            raise HubError(_("This request has already been decided."))
        locked.state = state
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        if state == JoinRequestState.ACCEPTED:
            ProposalMember.objects.get_or_create(
                proposal=proposal,
                organization=locked.organization,
                defaults={"role": MemberRole.MEMBER},
            )
            criteria_bridge.refresh_criteria(proposal)
        record(
            proposal,
            actor=actor,
            action=f"join_{state}",
            from_status=proposal.status,
            to_status=proposal.status,
            reason=note,
            data={"join_request": locked.pk, "organization": locked.organization_id},
        )
        notify(
            kind=f"join_{state}",
            user=locked.requested_by,
            context={"proposal": proposal, "join_request": locked, "note": note},
            url=proposal_url(proposal),
            dedup_key=f"join_{state}:{locked.pk}",
        )
    return locked


def proposal_url(proposal: Proposal) -> str:
    return reverse("coalitions:hub-detail", args=[proposal.public_slug])


def accept(join: JoinRequest, *, actor, note: str = "") -> JoinRequest:
    """A lead accepts: the organization becomes a member and the criteria report is refreshed.

    Side effects: the request is accepted, a `ProposalMember` is added (once), the stored
    criteria report is re-evaluated, an event is logged, the requester gets `join_accepted`,
    and the hub's search index and cached pages follow (model signals).
    """
    return _decide(join, actor=actor, state=JoinRequestState.ACCEPTED, note=note)


def decline(join: JoinRequest, *, actor, note: str = "") -> JoinRequest:
    """A lead declines. Side effects: the request is declined, an event, `join_declined`."""
    return _decide(join, actor=actor, state=JoinRequestState.DECLINED, note=note)


# --- after publication -----------------------------------------------------------------------


def post_update(proposal: Proposal, *, actor, body: str) -> CoalitionUpdate:
    """A lead posts a short update on the coalition's page.

    Side effects: an event; the update counts as a progress report, so the coalition's stored
    activity is refreshed (`coalitions.hub.progress.refresh`); a `coalition.updated` webhook.
    """
    if not manages_coalition(actor, proposal):
        raise HubError(_("Only the coalition's leads may post updates."))
    with transaction.atomic():
        update = CoalitionUpdate.objects.create(proposal=proposal, author=actor, body=body)
        record(
            proposal,
            actor=actor,
            action="update_posted",
            from_status=proposal.status,
            to_status=proposal.status,
            data={"update": update.pk},
        )
        refresh(proposal)
        webhook_events.coalition_updated(proposal, what="update")
    return update


def save_work_plan(proposal: Proposal, formset, *, actor, token: EditToken | None = None) -> None:
    """Save a validated work-plan formset of a published coalition.

    Side effects: items created, changed or deleted, a new version (removed items stay in
    the previous one), the criteria report (C4) refreshed, an event logged, a
    `coalition.updated` webhook. None of them when the plan is saved unchanged.
    """
    if not manages_coalition(actor, proposal):
        raise HubError(_("Only the coalition's leads may change the work plan."))
    if not formset.has_changed():
        return
    with transaction.atomic():
        claim(proposal, token, actor=actor)  # StaleEdit when another lead saved meanwhile
        formset.save()
        snapshot(proposal, actor=actor, note="work_plan")  # criteria (C4) refreshed too
        record(
            proposal,
            actor=actor,
            action="work_plan_updated",
            from_status=proposal.status,
            to_status=proposal.status,
        )
        webhook_events.coalition_updated(proposal, what="work_plan")


# --- what the hub lists ----------------------------------------------------------------------


def listing() -> QuerySet[Proposal]:
    """Published coalitions with what a list card shows, in a fixed number of queries:
    the page, then themes and members (with organization and region) prefetched."""
    return (
        Proposal.objects.published()
        .select_related("edition")
        .prefetch_related(
            "themes",
            Prefetch(
                "members",
                queryset=ProposalMember.objects.select_related(
                    "organization__region", "organization__sector"
                ),
            ),
        )
    )


def detail_queryset() -> QuerySet[Proposal]:
    """One published coalition with everything its page shows."""
    return listing().prefetch_related(
        # Shown for members listed without their name, in its place.
        "members__organization__constituencies",
        "work_plan",
        "contacts",
        Prefetch("merged_from", queryset=Proposal.objects.only("pk", "title", "merged_into")),
    )


def recent_updates(proposal: Proposal, limit: int = 10) -> list[CoalitionUpdate]:
    return list(proposal.updates.select_related("author").order_by("-created_at", "-pk")[:limit])
