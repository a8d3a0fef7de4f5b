from django import template

from impact import roles

register = template.Library()


@register.filter
def is_organizer(user) -> bool:
    """Conference organizers (the role, not just staff) see the summaries pages in the nav."""
    return roles.is_organizer(user)
