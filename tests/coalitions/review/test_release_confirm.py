"""Releasing a group of held letters asks first, without JavaScript, how many letters go to
how many people; nothing is sent before the organizer ticks the box, nor when the group
changed since they looked."""

import pytest
from django.core import mail
from django.urls import reverse

from coalitions import workflow
from impact.models import Notification
from tests.coalitions.review.review_helpers import fast_hashing, submitted  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
HELD = reverse("coalitions:held-decisions")


@pytest.fixture
def group(reviewer, owner, coeditor):
    """Three letters to two people: the owner's two proposals (one co-edited)."""
    first = submitted(owner=owner)
    first.editors.add(coeditor)
    workflow.shortlist(first, actor=reviewer, hold_key="round-1")
    workflow.decline(submitted(owner=owner), actor=reviewer, reason="Narrow.", hold_key="round-1")
    return "round-1"


def held() -> int:
    return Notification.objects.filter(state="held").count()


def test_release_now_shows_what_will_be_sent_and_sends_nothing(client, organizer, group):
    client.force_login(organizer)
    assert "Release now…" in client.get(HELD).content.decode()
    page = client.post(HELD, {"hold_key": group})
    assert page.status_code == 200
    html = page.content.decode()
    assert "The group “round-1” holds 3 letters, to 2 people." in " ".join(html.split())
    assert 'name="confirm" value="yes"' in html and 'name="expected" value="3"' in html
    assert held() == 3


def test_without_the_box_ticked_nothing_is_sent(client, organizer, group):
    client.force_login(organizer)
    page = client.post(HELD, {"hold_key": group, "expected": "3"})
    assert page.status_code == 400
    assert "Tick the box to confirm, or go back." in page.content.decode()
    assert held() == 3


def test_a_group_that_changed_since_asks_again(client, organizer, reviewer, group):
    client.force_login(organizer)
    workflow.shortlist(submitted(owner=UserFactory()), actor=reviewer, hold_key=group)
    page = client.post(HELD, {"hold_key": group, "confirm": "yes", "expected": "3"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "The group changed since you looked" in html and 'name="expected" value="4"' in html
    assert held() == 4


def test_the_confirmed_release_sends_the_letters(
    client, organizer, group, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(HELD, {"hold_key": group, "confirm": "yes", "expected": "3"})
    assert done.status_code == 302
    assert held() == 0 and len(mail.outbox) == 3
    assert "3 messages released (round-1)." in client.get(done["Location"]).content.decode()


@pytest.mark.parametrize("who", ["reviewer", "expert", "owner"])
def test_no_one_but_organizers_reaches_the_confirmation(client, who, group, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(HELD, {"hold_key": group}).status_code == 403
    assert (
        client.post(HELD, {"hold_key": group, "confirm": "yes", "expected": "3"}).status_code == 403
    )
    assert held() == 3


def test_the_organizers_start_page_leads_to_the_letters_not_to_a_release(client, organizer, group):
    client.force_login(organizer)
    start = client.get(reverse("summaries:start")).content.decode()
    assert f'href="{HELD}"' in start and "Release them" in start
    assert held() == 3
