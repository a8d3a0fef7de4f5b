"""Reviewers' and organizers' decisions: start review, request changes, shortlist, decline,
mark as duplicate, publish, reconsider, and the release of held decision messages."""

from __future__ import annotations

import html
import re

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from impact import roles
from impact.models import Notification
from impact.outbox import release_held

from .. import webhook_events
from ..enums import (
    AWAITING_DECISION,
    COMPARABLE,
    RECONSIDERABLE,
    RETURNABLE,
    Activity,
    ProposalStatus,
)
from ..models import Proposal
from ..permissions import may_organize, may_review
from ..tasks import schedule_refresh
from .core import (
    CHANGES_WINDOW,
    TransitionNotAllowed,
    lock,
    require_reason,
    tell_editors,
    transition,
    transition_locked,
)
from .letters import closing_reasons, letter_context


def start_review(proposal: Proposal, *, actor) -> Proposal:
    """A reviewer takes up a submitted proposal. Side effects: status → in review, an event."""
    with transaction.atomic():
        return transition(
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
    require_reason(reason)
    until = timezone.now() + CHANGES_WINDOW
    with transaction.atomic():
        locked = lock(proposal)
        current = locked.reopened_until
        locked = transition_locked(
            locked,
            actor=actor,
            action="request_changes",
            sources=RETURNABLE,
            target=ProposalStatus.CHANGES_REQUESTED,
            may=may_review,
            reason=reason,
            fields={"reopened_until": max(until, current) if current else until},
        )
        event = locked.events.all()[0]  # the one just recorded (newest first)
        tell_editors(
            locked,
            kind="changes_requested",
            key=f"e{event.pk}",
            context={"reason": reason, "until": locked.reopened_until},
        )
    return locked


def _decide(proposal, *, actor, action, target, kind, reason, hold_key) -> Proposal:
    with transaction.atomic():
        quoted = closing_reasons(proposal)
        if action == "decline" and not quoted:
            require_reason(reason)
        locked = transition(
            proposal,
            actor=actor,
            action=action,
            sources=AWAITING_DECISION,
            target=target,
            may=may_review,
            # The proposal's history says why, even when only the closure gave the reasons.
            reason=reason.strip() or quoted,
            data={"hold_key": hold_key} if hold_key else None,
            # Until the group is released, its filers see it in review (`models.held`).
            fields={"decision_held": hold_key},
        )
        event = locked.events.all()[0]  # the one just recorded (newest first)
        tell_editors(
            locked,
            kind=kind,
            key=f"e{event.pk}",
            context=letter_context(reason, quoted),
            hold_key=hold_key,
        )
    return locked


def shortlist(proposal: Proposal, *, actor, reason: str = "", hold_key: str = "") -> Proposal:
    """Invite the coalition to the conference.

    Side effects: status → shortlisted, an event, a `shortlisted` message to the owner and
    co-editors — held in the outbox until `release_decisions(hold_key)` when `hold_key` is given.
    When the proposal's discussion is closed, the message quotes its reasons
    (`workflow.letters`); `reason` is an optional message of the decider's own.
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


def decline(proposal: Proposal, *, actor, reason: str = "", hold_key: str = "") -> Proposal:
    """Decline the proposal, with a reason the filers read.

    When the proposal's discussion was closed, the letter quotes the closure's reasons (the
    reviewers' reasons, verbatim) and `reason` may be empty; given as well, it is a message of
    the decider's own that the letter adds after the quote, unless it repeats it. Without a
    closed discussion, `reason` is required: it is then the only reason the filers read.

    Side effects: status → declined, an event (its reason: `reason`, else the closure's), a
    `declined` message to the owner and co-editors (held when `hold_key`), and the proposal
    leaves the similarity index.
    """
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
    message to the owner and co-editors naming the original (and quoting the closed
    discussion's reasons, if it is closed), the proposal leaves the index.
    """
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
        locked = transition_locked(
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
        tell_editors(
            locked,
            kind="duplicate_marked",
            key="1",
            # The note is the reviewers' own; only a closed discussion's reasons are quoted.
            context={"original": original, **letter_context("", closing_reasons(locked))},
        )
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
    already has one), an event, a `published` message to the owner and co-editors, a
    `coalition.published` webhook to the endpoints that subscribed (after commit).
    """
    with transaction.atomic():
        locked = lock(proposal)
        if locked.decision_held:
            # Public at once: its filers would learn the decision before their letter.
            raise TransitionNotAllowed(
                _("Release its letter first (group “%(key)s”): its filers have not been told.")
                % {"key": locked.decision_held}
            )
        slug = locked.public_slug or unique_slug(locked.title, exclude_pk=locked.pk)
        locked = transition_locked(
            locked,
            actor=actor,
            action="publish",
            sources=[ProposalStatus.SHORTLISTED],
            target=ProposalStatus.PUBLISHED,
            may=may_organize,
            # Publication starts the coalition's reporting clock (coalitions.hub.activity).
            fields={
                "published_at": timezone.now(),
                "public_slug": slug,
                "activity": Activity.ACTIVE,
            },
        )
        tell_editors(locked, kind="published", key="1")
        webhook_events.coalition_published(locked)
    return locked


def reconsider(proposal: Proposal, *, actor, reason: str) -> Proposal:
    """Organizers take a decision back: the proposal is in review again. Side effects: an
    event; `duplicate_of` cleared; the proposal returns to the similarity index."""
    require_reason(reason)
    with transaction.atomic():
        locked = transition(
            proposal,
            actor=actor,
            action="reconsider",
            sources=RECONSIDERABLE,
            target=ProposalStatus.IN_REVIEW,
            may=may_organize,
            reason=reason,
            fields={"duplicate_of": None, "decision_held": ""},
        )
        # A decision taken back before its letter went out: that letter never goes.
        Notification.objects.filter(
            state=Notification.State.HELD,
            kind__in=["shortlisted", "declined"],
            context__proposal__pk=locked.pk,
        ).delete()
        schedule_refresh(locked)
    return locked


def release_decisions(hold_key: str, *, actor) -> int:
    """Send every message held under `hold_key` at once (organizers). Returns how many.

    Side effects: those outbox rows become pending and are enqueued after commit
    (`impact.outbox.release_held`), and the group's decisions become visible to their filers
    (`decision_held` cleared, in the same transaction).
    """
    if not roles.is_organizer(actor):
        raise TransitionNotAllowed(_("Only organizers may release decisions."))
    if not hold_key:
        raise TransitionNotAllowed(_("Choose which decisions to release."))
    with transaction.atomic():
        released = release_held(hold_key)
        for proposal in Proposal.objects.filter(decision_held=hold_key).order_by("pk"):
            proposal.decision_held = ""
            proposal.save(update_fields=["decision_held", "updated_at"])
    return released
