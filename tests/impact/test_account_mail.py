"""Account mail (sign-up confirmation, password reset) goes through the outbox: with the
broker down the request still succeeds and the message waits; the sweep sends it later, in
the recipient's language, and its link works."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from impact import outbox
from impact.account_adapter import ACCOUNT_MAIL_KIND
from impact.celery import app
from impact.models import Notification, User
from tests.conftest import reset_celery_connections
from tests.factories import TEST_PASSWORD, UserFactory
from tests.impact.smtp import free_port

pytestmark = pytest.mark.django_db
State = Notification.State
NEW_PASSWORD = "a-Strong-passphrase-42"


class Broker:
    """Celery pointed at a port where nothing listens, until `restore()`: then back to the
    embedded default, where the sweep's tasks run in this process."""

    def __init__(self, settings):
        self.settings = settings
        self.saved = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager")}

    def stop(self) -> None:
        app.conf.update(broker_url=f"redis://127.0.0.1:{free_port()}/0", task_always_eager=False)
        self.settings.CELERY_TASK_ALWAYS_EAGER = False
        self._reset()

    def restore(self) -> None:
        app.conf.update(self.saved)
        self.settings.CELERY_TASK_ALWAYS_EAGER = self.saved["task_always_eager"]
        self._reset()

    @staticmethod
    def _reset() -> None:
        reset_celery_connections(app)
        outbox.reset_breaker()


@pytest.fixture
def broker(settings):
    broker = Broker(settings)
    broker.stop()
    yield broker
    broker.restore()


def sweep_later(broker: Broker) -> None:
    broker.restore()
    outbox.sweep(older_than=timedelta(0))


def link(message, pattern: str) -> str:
    url = re.search(rf"https?://\S+{pattern}\S*", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def test_sign_up_with_the_broker_down_queues_the_confirmation_and_the_sweep_sends_it(
    client, settings, broker, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    with django_capture_on_commit_callbacks(execute=True) as published:
        response = client.post(
            reverse("account_signup"),
            {"email": "nadia@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    assert len(published) == 1  # the publish was tried, at commit, and failed
    assert outbox.broker_presumed_down()
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert mail.outbox == []
    row = Notification.objects.get()
    assert (row.kind, row.email, row.state, row.recipient) == (
        ACCOUNT_MAIL_KIND,
        "nadia@example.org",
        State.PENDING,
        None,  # a sign-in link: listed on nobody's notifications page
    )
    assert "/accounts/confirm-email/" in row.body_text

    sweep_later(broker)
    row.refresh_from_db()
    assert row.state == State.SENT
    (message,) = mail.outbox
    assert message.to == ["nadia@example.org"]
    assert message.subject == row.subject
    assert settings.SITE_NAME in message.subject

    confirm = link(message, "/accounts/confirm-email/")
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 302
    user = User.objects.get(email="nadia@example.org")
    assert user.emailaddress_set.get().verified


def test_a_password_reset_with_the_broker_down_is_sent_later_in_the_accounts_language(
    broker, django_capture_on_commit_callbacks
):
    user = UserFactory(email="kofi@example.org", language="fr")
    # Asked for from an English-speaking browser; the account speaks French.
    visitor = Client(headers={"Accept-Language": "en"})
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(reverse("account_reset_password"), {"email": user.email})
    assert outbox.broker_presumed_down()
    assert response.status_code == 302
    row = Notification.objects.get()
    assert (row.state, row.language, row.recipient) == (State.PENDING, "fr", None)
    assert "mot de passe" in row.subject.lower()

    sweep_later(broker)
    (message,) = mail.outbox
    reset = link(message, "/accounts/password/reset/key/")
    form_page = visitor.get(reset, follow=True)
    assert form_page.status_code == 200
    set_password = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset
    done = visitor.post(set_password, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(TEST_PASSWORD)


def test_a_visitor_without_an_account_gets_mail_in_the_language_they_read(broker):
    visitor = Client(headers={"Accept-Language": "es"})
    visitor.post(
        reverse("account_signup"),
        {"email": "lucia@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    row = Notification.objects.get()
    assert row.language == "es"
    english = Client(headers={"Accept-Language": "en"})
    english.post(
        reverse("account_signup"),
        {"email": "liam@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    other = Notification.objects.exclude(pk=row.pk).get()
    assert other.language == "en"
    assert row.subject != other.subject  # translated, not the English subject


def test_organizers_cannot_read_account_links_in_the_admin(client, organizer, broker):
    UserFactory(email="kofi@example.org")
    Client().post(reverse("account_reset_password"), {"email": "kofi@example.org"})
    row = Notification.objects.get()
    client.force_login(organizer)
    page = client.get(reverse("admin:impact_notification_change", args=[row.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "kofi@example.org" in html
    assert "/accounts/password/reset/key/" not in html
