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
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from impact import roles
from impact.models import Notification
from impact.notify import notify

from .enums import Activity
from .enums import ProposalStatus as S
from .models import Proposal, ProposalEvent, ProposalMember, Reviewer

# How long a filer has to resubmit after reviewers ask for changes (past the deadline).
CHANGES_WINDOW = datetime.timedelta(days=14)


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
    from .similarity import schedule_refresh
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
        schedule_refresh(locked)
    return locked


def withdraw(proposal: Proposal, *, actor, reason: str = "") -> Proposal:
    """The filer withdraws a proposal that is not yet decided.

    Side effects: an event; the proposal leaves the similarity index.
    """
    from .similarity import schedule_refresh

    with transaction.atomic():
        locked = _apply(
            proposal,
            actor=actor,
            action="withdraw",
            sources=[S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED],
            target=S.WITHDRAWN,
            may=lambda user, p: is_editor(user, p) or roles.is_organizer(user),
            reason=reason,
        )
        schedule_refresh(locked)
    return locked


# --- review transitions -------------------------------------------------------------------

MERGEABLE = frozenset({S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.SHORTLISTED})
DECIDABLE = (S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED)


def has_conflict(user, proposal: Proposal) -> bool:
    """A reviewer whose organization is a member of the proposal may not judge it."""
    if not user or not user.is_authenticated:
        return False
    org_id = Reviewer.objects.filter(user=user).values_list("organization_id", flat=True).first()
    return bool(
        org_id and ProposalMember.objects.filter(proposal=proposal, organization_id=org_id).exists()
    )


def may_review(user, proposal: Proposal) -> bool:
    """Reviewers and organizers, unless their organization is a member of the proposal."""
    return roles.is_reviewer(user) and not has_conflict(user, proposal)


def may_organize(user, proposal: Proposal | None = None) -> bool:
    return roles.is_organizer(user)


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
            sources=[S.SUBMITTED],
            target=S.IN_REVIEW,
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
        current = _lock(proposal).reopened_until
        locked = _apply(
            proposal,
            actor=actor,
            action="request_changes",
            sources=DECIDABLE[:2],
            target=S.CHANGES_REQUESTED,
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
            sources=DECIDABLE,
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
        target=S.SHORTLISTED,
        kind="shortlisted",
        reason=reason,
        hold_key=hold_key,
    )


def decline(proposal: Proposal, *, actor, reason: str, hold_key: str = "") -> Proposal:
    """Decline the proposal, with a reason the filers read.

    Side effects: status → declined, an event, a `declined` message (held when `hold_key`),
    and the proposal leaves the similarity index.
    """
    from .similarity import schedule_refresh

    _require_reason(reason)
    locked = _decide(
        proposal,
        actor=actor,
        action="decline",
        target=S.DECLINED,
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
    from .similarity import schedule_refresh

    if original.pk == proposal.pk:
        raise TransitionNotAllowed(_("A proposal cannot be a duplicate of itself."))
    with transaction.atomic():
        # Lock both rows in id order, as merges do, so neither changes underneath.
        first, second = sorted([proposal.pk, original.pk])
        rows = {
            p.pk: p for p in Proposal.objects.select_for_update().filter(pk__in=[first, second])
        }
        original = rows[original.pk]
        if original.status not in MERGEABLE | {S.PUBLISHED}:
            raise TransitionNotAllowed(_("The original proposal is closed."))
        locked = _apply(
            proposal,
            actor=actor,
            action="mark_duplicate",
            sources=DECIDABLE,
            target=S.DUPLICATE,
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
        slug = _lock(proposal).public_slug or unique_slug(proposal.title, exclude_pk=proposal.pk)
        locked = _apply(
            proposal,
            actor=actor,
            action="publish",
            sources=[S.SHORTLISTED],
            target=S.PUBLISHED,
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
    from .similarity import schedule_refresh

    _require_reason(reason)
    with transaction.atomic():
        locked = _apply(
            proposal,
            actor=actor,
            action="reconsider",
            sources=[S.SHORTLISTED, S.DECLINED, S.DUPLICATE],
            target=S.IN_REVIEW,
            may=may_organize,
            reason=reason,
            fields={"duplicate_of": None},
        )
        schedule_refresh(locked)
    return locked


def _exception(proposal, *, actor, action, reason, fields) -> Proposal:
    """A deadline exception: no state change, but logged like a transition."""
    with transaction.atomic():
        locked = _lock(proposal)
        if not roles.is_organizer(actor):
            raise TransitionNotAllowed(_("Only organizers may grant deadline exceptions."))
        if locked.status not in {S.DRAFT, S.CHANGES_REQUESTED, S.SUBMITTED, S.IN_REVIEW}:
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
    import secrets

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
