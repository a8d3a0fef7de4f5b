from django import template

from impact import roles

from ..scheduling import when_text

register = template.Library()


@register.filter
def is_organizer(user) -> bool:
    """Conference organizers (the role, not just staff) see the summaries pages in the nav."""
    return roles.is_organizer(user)


@register.filter
def session_when(session) -> str:
    """A session's date and times in each of its official zones, for lists."""
    return when_text(session)
