"""The organizers' start page in a browser: where an organizer lands on signing in, the first
item of the Organizers menu, and the same page on a phone without JavaScript."""

import datetime
import re

import pytest
from django.utils import timezone

from coalitions.enums import ProposalStatus
from impact.models import Notification
from tests.coalitions.review.review_helpers import submitted
from tests.conftest import login, screenshot, seed_migration_data
from tests.factories import EditionFactory
from tests.summaries.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def morning(transactional_db, organizer):
    """An edition under review (a proposal waiting, a held decision, a late report) and a new
    call with nothing filed yet."""
    seed_migration_data()
    review = EditionFactory(slug="review-round", name="Review round", is_current=False)
    EditionFactory(slug="new-call", name="New call", is_current=True)
    submitted(edition=review, title="Oceans and climate justice", status=ProposalStatus.IN_REVIEW)
    Notification.objects.create(
        email="lead@example.org",
        kind="shortlisted",
        subject="Shortlisted",
        body_text="…",
        dedup_key="held-1",
        hold_key="first-round",
        state=Notification.State.HELD,
    )
    SessionFactory(
        edition=review,
        title="Workshop on oceans",
        date=timezone.localdate() - datetime.timedelta(days=2),
    )
    return review


def test_an_organizer_lands_on_it_and_finds_it_first_in_the_menu(page, organizer, morning):
    login(page, organizer)
    assert re.search(r"/organizers/$", page.url)
    assert page.locator("h1").inner_text() == "Organizers' start page"
    assert "first-round — 1 message" in page.get_by_test_id("start-held").inner_text()
    assert "1 late report" in page.get_by_test_id("start-reports").inner_text()
    assert "1 proposal awaits a decision" in page.get_by_test_id("start-awaiting").inner_text()
    screenshot(page, "organizer-start-desktop")
    page.get_by_test_id("organizer-menu").click()
    first = page.locator(".dropdown-menu.show .dropdown-item").first
    assert first.inner_text() == "Start page"
    assert first.get_attribute("href") == "/organizers/"


def test_on_a_phone_without_javascript(browser, live_server, page, organizer, morning):
    login(page, organizer)
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        storage_state=page.context.storage_state(),
        **PHONE,
    )
    phone = context.new_page()
    try:
        phone.goto("/organizers/")
        assert "Review round" in phone.locator("#edition-choice option[selected]").inner_text()
        phone.select_option("#edition-choice", "new-call")
        phone.click("main form button[type=submit]")
        assert phone.url.endswith("/organizers/?edition=new-call")
        assert "0 proposals await a decision" in phone.get_by_test_id("start-awaiting").inner_text()
        phone.goto("/organizers/?edition=review-round")
        screenshot(phone, "organizer-start-phone")
        wide = phone.evaluate(
            "Array.from(document.querySelectorAll('main *'))"
            ".filter(e => e.getBoundingClientRect().right > 391)"
            ".map(e => e.tagName + '.' + e.className)"
        )
        assert wide == []
        # Without a script the menu's toggle is a link to the start page.
        assert phone.get_by_test_id("organizer-menu").get_attribute("href") == "/organizers/"
    finally:
        context.close()
