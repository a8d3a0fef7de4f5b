"""The public organization directory: who is listed, and what a page or a record shows.

Listed: every organization that is a member of a published coalition (that membership is
public already), and every organization with a confirmed representative who chose to be
listed as looking for coalitions (`User.looking_for_coalitions`, off by default). Nothing
here ever exposes an e-mail address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from coalitions.enums import ProposalStatus, RepresentativeState
from coalitions.hub import search
from coalitions.models import Organization, ProposalMember, Representative, Theme


def looking_for_coalitions() -> Exists:
    return Exists(
        Representative.objects.filter(
            organization=OuterRef("pk"),
            state=RepresentativeState.CONFIRMED,
            user__looking_for_coalitions=True,
        )
    )


def listed() -> QuerySet[Organization]:
    """Every organization the directory shows, with `looking` annotated.

    Membership is tested with two uncorrelated `IN (…)` lists rather than an OR of the two
    `EXISTS` above: PostgreSQL hashes each list once instead of probing both per row, which
    is most of the partner suggestions' time at 20,000 organizations."""
    published = ProposalMember.objects.filter(proposal__status=ProposalStatus.PUBLISHED)
    looking = Representative.objects.filter(
        state=RepresentativeState.CONFIRMED, user__looking_for_coalitions=True
    )
    return (
        Organization.objects.annotate(looking=looking_for_coalitions())
        .filter(
            Q(pk__in=published.values("organization_id"))
            | Q(pk__in=looking.values("organization_id"))
        )
        .select_related("sector", "region")
    )


def public_memberships() -> Prefetch:
    """An organization's memberships of published coalitions, with their themes, as
    `public_memberships` (two queries whatever the number of organizations)."""
    return Prefetch(
        "memberships",
        queryset=ProposalMember.objects.filter(proposal__status=ProposalStatus.PUBLISHED)
        .select_related("proposal")
        .prefetch_related("proposal__themes")
        .order_by("proposal__title", "pk"),
        to_attr="public_memberships",
    )


def listing() -> QuerySet[Organization]:
    """Listed organizations with all a card or a record shows, in a fixed number of queries."""
    return listed().prefetch_related("constituencies", public_memberships())


def search_organizations(queryset: QuerySet, query: str) -> QuerySet:
    """Every word of the query must match the name or the acronym (as the hub does). An
    organization listed without its name is never found by it."""
    words = search.terms(query)
    if words:
        queryset = queryset.filter(listed_without_name=False)
    for word in words:
        queryset = queryset.filter(Q(name__icontains=word) | Q(acronym__icontains=word))
    return queryset


@dataclass
class Card:
    organization: Organization
    coalitions: list
    themes: list[Theme]


def card(org: Organization) -> Card:
    """An organization loaded with `listing()`: its published coalitions and their themes."""
    coalitions = [m.proposal for m in org.public_memberships]
    themes: dict[int, Theme] = {}
    for coalition in coalitions:
        for theme in coalition.themes.all():
            themes.setdefault(theme.pk, theme)
    return Card(org, coalitions, sorted(themes.values(), key=lambda t: (t.order, t.name)))


def record(org: Organization, absolute: Callable[[str], str]) -> dict:
    """The open-data record of a listed organization (no e-mail address, no people)."""
    c = card(org)
    unnamed = org.listed_without_name
    return {
        "id": org.pk,
        # Listed without its name: its region, sector and constituency types only, no page.
        "name": org.public_name,
        "acronym": org.public_acronym,
        "url": None if unnamed else absolute(reverse("coalitions:directory-detail", args=[org.pk])),
        "country": str(org.public_country or ""),
        "region": org.region.slug,
        "sector": org.sector.slug,
        "global": org.is_global,
        "website": "" if unnamed else org.website,
        "listed_without_name": unnamed,
        "constituencies": [t.slug for t in org.constituencies.all()],
        "themes": [{"slug": t.slug, "name": str(t)} for t in c.themes],
        "looking_for_coalitions": bool(getattr(org, "looking", False)),
        "coalitions": [
            {
                "slug": p.public_slug,
                "title": p.title,
                "url": absolute(reverse("coalitions:hub-detail", args=[p.public_slug])),
            }
            for p in c.coalitions
        ],
    }
