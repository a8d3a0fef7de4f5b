"""The organizers' session page: create and edit a session with its panel and agenda; the
session page with its times; calendar files; clashes flagged to organizers only."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from summaries.models import AgendaItem, Participant, Session
from tests.summaries.factories import SessionFactory

DAY = datetime.date(2024, 5, 10)


def formset(prefix: str, rows: list[dict], total: int) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def dialogue_post(**overrides) -> dict:
    data = {
        "title": "Civil society – Member States dialogue",
        "kind": "dialogue",
        "date": "2024-05-10",
        "starts_at": "15:00",
        "ends_at": "17:00",
        "time_zone": "Europe/Paris",
        "format": "online",
        "room": "",
        "online_link": "https://zoom.example.org/j/1",
        "interpretation": ["es", "en", "fr"],
        "expected_outcomes": "A summary of inputs.",
        **formset(
            "panel",
            [
                {"role": "moderator", "name": "Nadia Benali", "affiliation": "Dialogue Institute"},
                {
                    "role": "panelist",
                    "name": "Carlos Ortega",
                    "title": "Ambassador",
                    "affiliation": "Permanent Mission",
                    "group": "Member States' representatives",
                },
            ],
            total=3,
        ),
        **formset(
            "agenda",
            [
                {"starts_at": "15:00", "duration": "10", "title": "Welcome"},
                {"starts_at": "15:10", "duration": "60", "title": "Panel dialogue"},
            ],
            total=3,
        ),
    }
    data.update(overrides)
    return data


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def create_url(edition) -> str:
    return reverse("summaries:session-create", args=[edition.slug])


def test_it_creates_a_session_with_its_panel_and_agenda(organizer_client, edition):
    response = organizer_client.post(create_url(edition), dialogue_post())
    session = Session.objects.get()
    assert response.status_code == 302 and response.url == f"/sessions/{session.pk}/"
    assert (session.edition, session.time_zone, session.format) == (
        edition,
        "Europe/Paris",
        "online",
    )
    assert session.interpretation == ["en", "fr", "es"]  # the UN's order
    panel = list(session.participants.values_list("position", "role", "name", "group"))
    assert panel == [
        (0, "moderator", "Nadia Benali", ""),
        (1, "panelist", "Carlos Ortega", "Member States' representatives"),
    ]
    agenda = list(session.agenda.values_list("position", "starts_at", "duration", "title"))
    assert agenda == [
        (0, datetime.time(15, 0), 10, "Welcome"),
        (1, datetime.time(15, 10), 60, "Panel dialogue"),
    ]


def test_it_edits_reorders_and_removes_rows(organizer_client, edition):
    session = SessionFactory(edition=edition, room="CR-1")
    keep = Participant.objects.create(session=session, role="moderator", name="Keep", position=0)
    drop = Participant.objects.create(session=session, role="panelist", name="Drop", position=1)
    item = AgendaItem.objects.create(session=session, duration=30, title="Old item")
    data = dialogue_post(
        **{
            "panel-TOTAL_FORMS": "3",
            "panel-INITIAL_FORMS": "2",
            "panel-0-id": str(keep.pk),
            "panel-0-role": "moderator",
            "panel-0-name": "Keep Renamed",
            "panel-1-id": str(drop.pk),
            "panel-1-role": "panelist",
            "panel-1-name": "Drop",
            "panel-1-DELETE": "on",
            "panel-2-role": "panelist",
            "panel-2-name": "New panelist",
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "1",
            "agenda-0-id": str(item.pk),
            "agenda-0-duration": "45",
            "agenda-0-title": "Renamed item",
        }
    )
    url = reverse("summaries:session-edit", args=[edition.slug, session.pk])
    assert organizer_client.post(url, data).status_code == 302
    assert list(session.participants.values_list("name", "position")) == [
        ("Keep Renamed", 0),
        ("New panelist", 1),
    ]
    assert list(session.agenda.values_list("title", "duration")) == [("Renamed item", 45)]


def test_bad_input_is_explained_next_to_the_field_and_nothing_is_lost(organizer_client, edition):
    data = dialogue_post(
        time_zone="Mars/Olympus", ends_at="14:00", online_link="", **{"agenda-0-duration": "0"}
    )
    response = organizer_client.post(create_url(edition), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select a valid choice" in body  # the time zone
    assert "A session must end after it starts." in body
    assert "Online and hybrid sessions need an online link." in body
    assert "Ensure this value is greater than or equal to 1." in body
    assert "Carlos Ortega" in body and "Panel dialogue" in body and "A summary of inputs." in body
    assert not Session.objects.exists()


def test_unknown_interpretation_language_is_refused(organizer_client, edition):
    response = organizer_client.post(create_url(edition), dialogue_post(interpretation=["de"]))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_outsiders_get_403_and_anonymous_users_the_log_in_page(client, outsider, edition):
    session = SessionFactory(edition=edition)
    edit_url = reverse("summaries:session-edit", args=[edition.slug, session.pk])
    assert client.get(create_url(edition)).status_code == 302
    client.force_login(outsider)
    assert client.get(create_url(edition)).status_code == 403
    assert client.post(create_url(edition), dialogue_post()).status_code == 403
    assert client.post(edit_url, dialogue_post()).status_code == 403
    assert Session.objects.count() == 1


def test_the_form_offers_iana_zones_and_language_checkboxes(organizer_client, edition):
    body = organizer_client.get(create_url(edition)).content.decode()
    assert '<option value="America/New_York">' in body
    assert 'type="checkbox" name="interpretation" value="ar"' in body


def test_session_page_leaves_the_anonymous_readers_time_to_the_browser(client, edition):
    session = SessionFactory(
        edition=edition,
        date=DAY,
        starts_at=datetime.time(15),
        ends_at=datetime.time(17),
        time_zone="Europe/Paris",
        format="online",
        online_link="https://zoom.example.org/j/1",
        room="",
    )
    body = client.get(reverse("summaries:session", args=[session.pk])).content.decode()
    assert "15:00–17:00" in body and "Europe/Paris, CEST" in body
    # No made-up UTC line: the server does not know the reader's zone, the script asks.
    assert "13:00–15:00" not in body and "(UTC" not in body
    assert "data-your-time" in body and "js/session-times.js" in body


def test_a_signed_in_readers_profile_zone_gives_their_time(client, edition, outsider):
    session = SessionFactory(
        edition=edition,
        date=DAY,
        starts_at=datetime.time(15),
        ends_at=datetime.time(17),
        time_zone="Europe/Paris",
        additional_zones=["America/New_York"],
    )
    outsider.time_zone = "Africa/Nairobi"
    outsider.save()
    client.force_login(outsider)
    body = client.get(reverse("summaries:session", args=[session.pk])).content.decode()
    assert "15:00–17:00" in body and "09:00–11:00" in body and "America/New York, EDT" in body
    assert body.count('data-testid="your-time"') == 1
    assert "Your time: Friday 10 May 2024, 16:00–18:00" in body
    assert "data-your-time" not in body and "session-times.js" not in body


def test_clashes_are_flagged_to_organizers_only(client, organizer, edition):
    first = SessionFactory(edition=edition, title="First", room="CR-8", date=DAY)
    SessionFactory(edition=edition, title="Second", room="CR-8", date=DAY)
    SessionFactory(edition=edition, title="Elsewhere", room="CR-2", date=DAY)
    page = reverse("summaries:session", args=[first.pk])
    assert "Room clash" not in client.get(page).content.decode()
    client.force_login(organizer)
    assert "Room clash in CR-8" in client.get(page).content.decode()
    listing = client.get(reverse("summaries:edition", args=[edition.slug])).content.decode()
    assert listing.count('data-testid="clash-flag"') == 2
    assert "2 sessions share their room with another at the same time." in listing


def test_session_ics_has_the_zone_and_the_right_instant(client, edition):
    session = SessionFactory(
        edition=edition, date=DAY, starts_at=datetime.time(15), time_zone="Europe/Paris"
    )
    response = client.get(reverse("summaries:session-ics", args=[session.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert start.utcoffset() == datetime.timedelta(hours=2)
    assert start.astimezone(datetime.UTC) == datetime.datetime(2024, 5, 10, 13, tzinfo=datetime.UTC)
    assert str(event["SUMMARY"]) == session.title


def test_my_sessions_ics_holds_the_persons_sessions_only(client, owner, outsider, edition):
    mine = SessionFactory(edition=edition, organizers=[owner])
    SessionFactory(edition=edition, organizers=[outsider])
    assert client.get(reverse("summaries:my-sessions-ics")).status_code == 302
    client.force_login(owner)
    calendar = Calendar.from_ical(client.get(reverse("summaries:my-sessions-ics")).content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [mine.title]


def test_edition_page_runs_constant_queries(
    client, organizer, edition, django_assert_max_num_queries
):
    client.force_login(organizer)
    url = reverse("summaries:edition", args=[edition.slug])
    for count in (1, 4):
        while Session.objects.count() < count:
            SessionFactory(edition=edition, room="CR-8")
        # session, user, groups, edition, sessions with reports, their organizers, timings for
        # clashes, status counts, the unread-notifications COUNT in the nav
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200


def test_the_admin_offers_languages_as_checkboxes_not_json(admin_client, edition):
    session = SessionFactory(edition=edition, interpretation=["fr"])
    url = reverse("admin:summaries_session_change", args=[session.pk])
    body = admin_client.get(url).content.decode()
    boxes = dict(
        re.findall(r'<input type="checkbox" name="interpretation" value="(\w+)"([^>]*)>', body)
    )
    assert set(boxes) == {"en", "fr", "es", "ar", "zh", "ru"}
    assert [code for code, attrs in boxes.items() if "checked" in attrs] == ["fr"]
    assert 'name="agenda-TOTAL_FORMS"' in body
