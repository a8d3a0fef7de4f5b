"""Template tags for pages that show hub data outside the hub (the filer's dashboard)."""

from __future__ import annotations

from django import template

from ..enums import JoinRequestState, ProposalStatus
from ..models import JoinRequest, Proposal

register = template.Library()


@register.simple_tag
def pending_join_requests(user) -> list[JoinRequest]:
    """Requests waiting for a decision on the coalitions `user` leads (one query)."""
    if not user.is_authenticated:
        return []
    led = Proposal.objects.editable_by(user).filter(status=ProposalStatus.PUBLISHED)
    return list(
        JoinRequest.objects.filter(state=JoinRequestState.PENDING, proposal__in=led.values("pk"))
        .select_related("proposal", "organization__region", "requested_by")
        .order_by("proposal__title", "created_at")
    )
