"""`SITE_URL` decides every absolute link; the Sites record follows it, so no "example.com"."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.test import Client
from django.urls import reverse

from impact.sites import absolute, sync_site
from tests.coalitions.hub.hubdata import published
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_migrate_leaves_the_site_named_after_site_url(settings):
    site = Site.objects.get_current()
    assert site.domain == urlsplit(settings.SITE_URL).netloc
    assert site.name == settings.SITE_NAME


def test_the_site_follows_a_new_site_url(settings):
    settings.SITE_URL = "https://hub.example.net"
    sync_site()
    assert Site.objects.get_current().domain == "hub.example.net"
    assert absolute("/coalitions/") == "https://hub.example.net/coalitions/"
    assert Site.objects.count() == 1


def test_account_mails_name_the_site_not_example_com(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    UserFactory(email="kofi@example.org")
    # Account mail goes through the outbox: sent (eagerly here) when the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "nadia@example.org",
                "password1": "a-l0ng-passphrase",
                "password2": "a-l0ng-passphrase",
            },
        )
        Client().post(reverse("account_reset_password"), {"email": "kofi@example.org"})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        htmls = [body for body, _type in message.alternatives]
        for text in (message.subject, message.body, *htmls):
            assert "example.com" not in text
        for text in (message.subject, message.body):  # plain text: never HTML-escaped
            assert "&#x27;" not in text and "&amp;" not in text
        assert settings.SITE_NAME in message.subject


def test_feeds_link_to_site_url_and_never_example_com(client, settings, edition):
    settings.SITE_URL = "https://hub.example.net"
    sync_site()
    coalition = published("People's water commons", edition=edition, themes=("health",))
    for name in ("coalitions:hub-feed", "coalitions:hub-feed-atom"):
        body = client.get(reverse(name)).content.decode()
        assert "example.com" not in body
        assert f"https://hub.example.net/coalitions/{coalition.public_slug}/" in body
