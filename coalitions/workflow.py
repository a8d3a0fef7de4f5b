"""Every state transition of a proposal, in one place.

Each transition is a function with keyword-only arguments that:
1. locks the proposal row (`select_for_update`) so concurrent transitions serialize,
2. checks who may do it and from which states (raising `TransitionNotAllowed`),
3. changes the state and records a `ProposalEvent` (who, when, from, to, why),
4. queues its notifications through `impact.notify` in the same transaction.

Views, admin actions and tasks only call these functions.
"""

from __future__ import annotations

import datetime
import html
import re
import secrets
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from impact import roles
from impact.models import Notification
from impact.notify import notify

from .enums import (
    AWAITING_DECISION,
    COMPARABLE,
    OPEN_TO_REVIEW,
    RECONSIDERABLE,
    RETURNABLE,
    SUBMITTABLE,
    UNDECIDED,
    Activity,
    MemberRole,
    ProposalStatus,
)
from .models import Proposal, ProposalEvent
from .permissions import deadline_open_for, is_editor, may_organize, may_review, may_withdraw

# How long a filer has to resubmit after reviewers ask for changes (past the deadline).
CHANGES_WINDOW = datetime.timedelta(days=14)


class TransitionNotAllowed(Exception):
    """The actor may not make this transition, or not from the proposal's current state."""


def submission_problems(proposal: Proposal) -> list[str]:
    """What a proposal lacks to be submitted: only what the record itself needs (a title and a
    lead organization). The criteria never block a submission; reviewers weigh them."""
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


def _apply(proposal: Proposal, **change) -> Proposal:
    """Lock, check, change and log one transition. Must run inside `transaction.atomic`."""
    return _change(_lock(proposal), **change)


