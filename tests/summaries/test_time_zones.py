"""Time zones without doubt: a session's own and additional official zones, sessions crossing
midnight, the reader's zone from their profile (asked at sign-up), absolute-time order."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from summaries.compiler import build_document
from summaries.models import Session
from tests.summaries.factories import SessionFactory
from tests.summaries.test_sessions import create_url, dialogue_post

pytestmark = pytest.mark.django_db
NAIROBI = datetime.timezone(datetime.timedelta(hours=3))


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def test_a_session_from_23_00_to_01_00_nairobi_is_saved_and_shown_on_both_dates(
    organizer_client, edition
):
    response = organizer_client.post(
        create_url(edition),
        dialogue_post(
            date="2024-05-09",
            starts_at="23:00",
            ends_at="01:00",
            time_zone="Africa/Nairobi",
            additional_zones="America/New_York, Europe/Paris",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get()
    assert session.additional_zones == ["America/New_York", "Europe/Paris"]
    assert session.starts == datetime.datetime(2024, 5, 9, 23, tzinfo=NAIROBI)
    assert session.ends == datetime.datetime(2024, 5, 10, 1, tzinfo=NAIROBI)

    body = organizer_client.get(reverse("summaries:session", args=[session.pk])).content.decode()
    assert "Thursday 9 May 2024, 23:00 – Friday 10 May 2024, 01:00" in body
    assert "(Africa/Nairobi, EAT)" in body
    # In New York the same session sits on one day: 16:00–18:00 EDT on the 9th.
    assert "Thursday 9 May 2024, 16:00–18:00" in body and "America/New York, EDT" in body
    assert "Thursday 9 May 2024, 22:00 – Friday 10 May 2024, 00:00" in body  # Paris, CEST

    ics = organizer_client.get(reverse("summaries:session-ics", args=[session.pk])).content
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    starts, ends = event.decoded("dtstart"), event.decoded("dtend")
    assert (starts.isoformat(), ends.isoformat()) == (
        "2024-05-09T23:00:00+03:00",
        "2024-05-10T01:00:00+03:00",
    )
    assert str(starts.tzinfo) == "Africa/Nairobi"
    description = str(event["description"])
    assert "2024-05-09 23:00–2024-05-10 01:00 (Africa/Nairobi, EAT)" in description
    assert "2024-05-09 16:00–18:00 (America/New York, EDT)" in description

    annex = build_document(edition).sessions
    assert annex[0].time == (
        "23:00–10 May 2024 01:00 (Africa/Nairobi, EAT); 16:00–18:00 (America/New York, EDT); "
        "22:00–10 May 2024 00:00 (Europe/Paris, CEST)"
    )


def test_annex_i_and_the_organizers_list_order_sessions_by_absolute_time(organizer_client, edition):
    # 17:00 in New York is 00:00 in Nairobi: later than 23:00 Nairobi, though its clock is not.
    day = datetime.date(2024, 5, 9)
    SessionFactory(
        edition=edition,
        title="Evening in New York",
        date=day,
        starts_at=datetime.time(17),
        ends_at=datetime.time(18),
        time_zone="America/New_York",
    )
    SessionFactory(
        edition=edition,
        title="Late in Nairobi",
        date=day,
        starts_at=datetime.time(23),
        ends_at=datetime.time(23, 30),
        time_zone="Africa/Nairobi",
    )
    assert [row.title for row in build_document(edition).sessions] == [
        "Late in Nairobi",
        "Evening in New York",
    ]
    body = organizer_client.get(reverse("summaries:edition", args=[edition.slug])).content
    text = body.decode()
    assert text.index("Late in Nairobi") < text.index("Evening in New York")
    assert "17:00–18:00 (America/New York, EDT)" in text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "15:00"}, "ends_at", "A session must end after it starts."),
        ({"ends_at": "14:00"}, "ends_at", "within 12 hours of its start"),
        ({"additional_zones": "America/New_York, Mars/Olympus"}, "additional_zones", "Mars/"),
    ],
)
def test_bad_times_and_zones_are_refused_next_to_the_field(
    organizer_client, edition, changes, field, message
):
    response = organizer_client.post(create_url(edition), dialogue_post(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert Session.objects.count() == 0
    # What was typed is kept.
    assert str(next(iter(changes.values()))) in response.content.decode()


def test_the_profile_sets_and_clears_the_readers_zone(client, outsider):
    client.force_login(outsider)
    url = reverse("profile")
    data = {"name": "Otto", "language": "en", "time_zone": "Africa/Nairobi"}
    assert client.post(url, data).status_code == 302
    outsider.refresh_from_db()
    assert outsider.time_zone == "Africa/Nairobi"
    response = client.post(url, {**data, "time_zone": "Atlantis/Capital"})
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    outsider.refresh_from_db()
    assert outsider.time_zone == "Africa/Nairobi"
    assert client.post(url, {**data, "time_zone": ""}).status_code == 302
    outsider.refresh_from_db()
    assert outsider.time_zone == ""


def test_the_profile_is_only_for_the_signed_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_sign_up_stores_the_zone_chosen(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="time_zone"' in page and "data-browser-zone" in page
    password = "a-Strong-passphrase-42"
    client.post(
        reverse("account_signup"),
        {
            "email": "amina@example.org",
            "password1": password,
            "password2": password,
            "time_zone": "Africa/Nairobi",
        },
    )
    from impact.models import User

    assert User.objects.get(email="amina@example.org").time_zone == "Africa/Nairobi"
