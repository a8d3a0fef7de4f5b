"""What the filer should look at before submitting, beside the criteria: a milestone dated far
from the conference (a mistyped year, most often) and a member organization listed twice.

These never block a save or a submission and never touch eligibility (docs/criteria.md is the
criteria's one source); the form's checklist shows them, live through the criteria API too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..criteria import Member, WorkPlanItem

# A milestone more than this long before the conference opens, or after the horizon, is
# most likely a typing mistake in its year.
BEFORE_CONFERENCE = dt.timedelta(days=365)
AFTER_HORIZON = dt.timedelta(days=5 * 365)


def milestone_warnings(
    items: Iterable[WorkPlanItem], *, starts_on: dt.date, horizon: dt.date
) -> list[str]:
    found = []
    for item in items:
        if item.date is None:
            continue
        when = date_format(item.date, "DATE_FORMAT")
        title = item.title or _("a milestone")
        if item.date < starts_on - BEFORE_CONFERENCE:
            found.append(
                _(
                    "“%(title)s” is dated %(date)s, more than a year before the conference "
                    "opens (%(start)s): check the year."
                )
                % {"title": title, "date": when, "start": date_format(starts_on, "DATE_FORMAT")}
            )
        elif item.date > horizon + AFTER_HORIZON:
            found.append(
                _("“%(title)s” is dated %(date)s, years after %(horizon)s: check the year.")
                % {"title": title, "date": when, "horizon": date_format(horizon, "DATE_FORMAT")}
            )
    return found


def duplicate_member_warnings(members: Iterable[Member]) -> list[str]:
    """One warning per organization named more than once (same name in any case, same
    country): saving refuses the second row, so the filer should remove it first."""
    seen: dict[tuple[str, str], str] = {}
    found = []
    for member in members:
        key = (" ".join(member.name.split()).casefold(), member.country)
        if not key[0]:
            continue
        if key in seen:
            if seen[key]:
                found.append(_("“%(name)s” is listed twice as a member.") % {"name": member.name})
                seen[key] = ""
        else:
            seen[key] = member.name
    return found


def filing_warnings(
    members: Iterable[Member],
    work_plan: Iterable[WorkPlanItem],
    *,
    starts_on: dt.date,
    horizon: dt.date,
) -> list[str]:
    """Everything this module notices, duplicates first."""
    return duplicate_member_warnings(members) + milestone_warnings(
        work_plan, starts_on=starts_on, horizon=horizon
    )
