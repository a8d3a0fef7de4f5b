"""Template helpers of the review pages (the dashboard include uses `pending_merge_consents`)."""

from django import template

from ..filing import dashboard
from ..models import Proposal
from ..review import portfolio_html

register = template.Library()


@register.simple_tag
def pending_merge_consents(user):
    """The merge requests waiting for this user's answer (one query)."""
    if not user.is_authenticated:
        return []
    return dashboard.merge_waiting(Proposal.objects.editable_by(user).values("pk"))


@register.filter
def portfolio_meters(meters, dimension):
    """A dimension's meters as list items (`review.portfolio_html`)."""
    return portfolio_html.meters(dimension, meters)


@register.filter
def candidate_rows(rows):
    """The portfolio's candidates as table rows (`review.portfolio_html`)."""
    return portfolio_html.candidates(rows)
