"""The public list and coalition pages: visibility, privacy, metadata, filters, queries."""

import re

import pytest
from django.urls import reverse

from coalitions.enums import ProposalStatus
from coalitions.hub import cache as hub_cache
from coalitions.models import ConstituencyType, Organization, Theme
from tests.coalitions.hub.hubdata import published
from tests.factories import ContactFactory, ProposalFactory

pytestmark = pytest.mark.django_db

HUB = "/coalitions/"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def detail_url(p) -> str:
    return reverse("coalitions:hub-detail", args=[p.public_slug])


def test_it_lists_only_published_coalitions(client, edition, owner):
    shown = published("Water justice alliance", edition=edition)
    for status in ProposalStatus.values:
        if status != ProposalStatus.PUBLISHED:
            ProposalFactory(title=f"Hidden {status}", status=status, edition=edition, owner=owner)
    # Even with a public address, a coalition taken off the hub is not listed.
    ProposalFactory(title="Hidden unpublished", public_slug="was-public", owner=owner)
    body = client.get(HUB).content.decode()
    assert shown.title in body
    assert "Hidden" not in body
    assert "1 coalition" in body


@pytest.mark.parametrize("status", [s for s in ProposalStatus.values if s != "published"])
def test_unpublished_proposals_are_404_for_everyone(client, owner, edition, status):
    proposal = ProposalFactory(owner=owner, status=status, public_slug=f"p-{status}")
    url = reverse("coalitions:hub-detail", args=[proposal.public_slug])
    assert client.get(url).status_code == 404
    # Not even their owner reaches them through the hub.
    client.force_login(owner)
    assert client.get(url).status_code == 404
    assert client.get(url + "join/").status_code == 404
    assert client.get(url + "manage/").status_code == 404


def test_unknown_slug_is_404(client, db):
    assert client.get("/coalitions/no-such-coalition/").status_code == 404


def test_anonymous_pages_carry_no_email_address(client, edition, owner):
    coalition = published("Open governance now", members=6, edition=edition, owner=owner)
    ContactFactory(proposal=coalition, email="private.person@example.net")
    Organization.objects.update(email="press@ngo.example.org")
    for url in (HUB, detail_url(coalition), HUB + "?q=open"):
        html = client.get(url).content.decode()
        assert coalition.title in html
        assert EMAIL.findall(html) == [], url
    # The contact's name is public; the address is for signed-in users only.
    assert "Sign in to see e-mail addresses" in client.get(detail_url(coalition)).content.decode()


def test_signed_in_users_see_contact_addresses(client, edition, outsider):
    coalition = published("Open governance now", edition=edition)
    ContactFactory(proposal=coalition, email="private.person@example.net")
    client.get(detail_url(coalition))  # an anonymous visit fills the cache first
    client.force_login(outsider)
    html = client.get(detail_url(coalition)).content.decode()
    assert "private.person@example.net" in html
    # ...and the cached anonymous page never got this signed-in page's data.
    client.logout()
    assert "private.person@example.net" not in client.get(detail_url(coalition)).content.decode()


def test_the_coalition_page_shows_members_by_region_work_plan_and_metadata(client, edition):
    coalition = published(
        "Fair finance coalition",
        members=10,
        regions=["africa", "europe"],
        themes=("global_governance",),
        edition=edition,
        summary="Reform the international financial architecture.",
    )
    source = ProposalFactory(title="Debt relief network", status=ProposalStatus.MERGED)
    source.merged_into = coalition
    source.save()
    html = client.get(detail_url(coalition)).content.decode()
    # Five of ten members in Africa: a 50% global-south share, and both region groups.
    assert "10 organizations in 2 regions; 5 based in the global south (50%)" in html
    assert html.index(">Africa <") < html.index(">Europe <")
    assert "Step 0" in html and "Step 1" in html and "hub-timeline" in html
    assert "Debt relief network" in html
    assert "Transforming global governance" in html
    assert '<meta property="og:title" content="Fair finance coalition">' in html
    assert "Reform the international financial architecture." in html.split("</head>")[0]
    assert "<title>Fair finance coalition · " in html


def test_filters_by_theme_region_constituency_and_sector(client, edition):
    water = published("Water commons", members=3, regions=["africa"], themes=("health",))
    digital = published(
        "Digital rights compact", members=3, regions=["europe"], themes=("digital_cooperation",)
    )
    youth = ConstituencyType.objects.get(slug="children_youth")
    digital.members.first().organization.constituencies.add(youth)
    academic = Organization.objects.filter(memberships__proposal=water).first()
    academic.sector_id = type(academic.sector).objects.get(slug="academia").pk
    academic.save()

    def titles(query: str) -> list[str]:
        html = client.get(HUB + query).content.decode()
        return sorted(t for t in (water.title, digital.title) if t in html)

    assert titles("") == [digital.title, water.title]
    assert titles("?theme=health") == [water.title]
    assert titles("?region=europe") == [digital.title]
    assert titles("?constituency=children_youth") == [digital.title]
    assert titles("?sector=academia") == [water.title]
    assert titles("?region=europe&theme=health") == []


