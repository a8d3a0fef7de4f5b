"""Builders shared by the review tests."""

from __future__ import annotations

import pytest

from coalitions.enums import MemberRole, ProposalStatus
from coalitions.models import Network, Proposal, Reviewer
from tests.factories import (
    ContactFactory,
    OrganizationFactory,
    ProposalFactory,
    ProposalMemberFactory,
    WorkPlanItemFactory,
)


def network(slug: str = "global-ngo-network") -> Network:
    return Network.objects.get(slug=slug)


def join(user, slug: str = "global-ngo-network", organization=None) -> Reviewer:
    """Make `user` a reviewer of the network `slug`, working for `organization`."""
    return Reviewer.objects.update_or_create(
        user=user, defaults={"network": network(slug), "organization": organization}
    )[0]


def submitted(status: str = ProposalStatus.SUBMITTED, members=(), lead=None, **kwargs) -> Proposal:
    """A proposal in `status` with `members` (organizations), `lead` first, a plan, a contact."""
    proposal = ProposalFactory(status=status, **kwargs)
    if lead is not None:
        ProposalMemberFactory(proposal=proposal, organization=lead, role=MemberRole.LEAD)
    for org in members:
        ProposalMemberFactory(proposal=proposal, organization=org)
    WorkPlanItemFactory(proposal=proposal, title=f"Milestone of {proposal.title}")
    ContactFactory(proposal=proposal, email=f"contact-{proposal.pk}@example.org")
    return proposal


def orgs(n: int) -> list:
    return [OrganizationFactory() for _ in range(n)]


@pytest.fixture
def fast_hashing(settings):
    """Password hashing dominates these tests' set-up; MD5 is fine for throw-away users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reseeded(transactional_db):
    """Re-run the seeding data migrations (idempotent). A transactional test elsewhere in the
    same process may have flushed the database, seeded rows included."""
    import importlib

    from django.apps import apps

    for module in (
        "coalitions.migrations.0003_reference_data",
        "coalitions.migrations.0006_review_seed",
    ):
        importlib.import_module(module).forwards(apps, None)
