"""A seeded organization directory for the directory and partner-suggestion tests."""

from __future__ import annotations

import itertools

from coalitions.enums import MemberRole, RepresentativeState
from coalitions.models import Organization, ProposalMember, Representative, Theme
from tests.coalitions.hub.hubdata import published
from tests.factories import OrganizationFactory, ProposalFactory, UserFactory, region, sector

_numbers = itertools.count(1)
COUNTRY = {
    "africa": "KE",
    "asia_pacific": "IN",
    "latin_america_caribbean": "BR",
    "western_asia": "JO",
    "europe": "FR",
    "north_america": "CA",
}


def org(
    name: str,
    region_slug: str,
    *,
    constituencies: tuple[str, ...] = (),
    sector_slug: str = "civil_society",
    email: str = "",
) -> Organization:
    return OrganizationFactory(
        name=name,
        region=region(region_slug),
        country=COUNTRY[region_slug],
        sector=sector(sector_slug),
        constituencies=list(constituencies),
        email=email or f"info-{next(_numbers)}@example.org",
    )


def represent(organization: Organization, user=None, *, looking: bool = True):
    """A confirmed representative (a new person unless given) who sets the listing setting."""
    user = user or UserFactory(email=f"rep-{next(_numbers)}@example.org")
    user.looking_for_coalitions = looking
    user.save(update_fields=["looking_for_coalitions"])
    Representative.objects.create(
        organization=organization, user=user, state=RepresentativeState.CONFIRMED
    )
    return user


def looking(name: str, region_slug: str, **kwargs) -> Organization:
    """An organization listed because its representative looks for coalitions."""
    organization = org(name, region_slug, **kwargs)
    represent(organization)
    return organization


def in_coalition(coalition, organization: Organization) -> Organization:
    ProposalMember.objects.create(
        proposal=coalition, organization=organization, role=MemberRole.MEMBER
    )
    return organization


def lacking_one_south_region(edition, owner, *, themes=("climate_environment",)):
    """A draft with 4 civil-society members in 4 regions, 2 of them global south, covering
    3 constituency types: C1 needs one more region and one more global-south member (Latin
    America and the Caribbean or Western Asia would do both); C2 is met."""
    proposal = ProposalFactory(
        edition=edition,
        owner=owner,
        title="Climate finance accountability",
        summary="Holding climate finance to account for frontline communities.",
        principles="Climate justice, accountability of climate finance.",
        asks="A seat for frontline communities in climate finance decisions.",
    )
    proposal.themes.set(Theme.objects.filter(slug__in=themes))
    members = [
        org("Nairobi Climate Hub", "africa", constituencies=("women",)),
        org("Delhi Air Collective", "asia_pacific", constituencies=("children_youth",)),
        org("Paris Finance Watch", "europe", constituencies=("ngos",)),
        org("Toronto Rivers", "north_america"),
    ]
    for i, member in enumerate(members):
        ProposalMember.objects.create(
            proposal=proposal,
            organization=member,
            role=MemberRole.LEAD if i == 0 else MemberRole.MEMBER,
        )
    return proposal


def seeded_directory(edition):
    """A published coalition on climate with members in covered and missing regions, and
    organizations looking for coalitions across every region."""
    climate = published(
        "Climate justice now",
        edition=edition,
        themes=("climate_environment",),
        summary="Climate finance accountability for frontline communities.",
    )
    found = {"coalition": climate}
    # Covered regions, close in theme and text: they add nothing but a global-south count.
    for i in range(4):
        in_coalition(climate, org(f"Kampala Climate Voices {i}", "africa"))
        in_coalition(climate, org(f"Berlin Climate Finance {i}", "europe"))
    # Missing regions: these close the gap.
    for i in range(3):
        in_coalition(climate, org(f"Bogota Climate Network {i}", "latin_america_caribbean"))
        looking(f"Amman Water Forum {i}", "western_asia")
        looking(
            f"Lima Indigenous Alliance {i}",
            "latin_america_caribbean",
            constituencies=("indigenous_peoples",),
        )
    looking("Oslo Peace Lab", "europe", constituencies=("indigenous_peoples",))
    looking("Quito Business Council", "latin_america_caribbean", sector_slug="private_sector")
    return found
