"""The organizers' overview of the hub: coalitions by activity, and milestones done against
planned month by month, for reporting to the Co-Chairs (page and CSV)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from impact.models import ConferenceEdition

from ..enums import Activity, MilestoneStatus
from ..models import Proposal, WorkPlanItem


def coalitions(edition: ConferenceEdition | None = None) -> QuerySet[Proposal]:
    """Published coalitions (of one edition, or all) with their milestone counts."""
    queryset = Proposal.objects.published()
    if edition is not None:
        queryset = queryset.filter(edition=edition)
    counts = {
        f"milestones_{status}": Count("work_plan", filter=Q(work_plan__status=status))
        for status in MilestoneStatus.values
    }
    return (
        queryset.select_related("edition")
        .annotate(milestones_total=Count("work_plan"), **counts)
        .order_by("activity", "title", "pk")
    )


def by_activity(rows: list[Proposal]) -> list[tuple[Activity, list[Proposal]]]:
    """The coalitions grouped by activity, in the order active, report due, inactive."""
    return [(status, [c for c in rows if c.activity == status]) for status in Activity]


@dataclass
class Month:
    month: datetime.date
    planned: int
    done: int
    in_progress: int
    dropped: int

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


def milestones_by_month(edition: ConferenceEdition | None = None) -> list[Month]:
    """Dated milestones of published coalitions, month by month: how many were planned for
    that month (all but the dropped ones), and how many of those are done or in progress."""
    items = WorkPlanItem.objects.filter(proposal__in=coalitions(edition).values("pk"))
    rows = (
        items.exclude(date=None)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            planned=Count("pk", filter=~Q(status=MilestoneStatus.DROPPED)),
            done=Count("pk", filter=Q(status=MilestoneStatus.DONE)),
            in_progress=Count("pk", filter=Q(status=MilestoneStatus.IN_PROGRESS)),
            dropped=Count("pk", filter=Q(status=MilestoneStatus.DROPPED)),
        )
        .order_by("month")
    )
    return [Month(**row) for row in rows]


COALITION_COLUMNS = [
    "slug",
    "title",
    "edition",
    "activity",
    "last_report_at",
    "milestones",
    "planned",
    "in_progress",
    "done",
    "dropped",
]
MONTH_COLUMNS = ["month", "planned", "done", "in_progress", "dropped"]


def coalition_row(coalition: Proposal) -> list:
    return [
        coalition.public_slug,
        coalition.title,
        coalition.edition.slug,
        coalition.activity,
        coalition.last_report_at.isoformat() if coalition.last_report_at else "",
        coalition.milestones_total,
        coalition.milestones_planned,
        coalition.milestones_in_progress,
        coalition.milestones_done,
        coalition.milestones_dropped,
    ]


def month_row(month: Month) -> list:
    return [f"{month.month:%Y-%m}", month.planned, month.done, month.in_progress, month.dropped]
