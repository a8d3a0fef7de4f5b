"""Reminders to coalition leads to report progress, and the daily refresh of activity.

Both jobs run from Celery beat (`CELERY_BEAT_SCHEDULE`). Reminders go through the outbox with
dedup keys naming what they are about (the milestone and its date; the coalition and the day
its report fell due), so running a job twice, or on two beat instances, sends each once, and
a later cycle (a new date, a new due day after a report) sends again.
"""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.db.models import F, Q
from django.utils import timezone

from impact.notify import notify

from ..enums import Activity, MilestoneStatus
from ..models import Proposal, WorkPlanItem
from ..workflow import recipients
from . import progress
from .activity import assess
from .coalitions import manage_url

log = logging.getLogger(__name__)


def overdue_milestones(today: datetime.date):
    """Open milestones of published coalitions whose date has passed with no report since."""
    # A report on or after the milestone's date answers it; one before does not.
    answered = Q(updated_at__date__gte=F("date"))
    return (
        WorkPlanItem.objects.filter(
            proposal__in=Proposal.objects.published(),
            date__lt=today,
            status__in=MilestoneStatus.open(),
        )
        .exclude(answered)
        .select_related("proposal__owner")
        .prefetch_related("proposal__editors")
        .order_by("proposal_id", "date", "pk")
    )


def send_milestone_reminders(*, now: datetime.datetime | None = None) -> int:
    """Each lead of a coalition gets one reminder per milestone whose date passed without an
    update. Returns how many were queued now (0 when run again)."""
    today = timezone.localdate(now or timezone.now())
    queued = 0
    for milestone in overdue_milestones(today).iterator(chunk_size=200):
        proposal = milestone.proposal
        for lead in recipients(proposal):
            if not lead.is_active:
                continue
            row = notify(
                kind="milestone_overdue",
                user=lead,
                context={"proposal": proposal, "milestone": milestone},
                url=f"{manage_url(proposal)}#progress",
                dedup_key=f"milestone_overdue:{milestone.pk}:{milestone.date}:{lead.pk}",
            )
            queued += row is not None
    return queued


def send_report_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Each lead of a coalition whose progress report has fallen due gets one reminder for that
    due day (a new report restarts the clock and, later, a new due day)."""
    now = now or timezone.now()
    queued = 0
    coalitions = (
        Proposal.objects.published()
        .select_related("edition", "owner")
        .prefetch_related("editors")
        .order_by("pk")
    )
    for proposal in coalitions.iterator(chunk_size=200):
        state = assess(
            published_at=proposal.published_at,
            last_report_at=proposal.last_report_at,
            interval_days=proposal.edition.reporting_interval_days,
            now=now,
        )
        if state.status == Activity.ACTIVE:
            continue
        for lead in recipients(proposal):
            if not lead.is_active:
                continue
            row = notify(
                kind="report_due",
                user=lead,
                context={
                    "proposal": proposal,
                    "interval_days": proposal.edition.reporting_interval_days,
                    "due_at": state.due_at,
                    "inactive_at": state.inactive_at,
                },
                url=f"{manage_url(proposal)}#progress",
                dedup_key=f"report_due:{proposal.pk}:{state.due_at.date()}:{lead.pk}",
            )
            queued += row is not None
    return queued


@shared_task(name="coalitions.refresh_activity", ignore_result=True)
def refresh_activity() -> int:
    return progress.refresh_all()


@shared_task(name="coalitions.progress_reminders", ignore_result=True)
def progress_reminders() -> int:
    progress.refresh_all()
    return send_milestone_reminders() + send_report_due_reminders()
