"""The fail-open Redis cache: a real Redis when it answers, a miss when it does not."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache

from impact import cache as fail_open
from tests.conftest import fail_open_cache
from tests.impact.smtp import free_port


@pytest.fixture(autouse=True)
def _fresh_breakers():
    fail_open.reset_breakers()
    yield
    fail_open.reset_breakers()


@pytest.fixture
def down_cache(settings):
    settings.CACHES = fail_open_cache(f"redis://127.0.0.1:{free_port()}/0", RETRY_AFTER=0)
    return cache


@pytest.fixture
def up_cache(settings, redis_url):
    settings.CACHES = fail_open_cache(redis_url)
    return cache


@pytest.mark.redis
def test_it_is_a_real_redis_cache_when_redis_answers(up_cache):
    assert up_cache.add("counter", 1) is True
    assert up_cache.add("counter", 5) is False
    assert up_cache.incr("counter", 2) == 3
    up_cache.set_many({"a": [1, 2], "b": "two"})
    assert up_cache.get_many(["a", "b", "missing"]) == {"a": [1, 2], "b": "two"}
    assert up_cache.delete("a") is True
    assert up_cache.get("a", "gone") == "gone"
    with pytest.raises(ValueError):
        up_cache.incr("never-set")
    up_cache.ping()
    up_cache.delete_many(["counter", "b"])


def test_an_unreachable_redis_behaves_as_an_empty_cache(down_cache):
    assert down_cache.get("key", "default") == "default"
    assert down_cache.get_many(["a", "b"]) == {}
    down_cache.set("key", "value")
    down_cache.set_many({"a": 1})
    assert down_cache.get("key") is None
    assert down_cache.add("lock", True) is True  # a lock lets the caller through
    assert down_cache.incr("counter", 3) == 3  # as a counter that starts now
    assert down_cache.has_key("key") is False
    assert down_cache.delete("key") is False
    down_cache.delete_many(["a"])
    assert down_cache.get_or_set("computed", lambda: 42) == 42
    with pytest.raises(Exception):  # noqa: B017 - the health check's probe does raise
        down_cache.ping()


def test_failures_are_logged_at_most_once_per_interval(settings, caplog):
    settings.CACHES = fail_open_cache(
        f"redis://127.0.0.1:{free_port()}/0", RETRY_AFTER=0, LOG_EVERY=3600
    )
    with caplog.at_level(logging.WARNING, logger="impact.cache"):
        for _ in range(5):
            cache.get("key")
    lines = [r.getMessage() for r in caplog.records if r.name == "impact.cache"]
    assert len(lines) == 1
    assert "cache get unavailable" in lines[0]


def test_after_a_failure_redis_is_not_asked_again_until_retry_after(settings, own_redis):
    settings.CACHES = fail_open_cache(own_redis.url(), RETRY_AFTER=3600)
    cache.set("key", "value")
    own_redis.stop()
    assert cache.get("key") is None  # fails, opens the breaker
    own_redis.start()
    # Redis answers again, but the breaker holds until RETRY_AFTER has passed.
    assert cache.add("key", "value") is True
    assert cache.get("key") is None
    fail_open.reset_breakers()
    cache.set("key", "value")
    assert cache.get("key") == "value"


def test_a_restarted_redis_is_used_again(settings, own_redis, caplog):
    settings.CACHES = fail_open_cache(own_redis.url(), RETRY_AFTER=0)
    cache.set("key", "before")
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="impact.cache"):
        assert cache.get("key", "miss") == "miss"
        own_redis.start()
        cache.set("key", "after")
        assert cache.get("key") == "after"
    messages = [r.getMessage() for r in caplog.records if r.name == "impact.cache"]
    assert messages[-1] == "cache is answering again"


def _sign_in_attempts(client, n: int) -> list[int]:
    return [
        client.post(
            "/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}
        ).status_code
        for _ in range(n)
    ]


@pytest.mark.redis
@pytest.mark.django_db
def test_allauths_rate_limits_hold_with_the_cache_up(client, up_cache, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "3/m/ip"}
    assert _sign_in_attempts(client, 4) == [200, 200, 200, 429]


@pytest.mark.django_db
def test_with_the_cache_down_sign_in_is_let_through(client, down_cache, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "3/m/ip"}
    # No record of earlier attempts can be kept: the form answers rather than an error page.
    assert _sign_in_attempts(client, 4) == [200, 200, 200, 200]
