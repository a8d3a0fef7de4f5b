"""Every state transition of a proposal, in one place.

Each transition is a function with keyword-only arguments that:
1. locks the proposal row (`select_for_update`) so concurrent transitions serialize,
2. checks who may do it and from which states (raising `TransitionNotAllowed`),
3. changes the state and records a `ProposalEvent` (who, when, from, to, why),
4. queues its notifications through `impact.notify` in the same transaction.

Views, admin actions and tasks only call these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impact import roles

from .enums import ProposalStatus as S
from .models import Proposal, ProposalEvent


class TransitionNotAllowed(Exception):
    """The actor may not make this transition, or not from the proposal's current state."""


def is_editor(user, proposal: Proposal) -> bool:
    """The owner or a co-editor of the proposal."""
    if not user or not user.is_authenticated:
        return False
    if proposal.owner_id == user.pk:
        return True
    return proposal.editors.filter(pk=user.pk).exists()


def deadline_open_for(proposal: Proposal, *, late_token: str = "") -> bool:
    """Whether the filer may still submit: before the deadline, or within an exception."""
    now = timezone.now()
    if now <= proposal.edition.eoi_deadline:
        return True
    if proposal.reopened_until and now <= proposal.reopened_until:
        return True
    return bool(
        late_token
        and proposal.late_token
        and late_token == proposal.late_token
        and proposal.late_token_expires
        and now <= proposal.late_token_expires
    )


def submission_problems(proposal: Proposal) -> list[str]:
    """What a proposal lacks to be submitted: only what the record itself needs (a title and a
    lead organization). The criteria never block a submission; reviewers weigh them."""
    from .enums import MemberRole

    problems = []
    if not proposal.title.strip():
        problems.append(_("Give the proposal a title."))
    if not proposal.members.filter(role=MemberRole.LEAD).exists():
        problems.append(_("Name at least one member organization as lead."))
    return problems


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("edition").get(pk=proposal.pk)


def record(
    proposal: Proposal,
    *,
    actor,
    action: str,
    from_status: str,
    to_status: str,
    reason: str = "",
    data: dict | None = None,
) -> ProposalEvent:
    return ProposalEvent.objects.create(
        proposal=proposal,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=data or {},
    )


def _apply(
    proposal: Proposal,
    *,
    actor,
    action: str,
    sources: Iterable[str],
    target: str,
    may: Callable[[object, Proposal], bool],
    reason: str = "",
    fields: dict | None = None,
    data: dict | None = None,
) -> Proposal:
    """Lock, check, change and log one transition. Must run inside `transaction.atomic`."""
    locked = _lock(proposal)
    if not may(actor, locked):
        raise TransitionNotAllowed(_("You may not do this to this proposal."))
    if locked.status not in set(sources):
        raise TransitionNotAllowed(
            _("This proposal is %(status)s; it cannot be %(action)s now.")
            % {"status": locked.get_status_display().lower(), "action": action}
        )
    from_status = locked.status
    locked.status = target
    update = ["status", "updated_at"]
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
        update.append(name)
    locked.save(update_fields=update)
    record(
        locked,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=target,
        reason=reason,
        data=data,
    )
    return locked


def recipients(proposal: Proposal) -> list:
    """The owner and every co-editor, each once."""
    people = {proposal.owner_id: proposal.owner}
    for editor in proposal.editors.all():
        people.setdefault(editor.pk, editor)
    return list(people.values())


def submit(proposal: Proposal, *, actor, late_token: str = "") -> Proposal:
    """Submit a draft (or a proposal returned for changes) before the deadline.

    Side effects: status → submitted, `submitted_at` set, a `ProposalVersion` snapshot with the
    criteria report, an event, and an `eoi_submitted` notification to the owner and co-editors.
    """
    from impact.notify import notify

    from .versions import snapshot

    with transaction.atomic():
        locked = _lock(proposal)
        if not deadline_open_for(locked, late_token=late_token):
            raise TransitionNotAllowed(_("The deadline for this edition has passed."))
        locked = _apply(
            locked,
            actor=actor,
            action="submit",
            sources=[S.DRAFT, S.CHANGES_REQUESTED],
            target=S.SUBMITTED,
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
    return locked


def withdraw(proposal: Proposal, *, actor, reason: str = "") -> Proposal:
    """The filer withdraws a proposal that is not yet decided. Side effects: an event."""
    with transaction.atomic():
        return _apply(
            proposal,
            actor=actor,
            action="withdraw",
            sources=[S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED],
            target=S.WITHDRAWN,
            may=lambda user, p: is_editor(user, p) or roles.is_organizer(user),
            reason=reason,
        )
