"""An organizer creates the online dialogue of the concept note (agenda, panel in two groups,
interpretation) on their own page; the session page shows its times in its official zones and the
reader's; its .ics imports; a session clashing over a room is flagged."""

from __future__ import annotations

import datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.conftest import login, screenshot
from tests.summaries.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANEL = [
    ("moderator", "Nadia Benali", "", "Global Dialogue Institute", ""),
    ("panelist", "Ruth Achieng", "", "East Africa Women's Platform", "Co-facilitators"),
    ("panelist", "Pierre Lambert", "", "Francophone NGO Network", "Co-facilitators"),
    ("panelist", "Carlos Ortega", "Ambassador", "Permanent Mission", "Member States"),
]
AGENDA = [
    ("15:00", "10", "Welcome and introductions"),
    ("15:10", "60", "Panel dialogue"),
    ("16:10", "40", "Questions from participants and the chat"),
    ("16:50", "10", "Final comments"),
]


def fill_session(page, **fields) -> None:
    for name in (
        "title",
        "date",
        "starts_at",
        "ends_at",
        "additional_zones",
        "room",
        "online_link",
    ):
        if name in fields:
            page.fill(f"[name={name}]", fields[name])
    for name in ("kind", "format", "time_zone"):
        if name in fields:
            page.select_option(f"[name={name}]", fields[name])


def test_organizer_creates_the_online_dialogue(page, browser, live_server, organizer, edition):
    kickoff = SessionFactory(
        edition=edition,
        title="Kick-off session",
        date=datetime.date(2024, 5, 10),
        starts_at=datetime.time(12, 30),
        ends_at=datetime.time(14),
        room="CR-8",
        time_zone="Africa/Nairobi",
    )
    login(page, organizer)
    page.goto(f"/organizers/summaries/{edition.slug}/")
    page.get_by_test_id("new-session").click()
    fill_session(
        page,
        title="Civil society – Member States dialogue",
        kind="dialogue",
        date="2024-05-10",
        starts_at="15:00",
        ends_at="17:00",
        time_zone="Europe/Paris",
        additional_zones="America/New_York",
        format="online",
        online_link="https://zoom.example.org/webinar/1",
    )
    for language in ("English", "French", "Spanish"):
        page.get_by_role("checkbox", name=language, exact=True).check()
    for i, (role, name, title, affiliation, group) in enumerate(PANEL):
        page.select_option(f"[name=panel-{i}-role]", role)
        page.fill(f"[name=panel-{i}-name]", name)
        page.fill(f"[name=panel-{i}-title]", title)
        page.fill(f"[name=panel-{i}-affiliation]", affiliation)
        page.fill(f"[name=panel-{i}-group]", group)
    for i, (starts, minutes, item) in enumerate(AGENDA):
        page.fill(f"[name=agenda-{i}-starts_at]", starts)
        page.fill(f"[name=agenda-{i}-duration]", minutes)
        page.fill(f"[name=agenda-{i}-title]", item)
    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_text("Session created.")).to_be_visible()
    official = page.get_by_test_id("official-zone-times")
    expect(official).to_have_count(2)
    expect(official.nth(0)).to_contain_text("15:00–17:00")
    expect(official.nth(0)).to_contain_text("Europe/Paris, CEST")
    expect(official.nth(1)).to_contain_text("09:00–11:00")
    expect(official.nth(1)).to_contain_text("America/New York, EDT")
    expect(page.get_by_test_id("interpretation")).to_have_text("English, French, Spanish")
    expect(page.get_by_test_id("agenda").locator("tbody tr")).to_have_count(4)
    expect(page.get_by_test_id("panel")).to_contain_text("Carlos Ortega, Ambassador")
    expect(page.get_by_test_id("panel")).to_contain_text("Member States")
    session_url = page.url
    screenshot(page, "session-online-dialogue")

    # The calendar file: the session at 15:00 in Paris, which is 13:00 UTC.
    with page.expect_download() as download:
        page.get_by_test_id("session-ics").click()
    calendar = Calendar.from_ical(open(download.value.path(), "rb").read())  # noqa: SIM115
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (15, 0)
    assert start.astimezone(datetime.UTC).hour == 13

    # A reader in Nairobi sees one "your time" line, from their browser's zone (static JS).
    context = browser.new_context(base_url=live_server.url, timezone_id="Africa/Nairobi")
    reader = context.new_page()
    reader.goto(session_url)
    expect(reader.get_by_test_id("your-time")).to_have_count(1)
    expect(reader.get_by_test_id("your-time")).to_contain_text("16:00–18:00 (Africa/Nairobi")
    context.close()

    # A second session in CR-8 overlapping the kick-off is flagged.
    page.goto(f"/organizers/summaries/{edition.slug}/sessions/new/")
    fill_session(
        page,
        title="Side event on the Court",
        kind="side_event",
        date="2024-05-10",
        starts_at="13:30",
        ends_at="15:00",
        time_zone="Africa/Nairobi",
        format="in_person",
        room="CR-8",
    )
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_test_id("room-clash")).to_contain_text("Room clash in CR-8")
    expect(page.get_by_test_id("room-clash")).to_contain_text(kickoff.title)
    page.goto(f"/organizers/summaries/{edition.slug}/")
    expect(page.get_by_test_id("clash-flag")).to_have_count(2)
    expect(page.get_by_test_id("clash-summary")).to_be_visible()
    screenshot(page, "session-list-clash")
