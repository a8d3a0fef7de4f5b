"""The admin's door: someone signed in without admin access gets the 403 page, not a loop
between the admin and the sign-in page; someone not signed in is still asked to sign in."""

from urllib.parse import parse_qs

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_signed_in_filer_gets_a_403_not_a_redirect_loop(client, owner):
    client.force_login(owner)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    # Once round the admin's redirect to its sign-in, then stopped: no way back to the admin.
    assert [url for url, _status in response.redirect_chain] == ["/admin/login/?next=/admin/"]
    html = response.content.decode()
    assert "You cannot open this page" in html
    assert owner.email in html


def test_the_403_speaks_the_readers_language(client, owner):
    client.force_login(owner)
    response = client.get("/admin/", follow=True, headers={"Accept-Language": "fr"})
    assert response.status_code == 403
    assert '<html lang="fr">' in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 200
    (first, _), (second, _) = response.redirect_chain
    assert first == "/admin/login/?next=/admin/"
    path, query = second.split("?")
    assert path == reverse("account_login")
    assert parse_qs(query) == {"next": ["/admin/"]}


def test_staff_signed_in_go_on_to_where_they_were_going(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.get("/admin/login/?next=/admin/coalitions/")
    assert response["Location"] == "/admin/coalitions/"
    # Never off the site.
    away = client.get("/admin/login/?next=https://example.com/")
    assert away["Location"] == reverse("admin:index")
