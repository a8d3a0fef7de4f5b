"""The reader's language is kept on their account: the menu, sign-up, the profile page and
signing in all use it, and so do the e-mails and notifications sent to them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from coalitions import workflow
from impact.models import Notification, User
from tests.factories import (
    TEST_PASSWORD,
    ProposalFactory,
    ProposalMemberFactory,
    UserFactory,
    WorkPlanItemFactory,
)

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def sign_in(client: Client, user) -> None:
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]


def test_it_keeps_the_menu_choice_on_a_signed_in_account(client, owner):
    client.force_login(owner)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "fr"
    owner.refresh_from_db()
    assert owner.language == "fr"


def test_it_ignores_a_language_the_site_does_not_speak(client, owner):
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    owner.refresh_from_db()
    assert owner.language == "en"


def test_an_anonymous_choice_stays_in_the_cookie(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.cookies[COOKIE].value == "es"
    assert User.objects.count() == 0


def test_the_browser_language_decides_for_an_anonymous_visitor(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in response.content.decode()


def test_sign_up_records_the_language_being_read(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    client.cookies[COOKIE] = "fr"
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nadia@example.org",
            "password1": "a-l0ng-passphrase",
            "password2": "a-l0ng-passphrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="nadia@example.org").language == "fr"


def test_the_profile_page_changes_the_language(client, owner):
    client.force_login(owner)
    response = client.post(reverse("profile"), {"name": "Olive Owner", "language": "es"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "es"
    owner.refresh_from_db()
    assert owner.language == "es"
    page = client.get(reverse("profile")).content.decode()
    assert "Su perfil" in page


def test_the_profile_page_rejects_an_unknown_language(client, owner):
    client.force_login(owner)
    response = client.post(reverse("profile"), {"name": "Olive", "language": "xx"})
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    owner.refresh_from_db()
    assert (owner.name, owner.language) == ("Olive Owner", "en")


def test_the_profile_page_needs_an_account(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_signing_in_on_a_fresh_browser_speaks_the_account_language(client):
    user = UserFactory(email="amina@example.org", language="fr")
    sign_in(client, user)
    assert client.cookies[COOKIE].value == "fr"
    page = client.get(reverse("coalitions:dashboard")).content.decode()
    assert '<html lang="fr">' in page


def test_a_default_account_takes_the_language_picked_on_this_browser(client, owner):
    client.cookies[COOKIE] = "es"
    sign_in(client, owner)
    owner.refresh_from_db()
    assert owner.language == "es"


def test_a_chosen_account_language_wins_over_this_browser(client):
    user = UserFactory(email="amina@example.org", language="fr")
    client.cookies[COOKIE] = "es"
    sign_in(client, user)
    user.refresh_from_db()
    assert user.language == "fr"
    assert client.cookies[COOKIE].value == "fr"


def test_french_mail_and_notifications_after_signing_in_on_a_fresh_browser(
    edition, django_capture_on_commit_callbacks
):
    """A filer chooses French in one browser; in another (no cookie) she signs in, submits,
    and the e-mail and the in-site notification are French, the plain text unescaped."""
    user = UserFactory(email="amina@example.org", name="Amina Diallo")
    first = Client()
    sign_in(first, user)
    first.post(reverse("set_language"), {"language": "fr", "next": "/"})

    fresh = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(fresh, user)
    proposal = ProposalFactory(owner=user, edition=edition, title="People's water commons")
    ProposalMemberFactory(proposal=proposal)
    WorkPlanItemFactory(proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(proposal, actor=user)

    (message,) = mail.outbox
    assert message.subject.startswith("Manifestation d")
    assert "People's water commons" in message.subject
    assert "Bonjour Amina," in message.body
    assert "&#x27;" not in message.body and "&#x27;" not in message.subject
    html_body = message.alternatives[0][0]
    assert "People&#x27;s water commons" in html_body  # HTML stays escaped
    page = fresh.get(reverse("notifications")).content.decode()
    assert '<html lang="fr">' in page
    assert "Manifestation d" in page
    assert Notification.objects.get().language == "fr"


def test_the_eoi_form_lists_reference_data_in_the_readers_language(client, owner, edition):
    client.force_login(owner)
    client.cookies[COOKIE] = "fr"
    page = client.get(reverse("coalitions:proposal-new")).content.decode()
    assert "Thèmes" in page and ">Themes<" not in page
    # The member editor the form opens (and the member page) lists them.
    editor = client.get(reverse("coalitions:member-editor")).content.decode()
    assert ">Femmes<" in editor and ">Women<" not in editor
    assert ">Afrique<" in editor and ">Africa<" not in editor
