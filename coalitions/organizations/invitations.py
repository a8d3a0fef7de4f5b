"""Inviting a partner: a coalition invites an organization that would close its criteria
gaps; a representative of that organization accepts (it becomes a member) or declines.

Each change runs in one transaction, logs a `ProposalEvent` and queues its notifications with
`impact.notify` inside that transaction.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalitions import criteria_bridge as reports
from coalitions.enums import InvitationState, MemberRole, ProposalStatus
from coalitions.models import Organization, PartnerInvitation, Proposal, ProposalMember
from coalitions.organizations.representatives import confirmed, is_representative, represented_by
from coalitions.permissions import is_editor
from coalitions.tasks import schedule_refresh
from coalitions.workflow import recipients, record
from impact import roles
from impact.concurrency import claim
from impact.notify import notify


class InvitationError(Exception):
    """An invitation that cannot be sent or answered; the message is fit to show."""


def may_invite(user, proposal: Proposal) -> bool:
    """The filer and co-editors, or a reviewer on the coalition's behalf (never for a draft)."""
    if is_editor(user, proposal):
        return True
    return proposal.status != ProposalStatus.DRAFT and roles.is_reviewer(user)


def sent_today(proposal: Proposal) -> int:
    since = timezone.now() - datetime.timedelta(days=1)
    return PartnerInvitation.objects.filter(proposal=proposal, created_at__gte=since).count()


def invite(
    proposal: Proposal, organization: Organization, *, actor, message: str = ""
) -> PartnerInvitation:
    """Invite an organization to join the proposal's coalition.

    Side effects: a pending `PartnerInvitation`, an event, and a `partner_invited`
    notification to each confirmed representative of the organization (in their language).
    Raises `InvitationError` when the actor may not invite, the proposal is closed, the
    organization is a member, declined before, already invited or has no representative, or
    the coalition has sent `PARTNER_INVITATIONS_PER_DAY` invitations in the last 24 hours.
    """
    if not may_invite(actor, proposal):
        raise InvitationError(_("You may not invite partners for this proposal."))
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _check_invitable(locked, organization)
        invitation = PartnerInvitation.objects.create(
            proposal=locked, organization=organization, invited_by=actor, message=message
        )
        record(
            locked,
            actor=actor,
            action="partner_invited",
            from_status=locked.status,
            to_status=locked.status,
            data={"invitation": invitation.pk, "organization": organization.pk},
        )
        for rep in confirmed(organization).select_related("user"):
            notify(
                kind="partner_invited",
                user=rep.user,
                context={"proposal": locked, "organization": organization, "message": message},
                url=reverse("coalitions:my-organizations"),
                dedup_key=f"partner_invited:{invitation.pk}:{rep.user_id}",
            )
    return invitation


def _check_invitable(proposal: Proposal, organization: Organization) -> None:
    name = {"org": organization.name}
    # As its filers see it: a decline whose letter is held is not theirs to learn here.
    if proposal.filer_sees_closed():
        raise InvitationError(_("This proposal is closed: it cannot invite partners."))
    if proposal.members.filter(organization=organization).exists():
        raise InvitationError(_("%(org)s is already a member.") % name)
    invitations = proposal.partner_invitations.filter(organization=organization)
    if invitations.filter(state=InvitationState.DECLINED).exists():
        raise InvitationError(_("%(org)s declined an invitation from this coalition.") % name)
    if invitations.filter(state=InvitationState.PENDING).exists():
        raise InvitationError(_("%(org)s has already been invited.") % name)
    if not confirmed(organization).exists():
        raise InvitationError(
            _("%(org)s has no representative on the portal yet, so no one could answer.") % name
        )
    limit = settings.PARTNER_INVITATIONS_PER_DAY
    if sent_today(proposal) >= limit:
        raise InvitationError(
            _(
                "This coalition has sent %(count)d invitations in the last 24 hours, the most "
                "allowed; try again tomorrow."
            )
            % {"count": limit}
        )


def accept(invitation: PartnerInvitation, *, actor) -> PartnerInvitation:
    """A representative accepts: the organization becomes a member.

    Side effects: the invitation is accepted, a `ProposalMember` is added (once), the
    proposal's edit version taken (forms opened before are stale), the stored criteria
    report is re-evaluated, the similarity index follows (after submission), an
    event is logged and the filer and co-editors get `partner_accepted`.
    """
    return _answer(invitation, actor=actor, state=InvitationState.ACCEPTED)


def decline(invitation: PartnerInvitation, *, actor) -> PartnerInvitation:
    """A representative declines: the organization is never suggested to this coalition again.

    Side effects: the invitation is declined, an event, `partner_declined` to the editors.
    """
    return _answer(invitation, actor=actor, state=InvitationState.DECLINED)


def _answer(invitation: PartnerInvitation, *, actor, state: str) -> PartnerInvitation:
    with transaction.atomic():
        locked = (
            PartnerInvitation.objects.select_for_update()
            .select_related("proposal", "organization")
            .get(pk=invitation.pk)
        )
        proposal, org = locked.proposal, locked.organization
        if not is_representative(actor, org):
            raise InvitationError(
                _("Only a representative of %(org)s may answer.") % {"org": org.name}
            )
        if locked.state != InvitationState.PENDING:
            raise InvitationError(_("This invitation has already been answered."))
        if state == InvitationState.ACCEPTED and proposal.filer_sees_closed():
            raise InvitationError(_("This proposal is closed: it no longer takes members."))
        locked.state, locked.decided_by, locked.decided_at = state, actor, timezone.now()
        locked.save(update_fields=["state", "decided_by", "decided_at"])
        if state == InvitationState.ACCEPTED:
            ProposalMember.objects.get_or_create(
                proposal=proposal, organization=org, defaults={"role": MemberRole.MEMBER}
            )
            # A filer's form opened before this is stale now: saving it shows the new member
            # instead of dropping it (impact.concurrency).
            claim(proposal, None, actor=actor)
            reports.refresh_criteria(proposal)
            if proposal.status != ProposalStatus.DRAFT:
                schedule_refresh(proposal)
        record(
            proposal,
            actor=actor,
            action=f"partner_{state}",
            from_status=proposal.status,
            to_status=proposal.status,
            data={"invitation": locked.pk, "organization": org.pk},
        )
        for person in recipients(proposal):
            notify(
                kind=f"partner_{state}",
                user=person,
                context={"proposal": proposal, "organization": org},
                url=proposal.get_absolute_url(),
                dedup_key=f"partner_{state}:{locked.pk}:{person.pk}",
            )
    return locked


def pending_for(user) -> QuerySet[PartnerInvitation]:
    """Open invitations to the organizations the user represents."""
    return PartnerInvitation.objects.filter(
        state=InvitationState.PENDING, organization__in=represented_by(user)
    ).select_related("proposal", "organization", "invited_by")
