"""factory_boy factories for the core models. Feature-specific factories may live beside
their tests; these are the ones every part of the suite uses."""

from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from coalitions.enums import MemberRole
from coalitions.models import (
    ConstituencyType,
    Contact,
    Organization,
    Proposal,
    ProposalMember,
    Region,
    Sector,
    WorkPlanItem,
)
from impact.models import ConferenceEdition, User

TEST_PASSWORD = "pass-w0rd-for-tests"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in extracted])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        # A verified primary address, as allauth needs for log-in under mandatory verification.
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition whose call is open: the deadline is 30 days away."""

    class Meta:
        model = ConferenceEdition
        django_get_or_create = ("slug",)

    name = "Test Conference"
    slug = "test-conference"
    city = "Nairobi"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=1))
    eoi_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    horizon_date = factory.LazyAttribute(lambda o: o.ends_on + datetime.timedelta(days=120))
    horizon_label = "the review summit"
    is_current = True


def region(slug: str) -> Region:
    return Region.objects.get(slug=slug)


def sector(slug: str) -> Sector:
    return Sector.objects.get(slug=slug)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organization {n}")
    sector = factory.LazyFunction(lambda: sector("civil_society"))
    country = "KE"
    region = factory.LazyFunction(lambda: region("africa"))

    @factory.post_generation
    def constituencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.constituencies.add(*ConstituencyType.objects.filter(slug__in=extracted))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Coalition proposal {n}")
    summary = "A coalition for accountable global governance."
    principles = "Inclusion, transparency and accountability."
    asks = "Open the UN to civil society."
    owner = factory.SubFactory(UserFactory)


class ProposalMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalMember

    proposal = factory.SubFactory(ProposalFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MemberRole.MEMBER


class WorkPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlanItem

    proposal = factory.SubFactory(ProposalFactory)
    date = factory.LazyAttribute(lambda o: o.proposal.edition.ends_on)
    title = factory.Sequence(lambda n: f"Milestone {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    proposal = factory.SubFactory(ProposalFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
