"""Template helpers of the review pages (the dashboard include uses `pending_merge_consents`)."""

from django import template

from ..enums import ConsentDecision, MergeRequestStatus
from ..review.views import consents_for

register = template.Library()


@register.simple_tag
def pending_merge_consents(user):
    """The merge requests waiting for this user's answer (two queries at most)."""
    if not user.is_authenticated:
        return []
    return list(
        consents_for(user).filter(
            decision=ConsentDecision.PENDING, request__status=MergeRequestStatus.PENDING
        )
    )
