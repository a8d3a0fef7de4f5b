"""The anonymous hub pages cached in Redis, as in production, and dropped on any change."""

import uuid

import pytest
from django.core.cache import cache

from coalitions import hub_cache
from coalitions.models import CoalitionUpdate
from tests.coalitions.hubdata import published

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def redis_cache(redis_url, settings):
    # A key prefix of its own: the test Redis database is shared and never flushed.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-hub-{uuid.uuid4().hex[:8]}",
            "TIMEOUT": 60,
        }
    }
    yield cache
    cache.delete(hub_cache.VERSION_KEY)


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
