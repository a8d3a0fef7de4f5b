"""Template helpers of the review pages (the dashboard include uses `pending_merge_consents`)."""

from django import template

from ..filing import dashboard
from ..models import Proposal

register = template.Library()


@register.simple_tag
def pending_merge_consents(user):
    """The merge requests waiting for this user's answer (one query)."""
    if not user.is_authenticated:
        return []
    return dashboard.merge_waiting(Proposal.objects.editable_by(user).values("pk"))
