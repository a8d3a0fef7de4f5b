"""What happens to a person's proposals when they delete their account
(`impact.personal_data.erase_account`): the proposals stay, with a new owner."""

from __future__ import annotations

from impact import personal_data
from impact.notify import notify

from .enums import EventAction, MemberRole, RepresentativeState
from .models import Proposal, Representative
from .workflow import record


def successor(proposal: Proposal, leaving) -> object:
    """Who takes a proposal over from `leaving`: its first co-editor, else a confirmed
    representative of a member organization (the lead organization's first), else the
    placeholder account (the proposal stays, owned by nobody who can be named)."""
    editor = proposal.editors.exclude(pk=leaving.pk).filter(is_active=True).order_by("pk").first()
    if editor is not None:
        return editor
    confirmed = Representative.objects.filter(
        state=RepresentativeState.CONFIRMED, user__is_active=True
    ).exclude(user=leaving)
    representative = (
        confirmed.filter(
            organization__memberships__proposal=proposal,
            organization__memberships__role=MemberRole.LEAD,
        )
        .select_related("user")
        .order_by("pk")
        .first()
        or confirmed.filter(organization__memberships__proposal=proposal)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if representative is not None:
        return representative.user
    return personal_data.placeholder_user()


def hand_over_proposals(sender, *, user, **kwargs) -> None:
    """Give every proposal `user` owns (deleted ones included) to its `successor`. Side
    effects: the owner changed, the successor no longer listed as a co-editor, a `reowned`
    event without the leaving person's name, a `proposal_handed_over` notification to the
    new owner (none to the placeholder)."""
    for proposal in Proposal.all_objects.filter(owner=user).order_by("pk"):
        new_owner = successor(proposal, user)
        proposal.owner = new_owner
        proposal.save(update_fields=["owner", "updated_at"])
        proposal.editors.remove(user, new_owner)
        placeholder = new_owner.email == personal_data.PLACEHOLDER_EMAIL
        event = record(
            proposal,
            actor=None,
            action=EventAction.REOWNED,
            from_status=proposal.status,
            to_status=proposal.status,
            data={"placeholder": placeholder},
        )
        if not placeholder:
            notify(
                kind="proposal_handed_over",
                user=new_owner,
                context={"proposal": proposal},
                url=proposal.get_absolute_url(),
                dedup_key=f"proposal_handed_over:{event.pk}",
            )


def connect() -> None:
    personal_data.erasing.connect(hand_over_proposals, dispatch_uid="coalitions-hand-over")