def test_a_bad_filter_value_is_explained_not_a_500(client, edition):
    published("Water commons", edition=edition)
    response = client.get(HUB + "?region=atlantis&sort=sideways")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Water commons" in html  # the rest of the search still runs


def test_sorting_and_pagination(client, edition):
    for title in ["Bravo", "Alpha", "Charlie"]:
        published(f"{title} coalition", edition=edition)
    html = client.get(HUB + "?sort=title").content.decode()
    assert html.index("Alpha") < html.index("Bravo") < html.index("Charlie")
    # Newest first by default; published() makes later calls older.
    html = client.get(HUB).content.decode()
    assert html.index("Bravo") < html.index("Alpha") < html.index("Charlie")
    for i in range(20):
        published(f"Extra {i}", edition=edition)
    html = client.get(HUB + "?sort=title&page=2").content.decode()
    assert "Page 2 of 2" in html and "Extra 9" in html and "Alpha coalition" not in html
    assert "23 coalitions" in html


def _make_many(edition, count: int) -> list:
    return [published(members=30, edition=edition, themes=("health",)) for _ in range(count)]


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_list_runs_a_constant_number_of_queries(
    client, edition, outsider, django_assert_max_num_queries, signed_in
):
    if signed_in:
        client.force_login(outsider)
    url = HUB + "?region=africa&theme=health&sort=title"
    _make_many(edition, 1)
    # Queries: the two chosen facets (theme, region) looked up, count, page, themes, members
    # with organization and region, the filter form's four reference lists; with a user,
    # session, user, the user's groups and the unread COUNT for the navigation. (The same
    # budget with 1 and with 50 coalitions.)
    for _round in (1, 50):
        hub_cache.invalidate()  # a cold cache for each round
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200
        _make_many(edition, 49)
    assert "20 members" not in response.content.decode()  # 30 members each: all shown


def test_the_list_shows_each_card_complete(client, edition):
    _make_many(edition, 2)
    html = client.get(HUB).content.decode()
    assert html.count("30 members") == 2 and html.count("5 regions") == 2


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_coalition_page_runs_a_constant_number_of_queries(
    client, edition, outsider, django_assert_max_num_queries, signed_in
):
    if signed_in:
        client.force_login(outsider)
    coalitions = _make_many(edition, 1)
    target = coalitions[0]
    for _round in (1, 50):
        hub_cache.invalidate()  # a cold cache for each round
        # Queries: the coalition; themes, members (organization, region, sector), work plan,
        # contacts, merged-from and updates prefetched; the progress history (milestone and
        # author joined); with a user, session, user, the lead check, their own requests, and
        # the navigation's groups and unread COUNT.
        with django_assert_max_num_queries(15):
            response = client.get(detail_url(target))
        assert response.status_code == 200
        assert response.content.decode().count('class="hub-member"') == 30
        _make_many(edition, 49)


def test_anonymous_pages_come_from_the_cache_until_a_coalition_changes(
    client, edition, django_assert_num_queries, django_capture_on_commit_callbacks
):
    coalition = published("Water commons", members=3, edition=edition)
    client.get(HUB)
    client.get(detail_url(coalition))
    with django_assert_num_queries(0):
        assert "Water commons" in client.get(HUB).content.decode()
        assert "Water commons" in client.get(detail_url(coalition)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coalition.title = "Clean water commons"
        coalition.save()
    assert "Clean water commons" in client.get(HUB).content.decode()
    assert "Clean water commons" in client.get(detail_url(coalition)).content.decode()
    # A new theme on the coalition also shows at once.
    coalition.themes.add(Theme.objects.get(slug="health"))
    assert "Health" in client.get(detail_url(coalition)).content.decode()


def test_taking_a_coalition_off_the_hub_drops_its_cached_page(client, edition):
    coalition = published("Water commons", edition=edition)
    assert client.get(detail_url(coalition)).status_code == 200
    coalition.status = ProposalStatus.WITHDRAWN
    coalition.save()
    assert client.get(detail_url(coalition)).status_code == 404
    assert "Water commons" not in client.get(HUB).content.decode()


def test_the_sort_menu_shows_the_order_in_use(client, edition):
    html = client.get("/coalitions/").content.decode()
    assert '<option value="newest" selected>' in html
    html = client.get("/coalitions/?q=water").content.decode()
    assert '<option value="relevance" selected>' in html
