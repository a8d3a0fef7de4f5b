"""Suggested corrections: a filer who may not change an organization's shared details (see
`permissions.may_edit_organization`) proposes them; its vouched representatives, or
organizers when it has none, accept or decline in one click, and the filer is told which.

The proposal the filer was editing keeps pointing at the unchanged organization, so no other
coalition, the hub or the Co-Chairs' Summary shows a change nobody who answers for the
organization has agreed to.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalitions.enums import CorrectionState, OrganizationChange
from coalitions.models import Organization, OrganizationCorrection, OrganizationVersion, Proposal
from coalitions.organizations import changes
from coalitions.organizations.representatives import vouched
from impact import roles
from impact.notify import notify


class CorrectionError(Exception):
    """A correction that cannot be decided; the message is fit to show."""


def differences(org: Organization, values: dict[str, Any]) -> dict[str, Any]:
    """The proposed values that differ from the organization's details now."""
    current = changes.details(org)
    return {k: v for k, v in changes.clean(values).items() if current.get(k) != v}


def suggest(
    org: Organization, values: dict[str, Any], *, actor, proposal: Proposal | None
) -> OrganizationCorrection | None:
    """Record `actor`'s suggested change of `org` (only what differs); None when nothing does.

    Side effects: a pending `OrganizationCorrection` (the same pending suggestion sent again
    is not repeated) and `organization_correction_suggested` to each vouched representative.
    The organization itself is not changed.
    """
    proposed = differences(org, values)
    if not proposed:
        return None
    who = actor if actor is not None and actor.is_authenticated else None
    pending = org.corrections.filter(state=CorrectionState.PENDING, proposed_by=who)
    for earlier in pending:
        if earlier.values == proposed:
            return earlier
    current = changes.details(org)
    correction = OrganizationCorrection.objects.create(
        organization=org,
        proposed_by=who,
        proposal=proposal if proposal is not None and proposal.pk else None,
        values=proposed,
        before={k: current[k] for k in proposed},
    )
    for rep in vouched().filter(organization=org).select_related("user"):
        notify(
            kind="organization_correction_suggested",
            user=rep.user,
            context={"organization": org, "proposer": who},
            url=reverse("coalitions:organization-corrections"),
            dedup_key=f"organization_correction_suggested:{correction.pk}:{rep.user_id}",
        )
    return correction


def is_stale(correction: OrganizationCorrection) -> bool:
    """The organization changed since, in a field the correction would change: accepting it
    still changes only those fields."""
    current = changes.details(correction.organization)
    return any(current.get(k) != v for k, v in correction.before.items())


def answered_by_representatives(org: Organization) -> bool:
    """Whether someone vouched for acts for it (else organizers answer its corrections)."""
    return vouched().filter(organization=org).exists()


def may_decide(user, correction: OrganizationCorrection) -> bool:
    """Organizers, and the organization's vouched representatives."""
    if not user or not user.is_authenticated:
        return False
    if roles.is_organizer(user):
        return True
    return vouched().filter(organization_id=correction.organization_id, user=user).exists()


def accept(correction: OrganizationCorrection, *, actor) -> OrganizationVersion | None:
    """Apply the suggested values (only those: fields changed since are left as they are now).

    Side effects: the organization changed through `changes.change_details` (a version
    recorded, with the correction); the correction accepted, by whom and when;
    `organization_correction_accepted` to whoever suggested it.
    Raises `CorrectionError` when `actor` may not decide or it is decided already.
    """
    with transaction.atomic():
        correction = _locked(correction, actor)
        try:
            version = changes.change_details(
                correction.organization,
                correction.values,
                actor=actor,
                reason=OrganizationChange.CORRECTION,
                correction=correction,
            )
        except changes.ChangeError as error:
            raise CorrectionError(str(error)) from error
        _decide(correction, CorrectionState.ACCEPTED, actor)
    return version


def decline(correction: OrganizationCorrection, *, actor) -> None:
    """Side effects: the correction declined, by whom and when (the organization unchanged);
    `organization_correction_declined` to whoever suggested it."""
    with transaction.atomic():
        _decide(_locked(correction, actor), CorrectionState.DECLINED, actor)


def _locked(correction: OrganizationCorrection, actor) -> OrganizationCorrection:
    if not may_decide(actor, correction):
        raise CorrectionError(_("Only a representative of the organization may decide this."))
    fresh = (
        OrganizationCorrection.objects.select_for_update(of=("self",))
        .select_related("organization__sector", "organization__region", "proposed_by", "proposal")
        .get(pk=correction.pk)
    )
    if fresh.state != CorrectionState.PENDING:
        raise CorrectionError(_("This correction has already been decided."))
    return fresh


def _decide(correction: OrganizationCorrection, state: str, actor) -> None:
    correction.state = state
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.save(update_fields=["state", "decided_by", "decided_at"])
    if correction.proposed_by is None:
        return
    notify(
        kind=f"organization_correction_{state}",
        user=correction.proposed_by,
        context={"organization": correction.organization},
        # The proposal it came from (the organization may not be listed in the directory).
        url=correction.proposal.get_absolute_url() if correction.proposal else "",
        dedup_key=f"organization_correction_{state}:{correction.pk}",
    )


def to_decide(user) -> QuerySet[OrganizationCorrection]:
    """Pending corrections the user answers for: of the organizations they are a vouched
    representative of, and for organizers, of those with no vouched representative."""
    if not user or not user.is_authenticated:
        return OrganizationCorrection.objects.none()
    mine = Q(organization__in=vouched().filter(user=user).values("organization_id"))
    if roles.is_organizer(user):
        answered = vouched().filter(organization_id=OuterRef("organization_id"))
        mine |= ~Exists(answered)
    return (
        OrganizationCorrection.objects.filter(mine, state=CorrectionState.PENDING)
        .select_related("organization__sector", "organization__region", "proposed_by", "proposal")
        .prefetch_related("organization__constituencies")  # to tell a stale one
        .order_by("created_at", "pk")
    )
