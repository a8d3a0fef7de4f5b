"""Periodic reminders about proposals: EOI deadline reminders and the reviewers' daily digest.

Both run from Celery beat (see `CELERY_BEAT_SCHEDULE`) and are idempotent through the
outbox's dedup keys: running a job twice, or on two beat instances, sends each message once.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from celery import shared_task
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from impact.models import ConferenceEdition, Notification
from impact.notify import notify

from ..enums import ProposalStatus
from ..models import Assignment, Proposal, Reviewer
from ..permissions import conflict_organizations, conflicted, member_organizations

log = logging.getLogger(__name__)

# Days before the deadline at which owners of drafts are reminded.
DEADLINE_OFFSETS = (7, 1)


def deadline_offset(days_left: int) -> int | None:
    """The reminder due when `days_left` days remain, or None.

    The 7-day reminder covers 7..2 days left and the 1-day one 1..0: if beat missed the exact
    day (an outage, a deploy), the next run still sends it, late rather than never. The dedup
    key names the offset, so each reminder goes once per draft whatever the day it runs.
    """
    if days_left < 0:
        return None
    for offset in sorted(DEADLINE_OFFSETS):
        if days_left <= offset:
            return offset
    return None


def deadline_dedup_key(edition: ConferenceEdition, offset: int, proposal: Proposal) -> str:
    return f"eoi_deadline:{edition.slug}:d{offset}:{proposal.pk}:{proposal.owner_id}"


def send_deadline_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind the owner of every draft whose edition's deadline is 7 or 1 days away.

    Only drafts: a submitted EOI is in, and changes requested by reviewers come with their
    own message. Side effects: one `eoi_deadline_reminder` outbox row per draft and offset.
    Returns how many were queued now (0 on a second run the same day).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = now + datetime.timedelta(days=max(DEADLINE_OFFSETS) + 1)
    queued = 0
    for edition in ConferenceEdition.objects.filter(eoi_deadline__gt=now, eoi_deadline__lt=horizon):
        days_left = edition.days_to_deadline(today)
        offset = deadline_offset(days_left)
        if offset is None:
            continue
        drafts = Proposal.objects.filter(
            edition=edition, status=ProposalStatus.DRAFT, owner__is_active=True
        ).select_related("owner")
        for proposal in drafts.iterator(chunk_size=200):
            row = notify(
                kind="eoi_deadline_reminder",
                user=proposal.owner,
                context={
                    "proposal": proposal,
                    "edition": edition,
                    "deadline": edition.eoi_deadline,
                    "days_left": days_left,
                },
                url=proposal.get_absolute_url(),
                dedup_key=deadline_dedup_key(edition, offset, proposal),
            )
            queued += row is not None
    if queued:
        log.info("deadline reminders: %s queued", queued)
    return queued


# --- the reviewers' digest ----------------------------------------------------------------
#
DIGEST_LOOKBACK = datetime.timedelta(days=7)


def _assignments_per_reviewer(fresh: list) -> tuple[dict[int, list], dict[int, object]]:
    """Reviewer id → their assignments (each proposal once), and reviewer id → user. A whole
    network's assignment counts for its active reviewers without a conflict of interest."""
    network_ids = {a.network_id for a in fresh if a.reviewer_id is None}
    members_of = defaultdict(list)  # network id → [user]
    for profile in Reviewer.objects.filter(
        network_id__in=network_ids, active=True, user__is_active=True
    ).select_related("user"):
        members_of[profile.network_id].append(profile.user)
    conflicts = conflict_organizations(u.pk for users in members_of.values() for u in users)
    orgs_of = member_organizations(a.proposal_id for a in fresh)
    per_reviewer: dict[int, list] = defaultdict(list)
    people = {}
    for assignment in fresh:
        if assignment.reviewer_id is not None:
            targets = [assignment.reviewer]
        else:
            targets = [
                user
                for user in members_of[assignment.network_id]
                if not conflicted(conflicts[user.pk], orgs_of[assignment.proposal_id])
            ]
        for user in targets:
            people[user.pk] = user
            if assignment.proposal_id not in {a.proposal_id for a in per_reviewer[user.pk]}:
                per_reviewer[user.pk].append(assignment)
    return per_reviewer, people


def send_reviewer_digests(*, now: datetime.datetime | None = None) -> int:
    """One e-mail per reviewer listing the proposals assigned to them since their last digest.

    Assignments to one reviewer count for that reviewer; assignments to a whole network count
    for its active reviewers, except those whose organization is a member of the proposal
    (conflict of interest). "Since their last digest" rather than "yesterday": a day beat
    missed is caught up on the next run. Returns how many digests were queued now.
    """
    now = now or timezone.now()
    floor = now - DIGEST_LOOKBACK
    fresh = list(
        Assignment.objects.filter(created_at__gt=floor, created_at__lte=now, declined_at=None)
        .select_related("proposal__edition", "reviewer")
        .order_by("created_at", "pk")
    )
    if not fresh:
        return 0
    per_reviewer, people = _assignments_per_reviewer(fresh)
    last_digest = dict(
        Notification.objects.filter(kind="review_digest", recipient_id__in=people)
        .values("recipient_id")
        .annotate(last=Max("created_at"))
        .values_list("recipient_id", "last")
    )
    today = timezone.localdate(now).isoformat()
    url = reverse("admin:coalitions_proposal_changelist")
    queued = 0
    for user_id, assignments in per_reviewer.items():
        since = max(last_digest.get(user_id) or floor, floor)
        new = [a for a in assignments if a.created_at > since]
        if not new:
            continue
        row = notify(
            kind="review_digest",
            user=people[user_id],
            context={"assignments": new},
            url=url,
            dedup_key=f"review_digest:{today}:{user_id}",
        )
        queued += row is not None
    return queued


@shared_task(name="coalitions.eoi_deadline_reminders", ignore_result=True)
def eoi_deadline_reminders() -> int:
    return send_deadline_reminders()


@shared_task(name="coalitions.reviewer_digest", ignore_result=True)
def reviewer_digest() -> int:
    return send_reviewer_digests()
