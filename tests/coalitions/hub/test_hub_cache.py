"""The anonymous hub pages cached in Redis, as in production, and dropped on any change."""

import pytest

from coalitions.hub import cache as hub_cache
from coalitions.models import CoalitionUpdate
from tests.coalitions.hub.hubdata import published

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def test_pages_are_cached_in_redis_and_dropped_when_a_coalition_changes(
    client, edition, owner, redis_cache, django_assert_num_queries
):
    coalition = published("Water commons", members=3, edition=edition, owner=owner)
    url = f"/coalitions/{coalition.public_slug}/"
    assert "Water commons" in client.get(url).content.decode()
    before = hub_cache.version()
    with django_assert_num_queries(0):  # straight from Redis
        assert "Water commons" in client.get(url).content.decode()
    CoalitionUpdate.objects.create(proposal=coalition, author=owner, body="Envoy met today.")
    assert hub_cache.version() > before
    assert "Envoy met today." in client.get(url).content.decode()


def test_the_version_survives_a_lost_key(redis_cache):
    first = hub_cache.version()
    redis_cache.delete(hub_cache.VERSION_KEY)
    hub_cache.invalidate()
    assert hub_cache.version() != first


def _csrf_token(html: str) -> str:
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_whole_cached_page_carries_each_visitors_own_working_csrf_token(
    edition, redis_cache, django_assert_num_queries
):
    from django.test import Client

    published("Water commons", members=3, edition=edition)
    Client().get("/coalitions/")  # the first visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):  # the whole page from Redis
        html = visitor.get("/coalitions/").content.decode()
    assert "Water commons" in html
    assert hub_cache.CSRF_PLACEHOLDER not in html
    # The language form works with the token the cached page was given for this visitor.
    response = visitor.post(
        "/i18n/setlang/",
        {"language": "fr", "next": "/coalitions/", "csrfmiddlewaretoken": _csrf_token(html)},
    )
    assert response.status_code == 302
    assert visitor.get("/coalitions/").headers["Content-Language"] == "fr"


def test_a_visitor_with_messages_sees_them_on_a_cached_page(client, edition, owner, redis_cache):
    from django.test import Client

    published("Water commons", members=3, edition=edition)
    Client().get("/coalitions/")
    client.force_login(owner)
    client.post("/accounts/logout/")  # leaves "You have signed out." for the next page
    html = client.get("/coalitions/").content.decode()
    assert "signed out" in html
    assert "Water commons" in html
    # And the message was not cached for anyone else.
    assert "signed out" not in Client().get("/coalitions/").content.decode()
