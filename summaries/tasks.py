"""Celery tasks of the summaries app."""