def _change(
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
            % {"status": locked.get_status_display().lower()}
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
    from .filing.versions import snapshot
    from .review.similarity import schedule_refresh

    with transaction.atomic():
        locked = _lock(proposal)
        if not deadline_open_for(locked, late_token=late_token):
            raise TransitionNotAllowed(_("The deadline for this edition has passed."))
        locked = _change(
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
    from .review.similarity import schedule_refresh

    with transaction.atomic():
        locked = _apply(
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


# --- review transitions -------------------------------------------------------------------


def _require_reason(reason: str) -> None:
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


def start_review(proposal: Proposal, *, actor) -> Proposal:
    """A reviewer takes up a submitted proposal. Side effects: status → in review, an event."""
    with transaction.atomic():
        return _apply(
            proposal,
            actor=actor,
            action="start_review",
            sources=[ProposalStatus.SUBMITTED],
            target=ProposalStatus.IN_REVIEW,
            may=may_review,
        )


def request_changes(proposal: Proposal, *, actor, reason: str) -> Proposal:
    """Return a proposal to its filers with the reviewers' message.

    Side effects: status → changes requested, `reopened_until` extended by `CHANGES_WINDOW` so
    the filers can resubmit after the deadline, an event, a `changes_requested` message to the
    owner and co-editors (with the reason), and the proposal leaves the merge suggestions.
    """
    _require_reason(reason)
    until = timezone.now() + CHANGES_WINDOW
    with transaction.atomic():
        locked = _lock(proposal)
        current = locked.reopened_until
        locked = _change(
            locked,
            actor=actor,
            action="request_changes",
            sources=RETURNABLE,
            target=ProposalStatus.CHANGES_REQUESTED,
            may=may_review,
            reason=reason,
            fields={"reopened_until": max(until, current) if current else until},
        )
        event = locked.events.first()
        tell_editors(
            locked,
            kind="changes_requested",
            key=f"e{event.pk}",
            context={"reason": reason, "until": locked.reopened_until},
        )
    return locked


def _decide(proposal, *, actor, action, target, kind, reason, hold_key) -> Proposal:
    with transaction.atomic():
        locked = _apply(
            proposal,
            actor=actor,
            action=action,
            sources=AWAITING_DECISION,
            target=target,
            may=may_review,
            reason=reason,
            data={"hold_key": hold_key} if hold_key else None,
        )
        event = locked.events.first()
        tell_editors(
            locked, kind=kind, key=f"e{event.pk}", context={"reason": reason}, hold_key=hold_key
        )
    return locked


def shortlist(proposal: Proposal, *, actor, reason: str = "", hold_key: str = "") -> Proposal:
    """Invite the coalition to the conference.

    Side effects: status → shortlisted, an event, a `shortlisted` message to the owner and
    co-editors — held in the outbox until `release_decisions(hold_key)` when `hold_key` is given.
    """
    return _decide(
        proposal,
        actor=actor,
        action="shortlist",
        target=ProposalStatus.SHORTLISTED,
        kind="shortlisted",
        reason=reason,
        hold_key=hold_key,
    )


def decline(proposal: Proposal, *, actor, reason: str, hold_key: str = "") -> Proposal:
    """Decline the proposal, with a reason the filers read.

    Side effects: status → declined, an event, a `declined` message (held when `hold_key`),
    and the proposal leaves the similarity index.
    """
    from .review.similarity import schedule_refresh

    _require_reason(reason)
    locked = _decide(
        proposal,
        actor=actor,
        action="decline",
        target=ProposalStatus.DECLINED,
        kind="declined",
        reason=reason,
        hold_key=hold_key,
    )
    schedule_refresh(locked)
    return locked


def mark_duplicate(proposal: Proposal, *, actor, original: Proposal, reason: str = "") -> Proposal:
    """Close a proposal as a duplicate of `original` (not a merge: nothing is copied).

    Side effects: status → duplicate, `duplicate_of` set, an event, a `duplicate_marked`
    message to the owner and co-editors naming the original, the proposal leaves the index.
    """
    from .review.similarity import schedule_refresh

    if original.pk == proposal.pk:
        raise TransitionNotAllowed(_("A proposal cannot be a duplicate of itself."))
    with transaction.atomic():
        # Lock both rows in id order, as merges do, so neither changes underneath.
        first, second = sorted([proposal.pk, original.pk])
        rows = {
            p.pk: p for p in Proposal.objects.select_for_update().filter(pk__in=[first, second])
        }
        original = rows[original.pk]
        if original.status not in COMPARABLE:
            raise TransitionNotAllowed(_("The original proposal is closed."))
        locked = _change(
            rows[proposal.pk],
            actor=actor,
            action="mark_duplicate",
            sources=AWAITING_DECISION,
            target=ProposalStatus.DUPLICATE,
            may=may_review,
            reason=reason,
            fields={"duplicate_of": original},
            data={"original": original.pk},
        )
        tell_editors(locked, kind="duplicate_marked", key="1", context={"original": original})
        schedule_refresh(locked)
    return locked


_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """The title's plain words slugified, with `-2`, `-3`… when another proposal already has
    it. Markup is not words: tags are dropped, with the content of scripts and styles."""
    words = html.unescape(strip_tags(_SCRIPTS.sub(" ", title)))
    base = slugify(words)[:70].strip("-") or "coalition"
    taken = set(
        Proposal.objects.filter(public_slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("public_slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def publish(proposal: Proposal, *, actor) -> Proposal:
    """Publish a shortlisted proposal to the hub as an ImPACT Coalition (organizers).

    Side effects: status → published, `published_at` now, a unique `public_slug` (kept if it
    already has one), an event, a `published` message to the owner and co-editors.
    """
    with transaction.atomic():
        locked = _lock(proposal)
        slug = locked.public_slug or unique_slug(locked.title, exclude_pk=locked.pk)
        locked = _change(
            locked,
            actor=actor,
            action="publish",
            sources=[ProposalStatus.SHORTLISTED],
            target=ProposalStatus.PUBLISHED,
            may=may_organize,
            # Publication starts the coalition's reporting clock (coalitions.activity).
            fields={
                "published_at": timezone.now(),
                "public_slug": slug,
                "activity": Activity.ACTIVE,
            },
        )
        tell_editors(locked, kind="published", key="1")
    return locked


def reconsider(proposal: Proposal, *, actor, reason: str) -> Proposal:
    """Organizers take a decision back: the proposal is in review again. Side effects: an
    event; `duplicate_of` cleared; the proposal returns to the similarity index."""
    from .review.similarity import schedule_refresh

    _require_reason(reason)
    with transaction.atomic():
        locked = _apply(
            proposal,
            actor=actor,
            action="reconsider",
            sources=RECONSIDERABLE,
            target=ProposalStatus.IN_REVIEW,
            may=may_organize,
            reason=reason,
            fields={"duplicate_of": None},
        )
        schedule_refresh(locked)
    return locked


# --- merges (`review.merging` unites the contents; the states change here) --------------------


def _merge_authorized(user, proposal: Proposal) -> bool:
    # `review.merging.merge` has checked the authority for the whole merge before locking:
    # an organizer with a reason, or a merge request every lead accepted.
    return True


def open_merged_result(*, edition_id: int, title: str, summary: str, owner_id: int) -> Proposal:
    """The new proposal a merge creates: in review at once, since its sources were submitted.

    Side effects: the proposal row (`submitted_at` now); `merge_into` logs its creation.
    """
    return Proposal.objects.create(
        edition_id=edition_id,
        title=title[:200],
        summary=summary,
        owner_id=owner_id,
        status=ProposalStatus.IN_REVIEW,
        submitted_at=timezone.now(),
    )


def merge_into(
    result: Proposal,
    sources: list[Proposal],
    *,
    actor,
    reason: str = "",
    created: bool = False,
    request_id: int | None = None,
) -> None:
    """Mark every source `merged` into `result`. The rows are those `review.merging` locked in
    id order inside its transaction, so they are not locked a second time here.

    Side effects: each source → merged with `merged_into` set and a `merge` event; a
    `merged_from` event on the result (from no state when the merge `created` it).
    """
    for source in sources:
        _change(
            source,
            actor=actor,
            action="merge",
            sources=OPEN_TO_REVIEW,
            target=ProposalStatus.MERGED,
            may=_merge_authorized,
            reason=reason,
            fields={"merged_into": result},
            data={"into": result.pk, "request": request_id},
        )
    record(
        result,
        actor=actor,
        action="merged_from",
        from_status="" if created else result.status,
        to_status=result.status,
        reason=reason,
        data={"sources": [p.pk for p in sources]},
    )


# --- deadline exceptions -------------------------------------------------------------------


def _exception(proposal, *, actor, action, reason, fields) -> Proposal:
    """A deadline exception: no state change, but logged like a transition."""
    with transaction.atomic():
        locked = _lock(proposal)
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


def held_decisions() -> list[dict]:
    """Groups of decision messages waiting for release: [{hold_key, count}]."""
    from django.db.models import Count

    return list(
        Notification.objects.filter(state=Notification.State.HELD)
        .values("hold_key")
        .annotate(count=Count("pk"))
        .order_by("hold_key")
    )


def release_decisions(hold_key: str, *, actor) -> int:
    """Send every message held under `hold_key` at once (organizers). Returns how many.

    Side effects: those outbox rows become pending and are enqueued after commit
    (`impact.outbox.release_held`).
    """
    from impact.outbox import release_held

    if not roles.is_organizer(actor):
        raise TransitionNotAllowed(_("Only organizers may release decisions."))
    if not hold_key:
        raise TransitionNotAllowed(_("Choose which decisions to release."))
    return release_held(hold_key)
