"""Conflicts of interest declared, pinned and lifted, and the assignments a conflict appears on
after they were made.

A conflict that appears after an assignment withdraws it (the row stays, marked declined with
the reason, so the reviewer is not proposed for it again) and asks the same solver for a
replacement, exactly as a decline does (`assigning.replace_declined`), telling the reviewer
(`review_withdrawn`) unless they caused it themselves; what the solver cannot cover is kept on
its run with the reason, and the organizers' start page counts the proposal as not covered.
A conflict appears when:

- a reviewer declares one, or organizers pin one or add one in the admin (`Conflict`);
- organizers delete a lift (a representation they had lifted counts again) or move a conflict
  to another organization;
- a reviewer's representation of an organization is confirmed (`Representative`);
- a reviewer's own organization is set or changed (`Reviewer.organization`);
- an organization joins a proposal (`ProposalMember`: the filers' edits after submission, a
  merge, a version restored, a join request accepted).

Lifting a conflict never reassigns by itself. The signals (`connect()`, from
`CoalitionsConfig.ready`) withdraw in the transaction of the change; `QuerySet.update()` and
`bulk_create()` send none, so code changing these in bulk calls `withdraw_conflicted()`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from impact import audit, roles
from impact.notify import notify

from ..enums import OPEN_TO_REVIEW, ConflictState, RepresentativeState
from ..models import Assignment, Conflict, Organization, ProposalMember, Representative, Reviewer
from ..permissions import conflict_organizations, conflicted, member_organizations
from ..workflow import TransitionNotAllowed
from .assigning import replace_declined

log = logging.getLogger(__name__)


def declare(user, organization: Organization, reason: str) -> Conflict:
    """The reviewer declares a conflict with `organization` (or changes the reason of one they
    declared). One pinned or lifted by organizers stays as they set it. Side effects: the
    conflicted assignments withdrawn (`withdrawn` on the returned row lists them)."""
    conflict, created = Conflict.objects.get_or_create(
        user=user, organization=organization, defaults={"reason": reason, "changed_by": user}
    )
    if not created and conflict.state == ConflictState.DECLARED and conflict.reason != reason:
        conflict.reason = reason
        conflict.save(update_fields=["reason", "updated_at"])
    if not hasattr(conflict, "withdrawn"):
        conflict.withdrawn = []  # type: ignore[attr-defined]
    return conflict


def remove(user, pk) -> bool:
    """The reviewer removes a conflict they declared (pinned ones stay: organizers set them)."""
    if not str(pk or "").isdigit():
        return False
    found = Conflict.objects.filter(pk=int(pk), user=user, state=ConflictState.DECLARED).first()
    if found is None:
        return False
    found.delete()
    return True


def _set_state(conflicts: QuerySet, state: str, *, actor) -> int:
    if not roles.is_organizer(actor):
        raise TransitionNotAllowed(_("Only organizers pin or lift conflicts of interest."))
    changed = 0
    with transaction.atomic():
        rows = Conflict.objects.filter(pk__in=conflicts.values("pk")).exclude(state=state)
        for conflict in rows.select_for_update().order_by("pk"):
            conflict.state, conflict.changed_by = state, actor
            conflict.save(update_fields=["state", "changed_by", "updated_at"])
            changed += 1
    return changed


def pin(conflicts: QuerySet, *, actor) -> int:
    """Organizers pin conflicts: the reviewer can no longer remove them, and a lifted one
    counts again. Each saved on its own (the audit trail and the withdrawal follow)."""
    return _set_state(conflicts, ConflictState.PINNED, actor=actor)


def lift(conflicts: QuerySet, *, actor) -> int:
    """Organizers lift conflicts (a representation or a declaration that should not count; a
    reviewer's own organization always counts). Nothing is reassigned by itself."""
    return _set_state(conflicts, ConflictState.LIFTED, actor=actor)


def withdraw_conflicted(
    *, proposal_ids: Iterable[int] | None = None, user_ids: Iterable[int] | None = None
) -> list[Assignment]:
    """Withdraw the live assignments (of these proposals, to these reviewers) whose reviewer
    now has a conflict of interest with a member of the proposal, and ask the solver to
    replace them after commit (proposals still open to review). Returns those withdrawn."""
    live = Assignment.objects.filter(reviewer__isnull=False, declined_at=None)
    if proposal_ids is not None:
        live = live.filter(proposal_id__in=set(proposal_ids))
    if user_ids is not None:
        live = live.filter(reviewer_id__in=set(user_ids))
    rows = list(live.select_related("proposal", "reviewer").order_by("pk"))
    if not rows:
        return []
    conflicts = conflict_organizations({a.reviewer_id for a in rows})
    members = member_organizations({a.proposal_id for a in rows})
    withdrawn = [a for a in rows if conflicted(conflicts[a.reviewer_id], members[a.proposal_id])]
    if not withdrawn:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Withdrawn: a conflict of interest appeared after the assignment.")
    now, actor = timezone.now(), audit.current_actor()
    for assignment in withdrawn:
        assignment.declined_at, assignment.decline_reason = now, reason
        assignment.save(update_fields=["declined_at", "decline_reason"])
        if actor is None or actor.pk != assignment.reviewer_id:  # not who just declared it
            notify(
                kind="review_withdrawn",
                user=assignment.reviewer,
                context={"proposal": assignment.proposal},
                url=reverse("coalitions:reviewer-profile"),
                dedup_key=f"review_withdrawn:{assignment.pk}",
            )
    log.info("withdrew %d conflicted assignment(s)", len(withdrawn))
    for proposal_id in sorted(
        {a.proposal_id for a in withdrawn if a.proposal.status in OPEN_TO_REVIEW}
    ):
        transaction.on_commit(lambda pk=proposal_id: _replace_later(pk))
    return withdrawn


def _replace_later(proposal_id: int) -> None:
    try:
        replace_declined.delay(proposal_id=proposal_id)
    except OperationalError:
        # The organizers' start page counts it as not covered; a new run covers it.
        log.warning("broker unavailable: proposal %s waits for a replacement", proposal_id)


# --- what can create a conflict ---------------------------------------------------------------


def _conflict_saved(sender, instance: Conflict, raw=False, **kwargs):
    if not raw:
        instance.withdrawn = withdraw_conflicted(user_ids=[instance.user_id])


def _lift_deleted(sender, instance: Conflict, **kwargs):
    if instance.state == ConflictState.LIFTED:
        withdraw_conflicted(user_ids=[instance.user_id])


def _representation_saved(sender, instance: Representative, raw=False, **kwargs):
    if not raw and instance.state == RepresentativeState.CONFIRMED:
        withdraw_conflicted(user_ids=[instance.user_id])


def _touches(field: str, update_fields) -> bool:
    return update_fields is None or field in update_fields


def _reviewer_saved(sender, instance: Reviewer, raw=False, update_fields=None, **kwargs):
    if not raw and instance.organization_id and _touches("organization", update_fields):
        withdraw_conflicted(user_ids=[instance.user_id])


def _member_saved(sender, instance: ProposalMember, raw=False, update_fields=None, **kwargs):
    if not raw and _touches("organization", update_fields):
        withdraw_conflicted(proposal_ids=[instance.proposal_id])


def connect() -> None:
    """Connect the receivers (idempotent: each has a `dispatch_uid`)."""
    post_save.connect(_conflict_saved, sender=Conflict, dispatch_uid="conflicts-conflict")
    post_delete.connect(_lift_deleted, sender=Conflict, dispatch_uid="conflicts-lift-deleted")
    post_save.connect(
        _representation_saved, sender=Representative, dispatch_uid="conflicts-representative"
    )
    post_save.connect(_reviewer_saved, sender=Reviewer, dispatch_uid="conflicts-reviewer")
    post_save.connect(_member_saved, sender=ProposalMember, dispatch_uid="conflicts-member")
