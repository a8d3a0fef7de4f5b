"""Celery tasks of the coalitions app. Thin: load by id, call the domain module."""

from . import reminders  # noqa: F401  (registers the reminder tasks)
