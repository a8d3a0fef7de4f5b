"""Template tags for pages that show hub data outside the hub (the filer's dashboard)."""

from __future__ import annotations

from django import template

from ..enums import ProposalStatus
from ..filing import dashboard
from ..models import JoinRequest, Proposal

register = template.Library()


@register.simple_tag
def pending_join_requests(user) -> list[JoinRequest]:
    """Requests waiting for a decision on the coalitions `user` leads (one query)."""
    if not user.is_authenticated:
        return []
    led = Proposal.objects.editable_by(user).filter(status=ProposalStatus.PUBLISHED)
    return dashboard.join_requests(led.values("pk"))
