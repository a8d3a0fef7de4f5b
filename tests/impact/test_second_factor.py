"""Two-factor sign-in: required of organizers, reviewers and staff before anything else,
offered to filers; the admin signs in through the same door."""

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory
from tests.totp import totp

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", is_staff=True)


def sign_in(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return response


def pages():
    return [
        reverse("home"),
        reverse("coalitions:dashboard"),
        reverse("coalitions:review-home"),
        reverse("coalitions:hub"),
        reverse("notifications"),
        reverse("profile"),
        reverse("audit"),
        reverse("admin:index"),
        reverse("admin:impact_auditentry_changelist"),
        reverse("summaries:start"),
        reverse("summaries:index"),
    ]


@pytest.mark.parametrize("who", ["organizer", "reviewer", "expert", "staff"])
def test_without_a_second_factor_every_page_leads_to_its_setup(client, who, request):
    user = request.getfixturevalue(who)
    response = sign_in(client, user)
    setup = reverse("mfa_activate_totp")
    assert client.get(response["Location"])["Location"] == setup
    for url in pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == setup, url
    # Nor can anything be changed: a form sent anyway is answered with the same redirect.
    response = client.post(reverse("notifications-read-all"))
    assert response["Location"] == setup
    response = client.post(reverse("admin:impact_user_add"), {"email": "new@example.org"})
    assert response["Location"] == setup
    # The setup itself, signing out and the language menu still work.
    page = client.get(setup)
    assert page.status_code == 200
    assert b"Your role needs two-factor sign-in" in page.content
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "fr"}).status_code == 302
    client.post(reverse("account_logout"))
    assert client.get(reverse("audit")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_once_set_up_the_pages_open(client, organizer):
    TOTP.activate(organizer, generate_totp_secret())
    client.force_login(organizer)
    for url in pages():
        assert client.get(url).status_code == 200, url


def test_a_filer_is_offered_it_but_not_required(client, owner):
    sign_in(client, owner)
    assert client.get(reverse("coalitions:dashboard")).status_code == 200
    assert client.get(reverse("profile")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_anonymous_visitors_see_public_pages_and_the_admin_asks_them_to_sign_in(client):
    assert client.get(reverse("home")).status_code == 200
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.status_code == 200


def test_the_admin_signs_in_through_the_sites_sign_in(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/"


def test_a_password_and_a_code_sign_an_enrolled_organizer_in(client, organizer):
    secret = generate_totp_secret()
    TOTP.activate(organizer, secret)
    response = sign_in(client, organizer)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("summaries:start")  # the organizers' start page
    assert client.session["_auth_user_id"] == str(organizer.pk)
    assert client.get(reverse("coalitions:review-home")).status_code == 200


def test_someone_who_must_have_one_cannot_remove_the_last(organizer, owner):
    only = TOTP.activate(organizer, generate_totp_secret()).instance
    assert not get_adapter().can_delete_authenticator(only)
    Authenticator.objects.create(user=organizer, type=Authenticator.Type.WEBAUTHN, data={})
    assert get_adapter().can_delete_authenticator(only)
    filers = TOTP.activate(owner, generate_totp_secret()).instance
    assert get_adapter().can_delete_authenticator(filers)


def test_it_can_be_turned_off_for_a_deployment(client, organizer, settings):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    client.force_login(organizer)
    assert client.get(reverse("coalitions:review-home")).status_code == 200
