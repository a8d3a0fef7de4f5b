"""The notifications page, opening and marking read, the unread badge, and the admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impact.models import Notification
from tests.impact.test_mailer import make_row

pytestmark = pytest.mark.django_db
State = Notification.State


def notes_for(user, count: int, **fields) -> list[Notification]:
    start = Notification.objects.count()
    return [
        make_row(
            start + n,
            **{
                "recipient": user,
                "email": user.email,
                "state": State.SENT,
                "url": "/somewhere/",
                "subject": f"Message {start + n}",
                **fields,
            },
        )
        for n in range(count)
    ]


def test_it_needs_a_signed_in_user(client):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_runs_a_constant_number_of_queries(
    client, owner, count, django_assert_num_queries
):
    notes_for(owner, count)
    client.force_login(owner)
    client.get(reverse("notifications"))  # the session and the user's roles are then cached
    # user, COUNT for the paginator, the page of rows, the unread COUNT for the badge (the
    # session and the user's groups, for the organizer links in the nav, come from the cache)
    with django_assert_num_queries(4):
        response = client.get(reverse("notifications"))
    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item') == count


def test_it_shows_mine_only_and_not_held_ones(client, owner, outsider):
    notes_for(owner, 1, subject="For the owner")
    make_row(90, recipient=owner, email=owner.email, subject="Held back", state=State.HELD)
    make_row(91, recipient=outsider, email=outsider.email, subject="For the outsider")
    client.force_login(owner)
    html = client.get(reverse("notifications")).content.decode()
    assert "For the owner" in html
    assert "Held back" not in html and "For the outsider" not in html


def test_the_badge_counts_unread_messages(client, owner):
    notes_for(owner, 2)
    notes_for(owner, 1, read_at="2024-01-01T00:00Z")
    make_row(90, recipient=owner, email=owner.email, state=State.HELD)
    client.force_login(owner)
    html = client.get("/").content.decode()
    assert 'data-unread="2"' in html
    assert reverse("notifications") in html


def test_visitors_get_no_badge_and_no_query_for_it(client):
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "data-unread" not in html
    assert not [q for q in queries.captured_queries if "impact_notification" in q["sql"]]


def test_opening_marks_read_and_follows_the_link(client, owner):
    [note] = notes_for(owner, 1)
    client.force_login(owner)
    response = client.post(reverse("notification-open", args=[note.pk]), {"go": "1"})
    assert response.status_code == 302 and response["Location"] == "/somewhere/"
    note.refresh_from_db()
    assert note.read_at is not None
    # Without "go" it only marks read and comes back to the list.
    [other] = notes_for(owner, 1)
    response = client.post(reverse("notification-open", args=[other.pk]))
    assert response["Location"] == reverse("notifications")
    other.refresh_from_db()
    assert other.read_at is not None
    assert 'data-unread="' not in client.get(reverse("notifications")).content.decode()


def test_a_link_to_another_site_is_not_followed(client, owner):
    [note] = notes_for(owner, 1)
    Notification.objects.filter(pk=note.pk).update(url="https://evil.example.com/")
    client.force_login(owner)
    response = client.post(reverse("notification-open", args=[note.pk]), {"go": "1"})
    assert response["Location"] == reverse("notifications")


def test_an_outsider_cannot_open_someone_elses(client, owner, outsider):
    [note] = notes_for(owner, 1)
    held = make_row(90, recipient=outsider, email=outsider.email, state=State.HELD)
    client.force_login(outsider)
    assert client.post(reverse("notification-open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notification-open", args=[held.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    assert client.get(reverse("notification-open", args=[note.pk])).status_code == 405


def test_mark_all_read_touches_only_mine(client, owner, outsider):
    mine = notes_for(owner, 2)
    [theirs] = notes_for(outsider, 1)
    client.force_login(owner)
    assert client.post(reverse("notifications-read-all")).status_code == 302
    assert all(n.read_at for n in Notification.objects.filter(pk__in=[m.pk for m in mine]))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_does_not_delay_the_sweep(client, owner):
    """Marking read must not touch updated_at, which the sweep uses to find stale rows."""
    note = make_row(1, recipient=owner, email=owner.email)
    before = note.updated_at
    client.force_login(owner)
    client.post(reverse("notification-open", args=[note.pk]))
    note.refresh_from_db()
    assert note.updated_at == before and note.read_at is not None


# --- the admin ----------------------------------------------------------------------------


def test_organizers_see_failed_messages_with_their_error(client, organizer):
    make_row(1, state=State.FAILED, last_error="Recipient refused: 550 No such user")
    client.force_login(organizer)
    response = client.get("/admin/impact/notification/?state__exact=failed")
    assert response.status_code == 200
    assert "550 No such user" in response.content.decode()
    assert "Notifications" in client.get("/admin/").content.decode()


def test_organizers_resend_failed_messages_from_the_admin(
    client, organizer, django_capture_on_commit_callbacks, mailoutbox
):
    failed = make_row(1, state=State.FAILED, attempts=6, last_error="550")
    sent = make_row(2, state=State.SENT)
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/impact/notification/",
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    html = response.content.decode()
    assert "1 notification queued again." in html
    assert "1 sent or held notification was left alone." in html
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (State.SENT, 1)
    assert [m.to for m in mailoutbox] == [[failed.email]]


def test_reviewers_and_outsiders_do_not_see_the_outbox(client, reviewer, outsider):
    make_row(1, state=State.FAILED, last_error="secret error")
    client.force_login(reviewer)  # staff, not an organizer
    assert client.get("/admin/impact/notification/").status_code == 403
    client.force_login(outsider)  # not staff: sent to the admin's log-in
    assert client.get("/admin/impact/notification/").status_code == 302


def test_nobody_adds_outbox_rows_by_hand(client, organizer):
    client.force_login(organizer)
    assert client.get("/admin/impact/notification/add/").status_code == 403
