"""The site-wide roles in templates: `{% load roles %}{% if user|is_reviewer %}`."""

from django import template

from impact import roles

register = template.Library()


@register.filter
def is_reviewer(user) -> bool:
    """Network and Expert reviewers, and organizers (who can do whatever reviewers can)."""
    return roles.is_reviewer(user)


@register.filter
def is_organizer(user) -> bool:
    return roles.is_organizer(user)
