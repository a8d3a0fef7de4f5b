"""The hub in a browser: search, filter, open a coalition, ask to join, and accept as a lead."""

import re

import pytest
from django.utils import timezone

from coalitions.enums import MemberRole
from coalitions.models import CoalitionUpdate, Organization, ProposalMember, Region, Sector
from tests.coalitions.hub.hubdata import published
from tests.conftest import login, screenshot, seed_migration_data
from tests.factories import TEST_PASSWORD, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = [
    ("Nile Basin Civil Society Forum", "UG", "africa"),
    ("Water Justice Kenya", "KE", "africa"),
    ("Sahel Women and Water", "NE", "africa"),
    ("Mekong Rivers Coalition", "TH", "asia_pacific"),
    ("Pacific Islands Ocean Voices", "FJ", "asia_pacific"),
    ("Andes Water Defenders", "PE", "latin_america_caribbean"),
    ("Caribbean Youth for Water", "JM", "latin_america_caribbean"),
    ("Levant Water Commons", "JO", "western_asia"),
    ("European Water Movement", "BE", "europe"),
    ("North American Water Watch", "CA", "north_america"),
]


@pytest.fixture
def reference_data(transactional_db):
    """Regions, sectors, constituencies and themes as the migrations seed them: an earlier
    transactional test may have flushed them."""
    seed_migration_data()


@pytest.fixture
def hub_world(reference_data, edition, owner):
    water = published(
        "Water commons alliance",
        edition=edition,
        owner=owner,
        themes=("climate_environment", "sustainable_development"),
        contacts=0,
        milestones=0,
        summary="Civil society from every region defending water as a commons, not a commodity.",
        principles="Water is a human right.\nCommunities govern their rivers and aquifers.",
        asks="A UN Special Envoy on water.\nA water convention negotiated with civil society.",
    )
    civil_society = Sector.objects.get(slug="civil_society")
    for i, (name, country, region) in enumerate(MEMBERS):
        org = Organization.objects.create(
            name=name,
            country=country,
            region=Region.objects.get(slug=region),
            sector=civil_society,
            email=f"office{i}@ngo.example.org",
        )
        role = MemberRole.LEAD if i == 0 else MemberRole.MEMBER
        ProposalMember.objects.create(proposal=water, organization=org, role=role)
    ContactFactory(
        proposal=water,
        name="Achieng Odhiambo",
        email="achieng@ngo.example.org",
        organization="Nile Basin Civil Society Forum",
    )
    start = edition.ends_on
    for days, title in [
        (-30, "Regional consultations"),
        (0, "Coalition session at the conference"),
        (60, "Joint statement to Member States"),
        (130, "Summit side event"),
    ]:
        water.work_plan.create(
            date=start + timezone.timedelta(days=days),
            title=title,
            description="Open to every member.",
        )
    CoalitionUpdate.objects.create(
        proposal=water, author=owner, body="We met the President of the General Assembly's office."
    )
    published(
        "Digital rights compact",
        edition=edition,
        members=6,
        regions=["europe"],
        themes=("digital_cooperation",),
        summary="An open, rights-based internet.",
    )
    published(
        "Fair finance coalition",
        edition=edition,
        members=8,
        themes=("sustainable_development",),
        summary="Debt justice and fair taxation.",
    )
    return water


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_search_filter_open_ask_to_join_and_accept(page, hub_world, owner, outsider):
    page.goto("/coalitions/")
    assert page.get_by_test_id("result-count").inner_text() == "3 coalitions"
    screenshot(page, "hub-list-desktop")

    page.fill("input[name=q]", "water")
    page.select_option("select[name=region]", "africa")
    page.click("[data-testid=hub-filters] button[type=submit]")
    page.wait_for_url(re.compile(r"q=water.*region=africa"))
    assert page.get_by_test_id("result-count").inner_text() == "1 coalition"
    page.click("text=Water commons alliance")
    page.wait_for_url(re.compile(rf"/coalitions/{hub_world.public_slug}/$"))
    assert page.get_by_test_id("coalition-title").inner_text() == "Water commons alliance"
    members = page.get_by_test_id("members").inner_text()
    assert "10 organizations in 6 regions; 8 based in the global south (80%)" in members
    # Anonymous visitors see who to contact, never an address.
    assert "achieng@" not in page.content()
    screenshot(page, "hub-detail-anonymous-desktop")

    # Ask to join: sign in first, then describe a new organization.
    page.click("[data-testid=join-link]")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=login]", outsider.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/join/$"))
    page.fill("input[name=name]", "Delta Women Forum")
    page.select_option("select[name=sector]", label="Civil society")
    page.select_option("select[name=country]", "BD")
    page.select_option("select[name=region]", label="Asia and the Pacific")
    page.check("text=Women")
    page.fill("textarea[name=message]", "We organize women water users along the delta.")
    screenshot(page, "hub-join-desktop")
    page.click("form[data-testid=join-form] button[type=submit]")
    page.wait_for_url(re.compile(rf"/coalitions/{hub_world.public_slug}/$"))
    assert "sent to the coalition's leads" in page.content()
    assert "pending" in page.get_by_test_id("my-request").inner_text()

    # The lead accepts from the coalition's management page.
    page.context.clear_cookies()
    login(page, owner)
    page.goto(f"/coalitions/{hub_world.public_slug}/")
    page.click("[data-testid=manage-link]")
    request = page.get_by_test_id("join-request")
    assert "Delta Women Forum" in request.inner_text()
    screenshot(page, "hub-manage-desktop")
    request.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    assert "Delta Women Forum is now a member." in page.content()
    assert page.get_by_test_id("no-requests").is_visible()

    page.goto(f"/coalitions/{hub_world.public_slug}/")
    assert "Delta Women Forum" in page.get_by_test_id("members").inner_text()
    assert "achieng@ngo.example.org" in page.get_by_test_id("contacts").inner_text()
    screenshot(page, "hub-detail-lead-desktop")


def test_hub_on_a_phone(phone_page, hub_world, outsider):
    phone_page.goto("/coalitions/")
    assert phone_page.get_by_test_id("hub-results").is_visible()
    no_sideways_scroll(phone_page)
    screenshot(phone_page, "hub-list-phone")
    login(phone_page, outsider)
    phone_page.goto(f"/coalitions/{hub_world.public_slug}/")
    assert phone_page.get_by_test_id("work-plan").is_visible()
    no_sideways_scroll(phone_page)
    screenshot(phone_page, "hub-detail-phone")
    phone_page.click("[data-testid=join-link]")
    phone_page.fill("textarea[name=message]", "We would like to join.")
    phone_page.click("form[data-testid=join-form] button[type=submit]")  # errors, not a 500
    assert phone_page.get_by_test_id("error-name").is_visible()
    assert phone_page.input_value("textarea[name=message]") == "We would like to join."
    no_sideways_scroll(phone_page)
    screenshot(phone_page, "hub-join-errors-phone")
