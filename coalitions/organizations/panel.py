"""What a representative sees of their organizations (the dashboard's panel and "My
organizations"), in a number of queries that does not grow with how many they act for.

The coalitions an organization would help meet the criteria (`partner_search.for_organization`,
a search over the published coalitions) are never computed while those pages are built: each
organization's are fetched after the page (`views.coalitions_to_help`, a fragment that
static/js/site.js puts in place; without JavaScript, a link to the same list on a page of its
own), kept in the cache until the organization, its declined invitations or any public
coalition change, and limited per person (`RATE_LIMITS["partner_suggestions"]`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language

from coalitions.enums import InvitationState
from coalitions.models import Organization, PartnerInvitation
from coalitions.organizations import invitations, partner_search, representatives
from impact import caches, pagecache

# Organizations and invitations the dashboard shows; "My organizations" pages through the rest.
PANEL_SIZE = 5
PAGE_SIZE = 20
SUGGESTIONS = 5
TO_HELP_SECONDS = 600


@dataclass
class Panel:
    invitations: list[PartnerInvitation] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    more: bool = False  # the user acts for more organizations than are shown


def panel(user) -> Panel:
    """The dashboard's panel: open invitations and the first organizations (two queries; one
    for someone who represents none)."""
    if not user.is_authenticated:
        return Panel()
    acting_for = representatives.represented_by(user).only("pk", "name", "acronym")
    orgs = list(acting_for[: PANEL_SIZE + 1])
    if not orgs:  # invitations go to the organizations one represents: none to look for
        return Panel()
    return Panel(
        invitations=list(invitations.pending_for(user)[:PANEL_SIZE]),
        organizations=orgs[:PANEL_SIZE],
        more=len(orgs) > PANEL_SIZE,
    )


def to_help_key(org: Organization) -> str:
    """Every source of an organization's suggestions, as a key (one query: its declined
    invitations, which the search leaves out)."""
    declined = PartnerInvitation.objects.filter(
        organization=org, state=InvitationState.DECLINED
    ).count()
    stamp = f"{org.updated_at.timestamp() if org.updated_at else 0}-{declined}"
    return caches.key(
        "coalitions-to-help",
        organization=org.pk,
        stamp=stamp,
        version=pagecache.version(),
        language=get_language(),
    )


def to_help_html(request: HttpRequest, org: Organization) -> str:
    """The coalitions `org` would help meet the criteria, rendered; from the cache when it can."""
    key = to_help_key(org)
    html = cache.get(key)
    if html is None:
        loaded = (
            Organization.objects.select_related("sector", "region")
            .prefetch_related("constituencies")
            .get(pk=org.pk)
        )
        html = render_to_string(
            "coalitions/directory/_to_help.html",
            {
                "organization": loaded,
                "coalitions": partner_search.for_organization(loaded, limit=SUGGESTIONS),
            },
            request=request,
        )
        cache.set(key, html, TO_HELP_SECONDS)
    return html
