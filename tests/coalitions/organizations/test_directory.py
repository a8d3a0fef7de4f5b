"""The public organization directory: who is listed, the pages and JSON, no e-mail address,
constant queries, and claiming to act for an organization (from the outsider's side too)."""

import re

import pytest
from django.urls import reverse

from coalitions.enums import RepresentativeState
from coalitions.models import Representative
from impact.models import Notification
from tests.coalitions.hub.hubdata import published
from tests.coalitions.organizations.directorydata import (
    in_coalition,
    looking,
    org,
    represent,
    seeded_directory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("coalitions:directory")
API = reverse("coalitions:directory-api")
EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def seeded(edition):
    return seeded_directory(edition)


def detail(organization) -> str:
    return reverse("coalitions:directory-detail", args=[organization.pk])


def test_members_of_published_coalitions_and_those_looking_are_listed(client, edition):
    coalition = published("Open seas", edition=edition)
    member = in_coalition(coalition, org("Coastal Voices", "africa"))
    seeking = looking("Andes Youth", "latin_america_caribbean")
    quiet = org("Quiet Org", "europe")
    represent(quiet, looking=False)
    draft_only = org("Draft Org", "asia_pacific")
    in_coalition(published("Draft one", edition=edition, status="draft"), draft_only)
    body = client.get(LIST).content.decode()
    assert member.name in body and seeking.name in body
    assert quiet.name not in body and draft_only.name not in body
    assert client.get(detail(quiet)).status_code == 404
    assert client.get(detail(draft_only)).status_code == 404


def test_an_organization_page_shows_what_the_directory_knows(client, seeded):
    member = seeded["coalition"].members.select_related("organization").first().organization
    response = client.get(detail(member))
    body = response.content.decode()
    assert response.status_code == 200
    assert member.name in body and "Kenya" in body or "France" in body or "Colombia" in body
    assert "Climate justice now" in body  # its published coalition
    assert "Climate and environment" in body  # the coalition's theme


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_and_json_hold_no_email_address_for_anonymous_visitors(client, seeded, signed_in):
    pages = [LIST, API, f"{API}?region=africa", f"{LIST}?q=climate"]
    pages += [detail(o) for o in seeded["coalition"].organizations.all()[:3]]
    for url in pages:
        content = client.get(url).content
        assert not EMAIL.search(content), (url, EMAIL.search(content))


def test_filters_and_search_as_on_the_hub(client, seeded):
    data = client.get(API, {"region": "western_asia"}).json()
    assert data["count"] == 3
    assert {r["region"] for r in data["results"]} == {"western_asia"}
    data = client.get(API, {"constituency": "indigenous_peoples"}).json()
    assert {r["name"] for r in data["results"]} >= {"Oslo Peace Lab", "Lima Indigenous Alliance 0"}
    data = client.get(API, {"q": "bogota network"}).json()
    assert data["count"] == 3
    data = client.get(API, {"theme": "climate_environment", "looking": "true"}).json()
    assert data["count"] == 0  # those in the climate coalition are not the ones looking
    data = client.get(API, {"sector": "private_sector"}).json()
    assert [r["name"] for r in data["results"]] == ["Quito Business Council"]
    assert client.get(API, {"region": "atlantis"}).status_code == 400
    assert client.get(API, {"page": 99}).status_code == 404
    assert client.get(LIST, {"region": "atlantis"}).status_code == 200  # the page says why


def test_a_json_record(client, seeded):
    data = client.get(API, {"q": "Lima Indigenous Alliance 0"}).json()
    (record,) = data["results"]
    assert record["region"] == "latin_america_caribbean"
    assert record["country"] == "BR"
    assert record["constituencies"] == ["indigenous_peoples"]
    assert record["looking_for_coalitions"] is True
    assert record["coalitions"] == []
    assert "email" not in record


@pytest.mark.parametrize("url, queries", [(LIST, 9), (API, 5)])
def test_the_list_and_json_run_a_constant_number_of_queries(
    client, edition, url, queries, django_assert_num_queries
):
    coalition = published("Constant", edition=edition, themes=("health",))
    in_coalition(coalition, org("First", "africa", constituencies=("women",)))
    # The count, the page of organizations (with sector and region), their constituency
    # types, their memberships of published coalitions (with the coalition), and those
    # coalitions' themes: 5 queries, with 1 organization as with 40. The page also reads the
    # choices of its region, constituency, sector and theme filters (4).
    with django_assert_num_queries(queries):
        client.get(url)
    for i in range(39):
        in_coalition(coalition, org(f"More {i}", "europe", constituencies=("ngos", "women")))
    with django_assert_num_queries(queries):
        response = client.get(url, {"page_size": 50})
    assert response.status_code == 200


# --- claiming to act for an organization --------------------------------------------------


def test_whoever_enters_an_organization_claims_it_and_waits_for_confirmation(owner):
    from coalitions.organizations import records as organizations

    created, _ = organizations.find_or_create(
        name="New Org", country="KE", sector="civil_society", region="", created_by=owner
    )
    rep = Representative.objects.get(organization=created, user=owner)
    # Typing a name proves nothing: an organizer or a representative confirms the claim.
    assert rep.state == RepresentativeState.PENDING


def test_a_claim_waits_for_a_representative_who_is_told(client, seeded, outsider):
    target = seeded["coalition"].organizations.get(name="Kampala Climate Voices 0")
    existing = represent(target, looking=False)
    client.force_login(outsider)
    response = client.post(reverse("coalitions:directory-claim", args=[target.pk]))
    assert response.status_code == 302
    claim = Representative.objects.get(organization=target, user=outsider)
    assert claim.state == RepresentativeState.PENDING
    assert Notification.objects.filter(recipient=existing, kind="representative_claimed").exists()
    # The claimant cannot confirm their own claim.
    confirm = reverse("coalitions:directory-decide-claim", args=[claim.pk, "confirm"])
    assert client.post(confirm).status_code == 403
    client.force_login(existing)
    assert client.post(confirm).status_code == 302
    claim.refresh_from_db()
    assert claim.state == RepresentativeState.CONFIRMED
    assert claim.confirmed_by == existing


def test_an_outsider_cannot_confirm_or_reject_a_claim(client, seeded, outsider, coeditor):
    target = seeded["coalition"].organizations.first()
    claim = Representative.objects.create(organization=target, user=coeditor)
    client.force_login(outsider)
    for decision in ("confirm", "reject"):
        url = reverse("coalitions:directory-decide-claim", args=[claim.pk, decision])
        assert client.post(url).status_code == 403
    claim.refresh_from_db()
    assert claim.state == RepresentativeState.PENDING
    assert client.get(reverse("coalitions:directory-claim", args=[target.pk])).status_code == 405


def test_an_organizer_confirms_a_claim(client, seeded, organizer, outsider):
    target = seeded["coalition"].organizations.first()
    claim = Representative.objects.create(organization=target, user=outsider)
    client.force_login(organizer)
    client.post(reverse("coalitions:directory-decide-claim", args=[claim.pk, "confirm"]))
    claim.refresh_from_db()
    assert claim.state == RepresentativeState.CONFIRMED


def test_anonymous_visitors_are_sent_to_sign_in_to_claim(client, seeded):
    target = seeded["coalition"].organizations.first()
    response = client.post(reverse("coalitions:directory-claim", args=[target.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Representative.objects.filter(organization=target).exists()


def test_the_looking_setting_lists_the_organizations_one_represents(client, owner):
    mine = org("Mine", "africa")
    represent(mine, owner, looking=False)
    assert client.get(detail(mine)).status_code == 404
    client.force_login(owner)
    url = reverse("coalitions:my-organizations")
    assert client.post(url, {"looking_for_coalitions": "on"}).status_code == 302
    client.logout()
    assert client.get(detail(mine)).status_code == 200
