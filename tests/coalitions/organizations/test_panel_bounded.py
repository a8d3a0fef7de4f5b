"""A representative's pages cost the same whatever they act for: the dashboard and "My
organizations" run the same queries for 1 organization and for 50 and never search for
partners; the coalitions each organization would help are fetched after the page, cached and
limited. Typing an organization's name makes nobody its representative."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitions.criteria_bridge import refresh_criteria
from coalitions.enums import RepresentativeState
from coalitions.models import Representative
from coalitions.organizations import partner_search, representatives
from tests.coalitions.hub.hubdata import published
from tests.coalitions.organizations.directorydata import in_coalition, org, represent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_partner_search(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a partner search ran while the page was built")

    monkeypatch.setattr(partner_search, "for_organization", refuse)


def needing_asia(title: str, edition):
    """A published coalition whose members are all in Africa and Europe: C1 is short of
    regions, which an organization in Asia and the Pacific would close."""
    coalition = published(title, edition=edition)
    for n in range(4):
        in_coalition(coalition, org(f"{title} Africa {n}", "africa"))
    refresh_criteria(coalition)
    assert "C1" in coalition.failing_criteria
    return coalition


def _acting_for(user, count: int, start: int) -> None:
    for n in range(start, start + count):
        represent(org(f"Network {n}", "africa", constituencies=("youth",)), user)


@pytest.mark.parametrize(
    "url", [reverse("coalitions:dashboard"), reverse("coalitions:my-organizations")]
)
def test_the_same_queries_for_one_organization_and_fifty(
    client, edition, url, no_partner_search, django_assert_num_queries
):
    user = UserFactory(email="many@example.org")
    client.force_login(user)
    _acting_for(user, 1, 0)
    client.get(url)  # the session and the roles are then cached
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _acting_for(user, 49, 1)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    page = response.content.decode()
    # The dashboard shows the first few and links to the rest; each with a link to its list.
    assert 'data-testid="to-help-link"' in page or url.endswith("/mine/")
    if url.endswith("/mine/"):
        assert page.count("/organizations/") >= 20 and 'data-testid="next-page"' in page
    else:
        assert page.count('data-testid="coalitions-for-organization"') == 5
        assert 'data-testid="more-organizations"' in page


def test_the_coalitions_an_organization_would_help_come_after_the_page(client, edition):
    user = UserFactory(email="rep@example.org")
    asia = org("Asia Youth Voice", "asia_pacific", constituencies=("youth",))
    represent(asia, user)
    needs = needing_asia("Water commons", edition)
    client.force_login(user)
    url = reverse("coalitions:directory-to-help", args=[asia.pk])
    fragment = client.get(url, {"fragment": "1"})
    assert fragment.status_code == 200
    assert needs.title in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    # Without JavaScript, the same list on a page of its own.
    page = client.get(url)
    assert needs.title in page.content.decode() and "<html" in page.content.decode()


def test_the_list_is_kept_until_a_source_changes(client, edition, django_assert_num_queries):
    user = UserFactory(email="rep@example.org")
    asia = org("Asia Youth Voice", "asia_pacific", constituencies=("youth",))
    represent(asia, user)
    needing_asia("Water commons", edition)
    client.force_login(user)
    url = reverse("coalitions:directory-to-help", args=[asia.pk])
    client.get(url, {"fragment": "1"})
    # Again: the organization, whether the user represents it, its declined invitations; the
    # list itself from the cache.
    with django_assert_num_queries(4):
        client.get(url, {"fragment": "1"})
    # A newly published coalition that needs it is in the next answer.
    more = needing_asia("Digital rights compact", edition)
    assert more.title in client.get(url, {"fragment": "1"}).content.decode()


def test_only_its_representatives_and_organizers_see_it(client, edition, organizer):
    asia = org("Asia Youth Voice", "asia_pacific")
    url = reverse("coalitions:directory-to-help", args=[asia.pk])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(UserFactory(email="other@example.org"))
    assert client.get(url).status_code == 403
    pending = UserFactory(email="pending@example.org")
    Representative.objects.create(organization=asia, user=pending)
    client.force_login(pending)
    assert client.get(url).status_code == 403
    client.force_login(organizer)
    assert client.get(url).status_code == 200


def test_fetching_it_in_a_loop_is_limited(client, edition, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "partner_suggestions": "3/m"}
    user = UserFactory(email="rep@example.org")
    asia = org("Asia Youth Voice", "asia_pacific")
    represent(asia, user)
    client.force_login(user)
    url = reverse("coalitions:directory-to-help", args=[asia.pk])
    codes = [client.get(url, {"fragment": "1"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_typing_an_organization_makes_a_claim_not_a_representative(client, edition, organizer):
    filer = UserFactory(email="filer@example.org")
    typed = org("Sahel Youth", "africa")
    representatives.add_filer(typed, filer)
    assert not representatives.is_representative(filer, typed)
    assert list(representatives.represented_by(filer)) == []
    claim = Representative.objects.get(organization=typed, user=filer)
    assert claim.state == RepresentativeState.PENDING
    # An organizer confirms it; only then does the filer act for it.
    representatives.confirm(claim, actor=organizer)
    assert representatives.is_representative(filer, typed)
