"""People who act for an organization: claims, confirmation, and who may answer for it.

Whoever enters an organization on a form, and anyone else signed in, may claim to act for it;
an organizer or an existing representative confirms the claim.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalitions.enums import RepresentativeState
from coalitions.models import Organization, Representative
from impact import roles
from impact.notify import notify


class RepresentativeError(Exception):
    """A claim that cannot be made or decided; the message is fit to show."""


def confirmed(organization: Organization) -> QuerySet[Representative]:
    return organization.representatives.filter(state=RepresentativeState.CONFIRMED)


def vouched() -> QuerySet[Representative]:
    """Confirmed representatives who were confirmed by someone: not the automatic one that
    whoever typed an organization on a form becomes (they may be a partner listing it, not
    someone who acts for it), who therefore does not answer for it alone."""
    by_entry = Q(confirmed_by__isnull=True) & Q(user_id=F("organization__created_by_id"))
    return Representative.objects.filter(state=RepresentativeState.CONFIRMED).exclude(by_entry)


def is_representative(user, organization: Organization) -> bool:
    if not user or not user.is_authenticated:
        return False
    return confirmed(organization).filter(user=user).exists()


def represented_by(user) -> QuerySet[Organization]:
    """Organizations the user is a confirmed representative of."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        representatives__user=user, representatives__state=RepresentativeState.CONFIRMED
    ).order_by("name")


def add_filer(organization: Organization, user) -> None:
    """The person who entered an organization claims to act for it: a pending claim, which an
    organizer or an existing representative confirms. Typing a name makes nobody its
    representative (and nobody's pages then grow with every organization they type)."""
    if user is not None and user.is_authenticated:
        Representative.objects.get_or_create(organization=organization, user=user)


def claim(organization: Organization, *, user) -> Representative:
    """A signed-in person claims to act for the organization.

    Side effects: a pending `Representative` (whoever entered the organization too: typing a
    name proves nothing) and a `representative_claimed` notification to each confirmed
    representative. Raises `RepresentativeError` when the person already claimed it.
    """
    if not user.is_authenticated:
        raise RepresentativeError(_("Sign in to act for an organization."))
    with transaction.atomic():
        if organization.representatives.filter(user=user).exists():
            raise RepresentativeError(
                _("You have already claimed to act for %(org)s.") % {"org": organization.name}
            )
        rep = Representative.objects.create(organization=organization, user=user)
        for other in confirmed(organization).select_related("user"):
            notify(
                kind="representative_claimed",
                user=other.user,
                context={"organization": organization, "claimant": user},
                url=reverse("coalitions:my-organizations"),
                dedup_key=f"representative_claimed:{rep.pk}:{other.user_id}",
            )
    return rep


def may_decide(user, rep: Representative) -> bool:
    """Organizers, and confirmed representatives of the same organization (not oneself)."""
    if not user or not user.is_authenticated or rep.user_id == user.pk:
        return False
    return roles.is_organizer(user) or is_representative(user, rep.organization)


def confirm(rep: Representative, *, actor) -> Representative:
    """Confirm a pending claim. Side effects: the claim is confirmed."""
    if not may_decide(actor, rep):
        raise RepresentativeError(_("Only an organizer or a representative may confirm this."))
    if rep.state != RepresentativeState.PENDING:
        raise RepresentativeError(_("This claim has already been confirmed."))
    rep.state = RepresentativeState.CONFIRMED
    rep.confirmed_by = actor
    rep.confirmed_at = timezone.now()
    rep.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    return rep


def reject(rep: Representative, *, actor) -> None:
    """Reject a pending claim. Side effects: the claim is deleted."""
    if not may_decide(actor, rep):
        raise RepresentativeError(_("Only an organizer or a representative may reject this."))
    if rep.state != RepresentativeState.PENDING:
        raise RepresentativeError(_("This claim has already been confirmed."))
    rep.delete()


def claims_to_decide(user) -> QuerySet[Representative]:
    """Pending claims on the organizations the user represents."""
    return Representative.objects.filter(
        state=RepresentativeState.PENDING, organization__in=represented_by(user)
    ).select_related("organization", "user")
