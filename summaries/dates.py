"""Dates as the Co-Chairs' Summary writes them, in the language it is exported in."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import pgettext


# Date formats of the document, translatable because languages write dates differently
# ("10 May 2024", "10 mai 2024", "10 de mayo de 2024"); the document is built inside
# `translation.override(language)`, so month and day names follow too.
def long_date(value: date) -> str:
    return date_format(value, pgettext("summary date format (Django date syntax)", "j F Y"))


def day_month(value: date) -> str:
    return date_format(value, pgettext("summary day and month format (Django date syntax)", "j F"))


def short_date(value: date) -> str:
    return date_format(value, pgettext("summary short date format (Django date syntax)", "j M Y"))


def date_range(first: date, last: date) -> str:
    if first == last:
        return long_date(last)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{long_date(last)}"
    if first.year == last.year:
        return f"{day_month(first)} – {long_date(last)}"
    return f"{long_date(first)} – {long_date(last)}"
