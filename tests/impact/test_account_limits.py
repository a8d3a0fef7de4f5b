"""Limits aimed at attackers, not at the people attacked: mail to one inbox is capped
silently, a flood of wrong passwords slows its own client down and never the owner, and an
anonymous body over the allowance is refused before it is read."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from impact.account_adapter import ACCOUNT_MAIL_KIND
from impact.models import Notification
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _reset(client, email: str, address: str):
    return client.post(reverse("account_reset_password"), {"email": email}, REMOTE_ADDR=address)


def _queued(email: str) -> int:
    return Notification.objects.filter(kind=ACCOUNT_MAIL_KIND, email__iexact=email).count()


@pytest.mark.parametrize("has_account", [True, False], ids=["account", "no-account"])
def test_the_fourth_reset_in_an_hour_and_the_eleventh_in_a_day_are_not_sent(client, has_account):
    email = "target@example.org"
    if has_account:
        UserFactory(email=email)
    start = timezone.now()
    answers = []
    with time_machine.travel(start, tick=False) as clock:
        # Each request from another client address: only the cap per inbox can stop them.
        for n in range(4):
            clock.move_to(start + timedelta(minutes=2 * n))
            answers.append(_reset(client, email, f"203.0.113.{n + 1}"))
        assert _queued(email) == 3
        # Later in the day, hour after hour, up to the daily cap of 10.
        for hour in range(1, 10):
            clock.move_to(start + timedelta(hours=hour, minutes=5))
            answers.append(_reset(client, email, f"198.51.100.{hour}"))
        assert _queued(email) == 10
        # The next day the address may be sent to again.
        clock.move_to(start + timedelta(days=1, hours=1))
        answers.append(_reset(client, email, "192.0.2.1"))
        assert _queued(email) == 11
    # Every answer is the same, sent or not, account or not.
    assert {(r.status_code, r.get("Location")) for r in answers} == {
        (302, reverse("account_reset_password_done"))
    }


def test_a_client_asking_for_many_resets_is_slowed_down_whatever_the_address(client):
    answers = [
        _reset(client, f"someone{n}@example.org", "203.0.113.9").status_code for n in range(6)
    ]
    assert answers == [302] * 5 + [429]
    # Another client is not affected.
    assert _reset(client, "someone-else@example.org", "203.0.113.10").status_code == 302


def test_signing_up_many_inboxes_from_one_client_is_slowed_down(client):
    url = reverse("account_signup")
    answers = [
        client.post(
            url,
            {
                "email": f"new{n}@example.org",
                "password1": "a-Long-pass-42",
                "password2": "a-Long-pass-42",
            },
            REMOTE_ADDR="203.0.113.20",
        ).status_code
        for n in range(6)
    ]
    client.logout()
    assert answers[:5] == [302] * 5 and answers[5] == 429


def _sign_in(client, email: str, password: str, address: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_a_flood_of_wrong_passwords_does_not_lock_the_owner_out():
    from django.test import Client

    owner = UserFactory(email="organizer@example.org")
    attacker = Client()
    answers = [
        _sign_in(attacker, owner.email, f"guess-{n}", "203.0.113.66").status_code for n in range(30)
    ]
    # The attacker's own address is slowed down: the form stops trying their guesses.
    assert answers[0] == 200
    last = _sign_in(attacker, owner.email, TEST_PASSWORD, "203.0.113.66")
    assert "_auth_user_id" not in attacker.session, "the flooding client is not let in"
    assert last.status_code in (200, 429)
    # The owner, from their own address, signs in at once.
    mine = Client()
    response = _sign_in(mine, owner.email, TEST_PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert mine.session["_auth_user_id"] == str(owner.pk)


def test_the_owners_own_mistakes_are_still_limited():
    owner = UserFactory(email="reviewer@example.org")
    from django.test import Client

    client = Client()
    for n in range(5):
        _sign_in(client, owner.email, f"typo-{n}", "198.51.100.8")
    response = _sign_in(client, owner.email, TEST_PASSWORD, "198.51.100.8")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


# --- request bodies ---------------------------------------------------------------------------


def test_an_anonymous_upload_over_the_limit_is_refused_with_413(client, settings):
    body = b"x" * (settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES + 1)
    response = client.post(
        reverse("account_signup"), data=body, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert b"too large" in response.content.lower()


def test_a_large_multipart_upload_is_refused_before_it_is_read(client, settings):
    big = b"a" * (settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES + 1024)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("account_login"), {"file": SimpleUploadedFile("big.bin", big), "login": "x"}
    )
    assert response.status_code == 413


def test_the_api_answers_413_in_json(client, settings):
    body = "{" + " " * settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES + "}"
    response = client.post("/api/criteria/check", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]


def test_signed_in_people_have_a_larger_allowance(client, settings):
    client.force_login(UserFactory())
    body = b"x" * (settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES + 1)
    response = client.post(reverse("home"), data=body, content_type="application/octet-stream")
    assert response.status_code != 413
    body = b"x" * (settings.REQUEST_BODY_MAX_BYTES + 1)
    response = client.post(reverse("home"), data=body, content_type="application/octet-stream")
    assert response.status_code == 413


def test_a_route_can_be_given_more(client, settings):
    settings.REQUEST_BODY_ROUTE_MAX_BYTES = {"/accounts/signup/": 10_000_000}
    body = b"x" * (settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES + 1)
    response = client.post(
        reverse("account_signup"), data=body, content_type="application/octet-stream"
    )
    assert response.status_code != 413
