"""Dates and times as machines read them (`<time datetime>`): one format for every page."""

from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter
def machine(value) -> str:
    """A date as 2024-05-10; a moment as 2024-05-10T13:00:00Z (UTC, whole seconds: the HTML
    standard allows at most three digits of a second, and nobody reads a page to the
    microsecond)."""
    if isinstance(value, datetime.datetime):
        zone = "Z" if value.tzinfo is not None else ""
        if zone:
            value = value.astimezone(datetime.UTC)
        return value.replace(microsecond=0, tzinfo=None).isoformat() + zone
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
