"""Styled 400, 403, 404 and 500 pages, as served with DEBUG off (pytest-django's default)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.urls("tests.impact.error_urls")

SITE_NAV = 'class="navbar navbar-expand-lg navbar-dark site-nav"'


def test_it_serves_the_styled_404_for_an_unknown_address(client, settings, db):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert SITE_NAV in body
    assert "Page not found" in body
    assert 'href="/coalitions/"' in body


def test_it_serves_the_styled_403_to_an_outsider_on_an_organizer_page(client, outsider, edition):
    client.force_login(outsider)
    response = client.get(f"/organizers/summaries/{edition.slug}/")
    assert response.status_code == 403
    body = response.content.decode()
    assert SITE_NAV in body
    assert "You cannot open this page" in body
    # The page knows who is signed in (rendered with the request).
    assert outsider.email in body


def test_it_serves_the_styled_403_for_permission_denied(client, db):
    response = client.get("/__forbidden__")
    assert response.status_code == 403
    assert "Sign in, or contact the conference secretariat" in response.content.decode()


def test_it_serves_the_styled_400_with_the_site_navigation(client, db):
    response = client.get("/__suspicious__")
    assert response.status_code == 400
    body = response.content.decode()
    assert SITE_NAV in body
    assert "ImPACT Hub</a>" in body
    assert "The request could not be understood" in body


def test_it_serves_the_standalone_500_when_a_view_fails(db):
    client = Client(raise_request_exception=False)
    response = client.get("/__boom__")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "/static/css/site.css" in body


def test_the_500_page_renders_without_database_or_context_processors():
    # No `db` fixture: any database access here fails the test.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_error_pages_speak_the_visitors_language(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
