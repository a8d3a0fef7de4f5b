"""Co-editors: invited by e-mail, they edit the same proposal once signed in."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from impact.models import User
from impact.notify import notify

from ..models import EditorInvitation, Proposal


class InvitationError(Exception):
    """Why an invitation cannot be sent or accepted (a message for the person)."""


def invite(proposal: Proposal, *, email: str, invited_by) -> EditorInvitation:
    """Invite `email` to co-edit. Side effects: an `EditorInvitation` and a `coeditor_invited`
    notification (once per invitation: inviting the same address again sends nothing)."""
    email = email.strip().lower()
    already = proposal.editors.filter(email__iexact=email).exists()
    if already or email == proposal.owner.email.lower():
        raise InvitationError(_("%(email)s already edits this proposal.") % {"email": email})
    with transaction.atomic():
        invitation, created = EditorInvitation.objects.get_or_create(
            proposal=proposal, email=email, defaults={"invited_by": invited_by}
        )
        if not created:
            raise InvitationError(_("%(email)s has already been invited.") % {"email": email})
        notify(
            kind="coeditor_invited",
            user=User.objects.filter(email__iexact=email).first(),
            email=email,
            context={"proposal": proposal, "invited_by": invited_by, "invitation": invitation},
            url=reverse("coalitions:invitation", args=[invitation.token]),
            dedup_key=f"coeditor_invited:{invitation.pk}",
        )
    return invitation


def addressed_to(invitation: EditorInvitation, user) -> bool:
    """Whether the signed-in user holds the invited address (their login or a verified one)."""
    if not user.is_authenticated:
        return False
    wanted = invitation.email.lower()
    if user.email.lower() == wanted:
        return True
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=wanted, verified=True).exists()


def accept(invitation: EditorInvitation, *, user) -> Proposal:
    """Make `user` a co-editor. Side effects: the invitation marked accepted."""
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            return invitation.proposal
        raise InvitationError(_("This invitation has already been used."))
    if not addressed_to(invitation, user):
        raise InvitationError(
            _("This invitation was sent to %(email)s: sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    with transaction.atomic():
        proposal = invitation.proposal
        if proposal.owner_id != user.pk:
            proposal.editors.add(user)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return proposal
