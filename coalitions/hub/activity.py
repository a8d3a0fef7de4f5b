"""Whether a published coalition is still reporting progress: a pure function of dates.

A coalition reports progress by updating a milestone or posting an update. Its clock starts
at publication and restarts with every report:

- *active*: the last report (or the publication) is less than the edition's reporting
  interval old;
- *report due*: it is older than the interval;
- *inactive*: it is older than twice the interval.

The result is stored on the proposal (`Proposal.activity`, with `last_report_at`) so the hub
lists, filters and sorts by it without extra queries; `coalitions.hub.progress` refreshes it in
the transaction of each report, and a daily task as time passes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from ..enums import Activity


@dataclass(frozen=True)
class ActivityState:
    status: Activity
    last_report_at: datetime.datetime | None
    # When the next report is (or was) due, and when the coalition turns (or turned) inactive.
    due_at: datetime.datetime | None
    inactive_at: datetime.datetime | None


def latest(times: Iterable[datetime.datetime | None]) -> datetime.datetime | None:
    """The most recent of the given moments, ignoring the missing ones."""
    present = [t for t in times if t is not None]
    return max(present) if present else None


def assess(
    *,
    published_at: datetime.datetime | None,
    last_report_at: datetime.datetime | None,
    interval_days: int,
    now: datetime.datetime,
) -> ActivityState:
    """The coalition's activity at `now`, from its publication and its last progress report."""
    start = latest([published_at, last_report_at])
    if start is None:
        # Never published nor reported: nothing to hold it to yet.
        return ActivityState(Activity.ACTIVE, last_report_at, None, None)
    interval = datetime.timedelta(days=max(1, interval_days))
    due_at = start + interval
    inactive_at = start + 2 * interval
    if now >= inactive_at:
        status = Activity.INACTIVE
    elif now >= due_at:
        status = Activity.REPORT_DUE
    else:
        status = Activity.ACTIVE
    return ActivityState(status, last_report_at, due_at, inactive_at)
