"""The filers' transitions (submit, withdraw) and the organizers' deadline exceptions
(reopen, late links)."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impact import roles
from impact.notify import notify

from ..enums import (
    SUBMITTABLE,
    UNDECIDED,
    MemberRole,
    ProposalStatus,
)
from ..filing.versions import snapshot
from ..models import Proposal
from ..permissions import deadline_open_for, is_editor, may_withdraw
from ..tasks import schedule_refresh
from .core import (
    TransitionNotAllowed,
    lock,
    recipients,
    record,
    transition,
    transition_locked,
)


def submission_problems(proposal: Proposal) -> list[str]:
    """What a proposal lacks to be submitted: only what the record itself needs (a title and a
    lead organization). The criteria never block a submission; reviewers weigh them."""
    problems = []
    if not proposal.title.strip():
        problems.append(_("Give the proposal a title."))
    if not proposal.members.filter(role=MemberRole.LEAD).exists():
        problems.append(_("Name at least one member organization as lead."))
    return problems


def submit(proposal: Proposal, *, actor, late_token: str = "") -> Proposal:
    """Submit a draft (or a proposal returned for changes) before the deadline.

    Side effects: status → submitted, `submitted_at` set, a `ProposalVersion` snapshot with the
    criteria report, an event, and an `eoi_submitted` notification to the owner and co-editors.
    """
    with transaction.atomic():
        locked = lock(proposal)
        if not deadline_open_for(locked, late_token=late_token):
            raise TransitionNotAllowed(_("The deadline for this edition has passed."))
        locked = transition_locked(
            locked,
            actor=actor,
            action="submit",
            sources=SUBMITTABLE,
            target=ProposalStatus.SUBMITTED,
            may=is_editor,
            fields={"submitted_at": timezone.now()},
        )
        version = snapshot(locked, actor=actor, note="submitted")
        for person in recipients(locked):
            notify(
                kind="eoi_submitted",
                user=person,
                context={"proposal": locked, "version": version},
                url=locked.get_absolute_url(),
                dedup_key=f"eoi_submitted:{locked.pk}:v{version.number}:{person.pk}",
            )
        schedule_refresh(locked)
    return locked


def withdraw(proposal: Proposal, *, actor, reason: str = "") -> Proposal:
    """The filer withdraws a proposal that is not yet decided.

    Side effects: an event; the proposal leaves the similarity index.
    """
    with transaction.atomic():
        locked = transition(
            proposal,
            actor=actor,
            action="withdraw",
            sources=UNDECIDED,
            target=ProposalStatus.WITHDRAWN,
            may=may_withdraw,
            reason=reason,
        )
        schedule_refresh(locked)
    return locked


# --- deadline exceptions -------------------------------------------------------------------


def _exception(proposal, *, actor, action, reason, fields) -> Proposal:
    """A deadline exception: no state change, but logged like a transition."""
    with transaction.atomic():
        locked = lock(proposal)
        if not roles.is_organizer(actor):
            raise TransitionNotAllowed(_("Only organizers may grant deadline exceptions."))
        if locked.status not in UNDECIDED:
            raise TransitionNotAllowed(_("This proposal is already decided."))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
        record(
            locked,
            actor=actor,
            action=action,
            from_status=locked.status,
            to_status=locked.status,
            reason=reason,
            data={k: v.isoformat() for k, v in fields.items() if hasattr(v, "isoformat")},
        )
    return locked


def reopen(proposal: Proposal, *, actor, days: int = 7, reason: str = "") -> Proposal:
    """Organizers let the filers edit and (re)submit for `days` more days.

    Side effects: `reopened_until` set, an event.
    """
    until = timezone.now() + datetime.timedelta(days=days)
    return _exception(
        proposal, actor=actor, action="reopen", reason=reason, fields={"reopened_until": until}
    )


def grant_late_link(proposal: Proposal, *, actor, days: int = 7, reason: str = "") -> str:
    """Organizers hand a late filer a link valid for `days` days. Side effects: an event."""
    token = secrets.token_urlsafe(24)
    _exception(
        proposal,
        actor=actor,
        action="late_link",
        reason=reason,
        fields={
            "late_token": token,
            "late_token_expires": timezone.now() + datetime.timedelta(days=days),
        },
    )
    return token
