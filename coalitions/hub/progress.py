"""Progress on published coalitions' work plans: leads' reports, the activity they keep up,
and what the coalition page shows of them.

A report changes one milestone (status, note, evidence link, date) and is kept as a
`MilestoneUpdate`; it restarts the coalition's reporting clock (`coalitions.hub.activity`), whose
result is stored on the proposal in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import webhook_events
from ..enums import Activity
from ..models import CoalitionUpdate, MilestoneUpdate, Proposal, WorkPlanItem
from ..permissions import manages_coalition
from ..workflow import record
from . import cache as hub_cache
from .activity import assess, latest


class ProgressError(Exception):
    """A report that cannot be made; the message is fit to show to the person."""


def report(
    milestone: WorkPlanItem,
    *,
    actor,
    status: str,
    note: str = "",
    evidence_url: str = "",
    happened_on: datetime.date | None = None,
) -> MilestoneUpdate:
    """A lead reports progress on one milestone of a published coalition.

    Side effects: a `MilestoneUpdate` (the history), the milestone's status and `updated_at`,
    a `ProposalEvent`, the coalition's stored activity refreshed (it becomes active), the
    hub's cached pages dropped (model signals), a `milestone.reported` webhook.
    """
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=milestone.proposal_id)
        if not manages_coalition(actor, proposal):
            raise ProgressError(_("Only the coalition's leads may report progress."))
        locked = WorkPlanItem.objects.select_for_update().get(pk=milestone.pk)
        now = timezone.now()
        update = MilestoneUpdate.objects.create(
            proposal=proposal,
            milestone=locked,
            author=actor,
            previous_status=locked.status,
            status=status,
            note=note,
            evidence_url=evidence_url,
            happened_on=happened_on or timezone.localdate(now),
            created_at=now,
        )
        locked.status = status
        locked.updated_at = now
        locked.save(update_fields=["status", "updated_at"])
        record(
            proposal,
            actor=actor,
            action="milestone_progress",
            from_status=proposal.status,
            to_status=proposal.status,
            reason=note,
            data={"milestone": locked.pk, "from": update.previous_status, "to": status},
        )
        refresh(proposal, now=now)
        webhook_events.milestone_reported(proposal, update)
    milestone.status, milestone.updated_at = locked.status, locked.updated_at
    return update


def last_report_at(proposal: Proposal) -> datetime.datetime | None:
    """The latest progress the leads reported: a milestone update or a posted update."""
    milestones = MilestoneUpdate.objects.filter(proposal=proposal).aggregate(t=Max("created_at"))
    posts = CoalitionUpdate.objects.filter(proposal=proposal).aggregate(t=Max("created_at"))
    return latest([milestones["t"], posts["t"]])


def refresh(proposal: Proposal, *, now: datetime.datetime | None = None) -> Activity:
    """Recompute and store one coalition's activity and last report (call it in the
    transaction of the report). Drops the hub's cached pages when the stored values change."""
    now = now or timezone.now()
    last = last_report_at(proposal)
    state = assess(
        published_at=proposal.published_at,
        last_report_at=last,
        interval_days=proposal.edition.reporting_interval_days,
        now=now,
    )
    if (state.status, last) != (proposal.activity, proposal.last_report_at):
        # update(): no `updated_at` bump, no search re-index; the cache is dropped here.
        Proposal.objects.filter(pk=proposal.pk).update(activity=state.status, last_report_at=last)
        proposal.activity, proposal.last_report_at = state.status, last
        hub_cache.invalidate()
    return state.status


def refresh_all(*, now: datetime.datetime | None = None) -> int:
    """Bring every published coalition's stored activity up to `now` (time passing turns
    active coalitions into 'report due', then 'inactive'). Returns how many changed."""
    now = now or timezone.now()
    rows = Proposal.objects.published().values_list(
        "pk", "published_at", "last_report_at", "activity", "edition__reporting_interval_days"
    )
    changed: dict[str, list[int]] = {}
    for pk, published_at, last, stored, interval in rows.iterator(chunk_size=1000):
        status = assess(
            published_at=published_at, last_report_at=last, interval_days=interval, now=now
        ).status
        if status != stored:
            changed.setdefault(status, []).append(pk)
    with transaction.atomic():
        for status, pks in changed.items():
            Proposal.objects.filter(pk__in=pks).update(activity=status)
        if changed:
            hub_cache.invalidate()
    return sum(len(pks) for pks in changed.values())


# --- what the coalition page shows -----------------------------------------------------------


@dataclass
class TimelineEntry:
    """A milestone, or the edition's horizon (`milestone` is None) placed among them."""

    date: datetime.date | None
    milestone: WorkPlanItem | None = None
    label: str = ""

    @property
    def is_horizon(self) -> bool:
        return self.milestone is None


def timeline(proposal: Proposal, milestones: list[WorkPlanItem]) -> list[TimelineEntry]:
    """Dated milestones in order with the horizon (e.g. the Summit of the Future) marked
    where it falls; undated milestones last."""
    edition = proposal.edition
    entries = [TimelineEntry(m.date, m) for m in milestones]
    horizon = TimelineEntry(
        edition.horizon_date, label=edition.horizon_label or _("Horizon of the work plan")
    )
    position = len([e for e in entries if e.date and e.date <= edition.horizon_date])
    dated = sorted((e for e in entries if e.date), key=lambda e: e.date)
    undated = [e for e in entries if not e.date]
    return [*dated[:position], horizon, *dated[position:], *undated]


def history(proposal: Proposal, limit: int = 20) -> list[MilestoneUpdate]:
    """The latest progress reports, newest first, with their milestone and author."""
    updates = proposal.milestone_updates.select_related("milestone", "author")
    return list(updates.order_by("-created_at", "-pk")[:limit])
