"""Template helpers of the organization directory and partner suggestions."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def for_criterion(by_criterion: dict, criterion: str) -> list:
    """The partner suggestions that help meet one criterion."""
    return (by_criterion or {}).get(criterion, [])


@register.inclusion_tag("coalitions/directory/_representative.html", takes_context=True)
def representative_panel(context) -> dict:
    """For a representative's dashboard: open invitations and the coalitions each of their
    organizations would help meet the criteria."""
    from coalitions.organizations import invitations, partner_search, representatives

    user = context["user"]
    if not user.is_authenticated:
        return {}
    orgs = (
        representatives.represented_by(user)
        .select_related("sector", "region")
        .prefetch_related("constituencies")
    )
    return {
        "invitations": list(invitations.pending_for(user)),
        "organizations": [(org, partner_search.for_organization(org, limit=3)) for org in orgs],
        "csrf_token": context.get("csrf_token"),
    }
