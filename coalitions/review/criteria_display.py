"""The criteria report as reviewers read it: labels and values in their language.

The report (see docs/interchange.md) names what it measured with stable keys (`csos`,
`min_global_south`, `constituency_types`) and lists slugs and ISO dates, which tools rely
on; people get a label for each key, names for slugs and dates as their language writes them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..criteria import Reference

LABELS = {
    # C1
    "csos": _("civil-society members"),
    "regions": _("regions covered"),
    "global_south": _("members in the global south"),
    "min_csos": _("civil-society members"),
    "min_regions": _("regions"),
    "min_global_south": _("members in the global south"),
    # C2
    "constituencies": _("constituency types"),
    "constituency_types": _("types covered"),
    "min_constituencies": _("constituency types"),
    # C3
    "targets": _("States and UN bodies engaged"),
    "plan_words": _("words in the engagement plan"),
    "support_words": _("words on the support needed"),
    "min_plan_words": _("words"),
    # C4
    "milestones": _("dated milestones"),
    "earliest": _("first milestone"),
    "latest": _("last milestone"),
    "min_milestones": _("dated milestones"),
    "start_by": _("first milestone by"),
    "end_on_or_after": _("last milestone on or after"),
}
DATES = {"earliest", "latest", "start_by", "end_on_or_after"}


def _value(key: str, value: Any, ref: Reference) -> str:
    if value is None or value == []:
        return "—"
    if key in DATES:
        return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
    if key == "constituency_types":
        return ", ".join(str(ref.constituency_types.get(v, v)) for v in value)
    if key == "targets":
        return ", ".join(str(ref.engagement_targets.get(v, v)) for v in value)
    return str(value)


def readable(items: dict[str, Any], ref: Reference) -> list[tuple[str, str]]:
    """(label, value) pairs for a criterion's `measured` or `required` mapping."""
    return [(str(LABELS.get(k, k)), _value(k, v, ref)) for k, v in items.items()]


def readable_report(report: dict[str, Any], ref: Reference) -> list[dict[str, Any]]:
    """The report's criteria with readable `measured` and `required` pairs."""
    return [
        {
            **c,
            "measured": readable(c.get("measured", {}), ref),
            "required": readable(c.get("required", {}), ref),
        }
        for c in report.get("criteria", [])
    ]
