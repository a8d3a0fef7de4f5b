"""The dialogue's page read from New York and from Nairobi: both official zones (CEST and EDT)
and one "your time" line, right for each reader; a signed-in person's profile zone wins over
their browser's."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.conftest import login, screenshot
from tests.summaries.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dialogue(edition):
    return SessionFactory(
        edition=edition,
        title="Civil society – Member States dialogue",
        kind="dialogue",
        date=datetime.date(2024, 5, 14),
        starts_at=datetime.time(15),
        ends_at=datetime.time(17),
        time_zone="Europe/Paris",
        additional_zones=["America/New_York"],
        format="online",
        online_link="https://zoom.example.org/webinar/1",
        room="",
    )


def reader_in(browser, live_server, zone: str, **options):
    context = browser.new_context(base_url=live_server.url, timezone_id=zone, **options)
    return context, context.new_page()


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", "Tuesday 14 May 2024, 09:00–11:00 (America/New York, EDT)"),
        ("Africa/Nairobi", "Tuesday 14 May 2024, 16:00–18:00 (Africa/Nairobi"),
    ],
)
def test_each_reader_sees_both_official_zones_and_one_right_your_time_line(
    browser, live_server, dialogue, zone, expected
):
    context, page = reader_in(browser, live_server, zone)
    page.goto(f"/sessions/{dialogue.pk}/")
    official = page.get_by_test_id("official-zone-times")
    expect(official).to_have_count(2)
    expect(official.nth(0)).to_contain_text("Tuesday 14 May 2024, 15:00–17:00")
    expect(official.nth(0)).to_contain_text("(Europe/Paris, CEST)")
    expect(official.nth(1)).to_contain_text("Tuesday 14 May 2024, 09:00–11:00")
    expect(official.nth(1)).to_contain_text("(America/New York, EDT)")
    your_time = page.get_by_test_id("your-time")
    expect(your_time).to_have_count(1)
    expect(your_time).to_be_visible()
    expect(your_time).to_contain_text(f"Your time: {expected}")
    assert "UTC" not in page.get_by_test_id("session-times").inner_text()
    screenshot(page, f"session-times-{zone.split('/')[-1].lower()}")
    context.close()


def test_a_signed_in_persons_profile_zone_wins_over_the_browsers(
    browser, live_server, dialogue, outsider
):
    outsider.time_zone = "Asia/Tokyo"
    outsider.save()
    context, page = reader_in(browser, live_server, "America/New_York")
    login(page, outsider)
    page.goto(f"/sessions/{dialogue.pk}/")
    your_time = page.get_by_test_id("your-time")
    expect(your_time).to_have_count(1)
    # 15:00–17:00 in Paris is 22:00 to midnight in Tokyo: the line names both dates.
    expect(your_time).to_contain_text("Tuesday 14 May 2024, 22:00 – Wednesday 15 May 2024, 00:00")
    expect(your_time).to_contain_text("Asia/Tokyo")
    expect(page.get_by_text("America/New_York")).to_have_count(0)
    context.close()
