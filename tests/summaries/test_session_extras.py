"""The session's organizers set on the session page; the .ics names the panel; organizers
land on their own start page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from summaries.models import Participant, Session
from tests.factories import TEST_PASSWORD, UserFactory
from tests.summaries.factories import SessionFactory
from tests.summaries.test_sessions import create_url, dialogue_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def test_organizers_assign_session_organizers_by_e_mail(organizer_client, edition):
    amina = UserFactory(email="amina@example.org")
    UserFactory(email="ben@example.org")
    response = organizer_client.post(
        create_url(edition), dialogue_post(organizers="Amina@example.org, ben@example.org")
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert sorted(u.email for u in session.organizers.all()) == [
        "amina@example.org",
        "ben@example.org",
    ]
    edit = reverse("summaries:session-edit", args=[edition.slug, session.pk])
    assert "amina@example.org, ben@example.org" in organizer_client.get(edit).content.decode()
    # Only Amina, now: Ben is no longer an organizer of the session.
    organizer_client.post(edit, dialogue_post(organizers="amina@example.org"))
    assert list(session.organizers.all()) == [amina]


def test_an_unknown_address_is_refused_next_to_the_field(organizer_client, edition):
    response = organizer_client.post(
        create_url(edition), dialogue_post(organizers="nobody@example.org")
    )
    assert response.status_code == 400
    assert "No account has this address: nobody@example.org" in " ".join(
        response.context["form"].errors["organizers"]
    )
    assert "nobody@example.org" in response.content.decode()
    assert not Session.objects.exists()


def test_session_organizers_and_outsiders_cannot_assign_organizers(
    client, edition, session_organizer, outsider
):
    session = SessionFactory(edition=edition, organizers=[session_organizer])
    edit = reverse("summaries:session-edit", args=[edition.slug, session.pk])
    for user in (session_organizer, outsider):
        client.force_login(user)
        post = dialogue_post(organizers=outsider.email)
        assert client.post(edit, post).status_code == 403
    assert list(session.organizers.all()) == [session_organizer]


def test_the_ics_description_names_the_panel_in_its_groups(client, edition):
    session = SessionFactory(edition=edition)
    for i, (role, name, group) in enumerate(
        [
            ("moderator", "Nadia Benali", ""),
            ("panelist", "Ruth Achieng", "Co-facilitators"),
            ("panelist", "Carlos Ortega", "Member States"),
        ]
    ):
        Participant.objects.create(session=session, role=role, name=name, group=group, position=i)
    ics = client.get(reverse("summaries:session-ics", args=[session.pk])).content
    description = str(Calendar.from_ical(ics).walk("VEVENT")[0]["description"])
    lines = description.splitlines()
    assert "Moderator: Nadia Benali" in lines
    assert "Co-facilitators: Ruth Achieng" in lines
    assert "Member States: Carlos Ortega" in lines


def test_organizers_land_on_their_start_page_and_reviewers_on_theirs(client, organizer, reviewer):
    for user, landing in (
        (organizer, reverse("summaries:start")),
        (reviewer, reverse("coalitions:review-home")),
    ):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302 and response["Location"] == landing
        client.logout()
