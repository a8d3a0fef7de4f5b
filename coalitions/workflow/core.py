"""The mechanics every transition shares: lock the row, check who and from which state,
change and log it (`transition`), and tell the owner and co-editors (`tell_editors`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from impact import roles
from impact.models import User
from impact.notify import notify

from ..models import Proposal, ProposalEvent

# How long a filer has to resubmit after reviewers ask for changes (past the deadline).
CHANGES_WINDOW = datetime.timedelta(days=14)


class TransitionNotAllowed(Exception):
    """The actor may not make this transition, or not from the proposal's current state."""


def lock(proposal: Proposal) -> Proposal:
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


def transition(proposal: Proposal, **change) -> Proposal:
    """Lock, check, change and log one transition. Must run inside `transaction.atomic`."""
    return transition_locked(lock(proposal), **change)


def transition_locked(
    locked: Proposal,
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
    """Check, change and log one transition of a row this transaction has already locked."""
    if not may(actor, locked):
        raise TransitionNotAllowed(_("You may not do this to this proposal."))
    if locked.status not in set(sources):
        raise TransitionNotAllowed(
            # The action is a code word ("submit"), so it stays out of the translated sentence.
            _("This proposal is %(status)s, so this cannot be done now.")
            % {"status": _status_for(actor, locked).lower()}
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


def _status_for(actor, proposal: Proposal) -> str:
    """The status as the actor may know it: a decision whose letter is held stays "in review"
    for everyone but reviewers (`models.held`)."""
    if roles.is_reviewer(actor):
        return proposal.get_status_display()
    return proposal.get_filer_status_display()


def recipients(proposal: Proposal) -> list[User]:
    """The owner and every co-editor, each once."""
    people = {proposal.owner_id: proposal.owner}
    for editor in proposal.editors.all():
        people.setdefault(editor.pk, editor)
    return list(people.values())


def require_reason(reason: str) -> None:
    if not reason.strip():
        raise TransitionNotAllowed(_("Please give a reason."))


def tell_editors(
    proposal: Proposal, *, kind: str, key: str, context: dict | None = None, hold_key: str = ""
) -> None:
    """Queue `kind` for the owner and every co-editor, each once (`key` keeps it idempotent)."""
    for person in recipients(proposal):
        notify(
            kind=kind,
            user=person,
            context={"proposal": proposal, **(context or {})},
            url=proposal.get_absolute_url(),
            dedup_key=f"{kind}:{proposal.pk}:{key}:{person.pk}",
            hold_key=hold_key,
        )
