"""Template helpers of the organization directory and partner suggestions."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def for_criterion(by_criterion: dict, criterion: str) -> list:
    """The partner suggestions that help meet one criterion."""
    return (by_criterion or {}).get(criterion, [])
