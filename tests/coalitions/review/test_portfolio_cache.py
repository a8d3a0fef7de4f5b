"""The portfolio's cached tally follows every change to what it counts, and the what-if adds
only what was ticked to it."""

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from coalitions.enums import ProposalStatus
from coalitions.models import ConstituencyType, Proposal, Theme
from coalitions.review import merge_requests, portfolio, portfolio_views, reviewing
from tests.coalitions.review.review_helpers import fast_hashing, join, submitted  # noqa: F401
from tests.factories import (
    EditionFactory,
    OrganizationFactory,
    ProposalMemberFactory,
    UserFactory,
    region,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def org(slug, **kwargs):
    return OrganizationFactory(region=region(slug), **kwargs)


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def shortlisted(edition):
    a = submitted(ProposalStatus.SHORTLISTED, lead=org("europe"), members=[org("north_america")])
    b = submitted(ProposalStatus.PUBLISHED, lead=org("north_america"), members=[org("africa")])
    return [a, b]


def fresh(edition):
    return portfolio.tally(portfolio.portfolio_ids(edition))


def assert_follows(edition, change):
    """The cached tally, primed, then `change`: the tally is the fresh count, and differs."""
    primed = portfolio.before(edition)
    assert primed == fresh(edition)
    change()
    assert portfolio.before(edition) == fresh(edition) != primed


def test_the_tally_is_read_from_the_cache_while_nothing_changes(
    edition, shortlisted, django_assert_num_queries
):
    first = portfolio.before(edition)
    with django_assert_num_queries(1):  # the portfolio's fingerprint
        assert portfolio.before(edition) == first


def test_a_member_added_or_removed(edition, shortlisted):
    member = []
    assert_follows(
        edition,
        lambda: member.append(
            ProposalMemberFactory(proposal=shortlisted[0], organization=org("africa"))
        ),
    )
    assert_follows(edition, lambda: member[0].delete())


def test_an_organization_moving_region(edition, shortlisted):
    member = shortlisted[0].members.exclude(role="lead").get().organization

    def move():
        member.region = region("asia_pacific")
        member.save()

    assert_follows(edition, move)


def test_an_organizations_constituency_types(edition, shortlisted):
    member = shortlisted[1].members.first().organization
    women = ConstituencyType.objects.get(slug="women")
    assert_follows(edition, lambda: member.constituencies.add(women))


def test_a_theme_added_to_a_coalition(edition, shortlisted):
    assert_follows(edition, lambda: shortlisted[0].themes.add(Theme.objects.first()))


def test_an_owners_language(edition, shortlisted):
    owner = shortlisted[0].owner

    def speak_french():
        owner.language = "fr" if owner.language != "fr" else "es"
        owner.save()

    assert_follows(edition, speak_french)


def test_a_proposal_joining_or_leaving_the_portfolio(edition, shortlisted):
    candidate = submitted(lead=org("africa"))

    def join_it():
        candidate.status = ProposalStatus.SHORTLISTED
        candidate.save()

    assert_follows(edition, join_it)
    # Without a signal (a bulk update): the count in the fingerprint moves.
    assert_follows(
        edition,
        lambda: Proposal.objects.filter(pk=candidate.pk).update(status=ProposalStatus.DECLINED),
    )


def test_the_what_if_equals_counting_everything_again(edition, shortlisted, expert):
    """Ticked candidates, and a merge of a coalition already shortlisted with a candidate: the
    "after" built from the cached "before" is the full count of the portfolio it describes."""
    shared = org("africa")
    ticked = [
        submitted(lead=org("latin_america_caribbean"), members=[org("asia_pacific")]),
        submitted(lead=org("europe")),
    ]
    candidate = submitted(lead=shared, members=[org("western_asia")])
    ProposalMemberFactory(proposal=shortlisted[0], organization=shared)
    join(expert, "expert-sub-committee")
    request = merge_requests.propose_merge(
        [shortlisted[0], candidate], actor=expert, title="United", reason="Same"
    )
    portfolio.before(edition)  # cached
    panel = portfolio.panel(edition, ticked=[p.pk for p in ticked], merges=[request])
    sources = [shortlisted[0].pk, candidate.pk]
    chosen = Proposal.objects.filter(
        Q(pk__in=portfolio.portfolio_ids(edition)) | Q(pk__in=[p.pk for p in ticked])
    ).exclude(pk__in=sources)
    expected = portfolio.tally(chosen.values("pk")) + portfolio.tally(sources, as_one=True)
    assert panel.after == expected
    assert panel.after.proposals == 2 + 2  # the other coalition, two ticked, the merge


def test_each_proposals_own_tally_adds_up_to_the_tally_of_them_all(edition, shortlisted):
    women, youth = ConstituencyType.objects.filter(slug__in=["women", "children_youth"])
    varied = submitted(
        lead=org("africa"),
        members=[org("europe"), org("africa"), org("asia_pacific")],
    )
    varied.members.first().organization.constituencies.add(women, youth)
    ProposalMemberFactory(proposal=varied, organization=org("western_asia"), role="lead")
    varied.themes.add(*Theme.objects.all()[:2])
    varied.editors.add(UserFactory(language="fr"), UserFactory(language="es"))
    ids = [p.pk for p in (*shortlisted, varied)]
    each, inside = portfolio.tally_each(ids, edition)
    total = portfolio.Tally()
    for t in each.values():
        total = total + t
    assert total == portfolio.tally(ids)
    assert inside == {p.pk for p in shortlisted}
    assert each[varied.pk].counts[("lead_region", "western_asia")] == 1


def test_the_candidates_are_paged_best_first(
    client, expert, reviewer, edition, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(portfolio_views, "CANDIDATES_PER_PAGE", 2)
    join(reviewer)
    join(expert, "expert-sub-committee")
    # Made worst first, so that the order of their ids is not the expected one.
    unread, *scored = (submitted(title=t) for t in ("Unread", "Two", "Three", "Four", "Five"))
    with django_capture_on_commit_callbacks(execute=True):
        for p, value in zip(scored, (2, 3, 4, 5), strict=True):
            reviewing.save_review(
                p,
                reviewer=reviewer,
                recommendation="shortlist",
                relevance=value,
                diversity=value,
                feasibility=value,
            )
    client.force_login(expert)
    pages = []
    for number in (1, 2, 3):
        html = client.get(reverse("coalitions:portfolio"), {"page": number}).content.decode()
        shown = [p for p in (unread, *scored) if f'data-testid="candidate-{p.pk}"' in html]
        pages.append(sorted((html.index(f'candidate-{p.pk}"'), p.title) for p in shown))
    assert [[t for _i, t in page] for page in pages] == [
        ["Five", "Four"],
        ["Three", "Two"],
        ["Unread"],
    ]


def test_signing_in_keeps_the_cached_tally(edition, shortlisted, django_assert_num_queries):
    portfolio.before(edition)
    owner = shortlisted[0].owner
    owner.last_login = timezone.now()
    owner.save(update_fields=["last_login"])
    with django_assert_num_queries(1):  # the fingerprint; the tally still from the cache
        portfolio.before(edition)
