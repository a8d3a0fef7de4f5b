"""Published coalitions for the hub's tests (publication itself belongs to the review flow,
so these set status, `published_at` and `public_slug` directly)."""

from __future__ import annotations

import itertools

from django.utils import timezone
from django.utils.text import slugify

from coalitions.enums import MemberRole, ProposalStatus
from coalitions.models import Organization, Proposal, ProposalMember, Region, Sector, Theme
from impact.models import User
from tests.factories import ContactFactory, ProposalFactory, UserFactory, WorkPlanItemFactory

_numbers = itertools.count(1)
OWNER = "coalition-owner@example.org"
REGIONS = ["africa", "asia_pacific", "latin_america_caribbean", "western_asia", "europe"]


def published(
    title: str | None = None,
    *,
    members: int = 0,
    regions: list[str] | None = None,
    themes: tuple[str, ...] = (),
    contacts: int = 1,
    milestones: int = 2,
    **fields,
) -> Proposal:
    """A published coalition with `members` organizations spread over `regions`.

    Members are bulk-created (fast; no signals): call `coalitions.hub.search.refresh` where a
    test needs member names in the PostgreSQL index.
    """
    n = next(_numbers)
    title = title or f"Published coalition {n}"
    fields.setdefault("status", ProposalStatus.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timezone.timedelta(minutes=n))
    fields.setdefault("public_slug", f"{slugify(title)[:60]}-{n}")
    if "owner" not in fields:
        # One owner for all: hashing a password per coalition would dominate the tests' time.
        fields["owner"] = User.objects.filter(email=OWNER).first() or UserFactory(email=OWNER)
    proposal = ProposalFactory(title=title, **fields)
    if themes:
        proposal.themes.set(Theme.objects.filter(slug__in=themes))
    if members:
        add_members(proposal, members, regions=regions or REGIONS)
    for _ in range(contacts):
        ContactFactory(proposal=proposal, email=f"contact-{n}-{_}@example.org")
    start = proposal.edition.ends_on
    for i in range(milestones):
        WorkPlanItemFactory(
            proposal=proposal, date=start + timezone.timedelta(days=90 * i), title=f"Step {i}"
        )
    return proposal


def add_members(proposal: Proposal, count: int, *, regions: list[str], prefix: str = "") -> None:
    region_rows = {r.slug: r for r in Region.objects.filter(slug__in=regions)}
    sector = Sector.objects.get(slug="civil_society")
    prefix = prefix or f"P{proposal.pk} member"
    orgs = Organization.objects.bulk_create(
        Organization(
            name=f"{prefix} {i}",
            sector=sector,
            region=region_rows[regions[i % len(regions)]],
            email=f"org-{proposal.pk}-{i}@example.org",
        )
        for i in range(count)
    )
    ProposalMember.objects.bulk_create(
        ProposalMember(
            proposal=proposal,
            organization=org,
            role=MemberRole.LEAD if i == 0 else MemberRole.MEMBER,
        )
        for i, org in enumerate(orgs)
    )
