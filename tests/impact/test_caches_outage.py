"""Invalidations survive a cache outage (`generation` in impact.caches).

A Redis server of the test's own is stopped while something changes, then started again with
what it held (saved to disk first: as after a network blip or a stalled server, the keys are
still there). The deletes and version bumps made meanwhile failed; nothing cached before them
may be served once Redis answers again — by the process that saw them fail, or by another.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from impact import cache as fail_open
from impact import caches as cache_map
from impact import pagecache, tasks
from impact.models import LostCacheWrite
from tests.conftest import fail_open_cache

RETRY_AFTER = 0.2
GENERATION_SECONDS = 0.2
# The documented window: the failing process bumps within RETRY_AFTER of Redis answering,
# the others read the generation at most GENERATION_SECONDS old (with a margin for the box).
WINDOW = RETRY_AFTER + GENERATION_SECONDS + 0.6


@pytest.fixture(autouse=True)
def _fresh_state():
    fail_open.reset_breakers()
    pagecache.forget_local()
    yield
    fail_open.reset_breakers()
    pagecache.forget_local()


@contextmanager
def frozen(server):
    """Redis stops answering until the block ends, then answers with everything it held."""
    import redis

    redis.Redis.from_url(server.url(0)).save()  # dump.rdb in its directory, read at start
    server.stop()
    try:
        yield
    finally:
        server.start()


@pytest.fixture
def shared(settings, own_redis):
    """The default cache on the test's own Redis, and `other`: the same Redis and keys as
    another process sees them (an address spelled differently: breaker and generation of its
    own)."""
    params = {"RETRY_AFTER": RETRY_AFTER, "GENERATION_SECONDS": GENERATION_SECONDS}
    default = fail_open_cache(own_redis.url(0), **params)["default"]
    other = {**default, "LOCATION": own_redis.url(0).removesuffix("/0")}
    settings.CACHES = {"default": default, "other": other}
    return own_redis


def test_a_delete_lost_in_a_blip_is_not_served_by_another_process(shared):
    key = cache_map.key("roles", user_id=1)
    cache.set(key, ["Network reviewers"])
    other = caches["other"]
    assert other.get(key) == ["Network reviewers"]  # one cache, seen from two processes
    with frozen(shared):
        cache.delete(key)  # times out: the revocation did not reach Redis
    # This process stays idle; the other serves next.
    time.sleep(WINDOW)
    assert other.get(key) is None
    other.set("answering", True)
    assert other.get("answering") is True


def read_in_another_process(server, key: str) -> str:
    """What a separate Python process configured as production (`CACHE_URL`) reads."""
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        f"print(repr(cache.get({key!r})))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "impact.settings",
        "CACHE_URL": server.url(0),
        "CACHE_KEY_PREFIX": django_settings.CACHES["default"]["KEY_PREFIX"],
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_what_another_python_process_reads_after_the_blip(shared):
    key = cache_map.key("roles", user_id=2)
    cache.set(key, ["Expert reviewers"])
    assert read_in_another_process(shared, key) == "['Expert reviewers']"
    with frozen(shared):
        cache.delete(key)
    time.sleep(WINDOW)
    assert read_in_another_process(shared, key) == "None"


def test_a_version_bump_lost_in_a_blip_is_made_at_the_next_use(shared):
    cache.set("page", "before the change")
    with frozen(shared):
        assert cache.incr("version") == 1  # failed: answered as a fresh counter would
    time.sleep(RETRY_AFTER)  # the breaker lets Redis be asked again
    assert cache.get("page") is None
    cache.set("page", "after the change")
    assert cache.get("page") == "after the change"
    assert caches["other"].get("page") in (None, "after the change")
    time.sleep(GENERATION_SECONDS)
    assert caches["other"].get("page") == "after the change"


def test_without_a_failed_write_nothing_is_retired(shared):
    cache.set("kept", "value")
    with frozen(shared):
        assert cache.get("kept") is None  # a read that failed: nothing went stale
    time.sleep(WINDOW)
    assert cache.get("kept") == "value"
    assert caches["other"].get("kept") == "value"


@pytest.mark.django_db
def test_a_reviewer_revoked_while_the_cache_was_unreachable_loses_access_when_it_answers(
    shared, client, reviewer
):
    client.force_login(reviewer)
    assert client.get(reverse("coalitions:review-home")).status_code == 200
    with frozen(shared):
        reviewer.groups.clear()
    time.sleep(RETRY_AFTER)
    assert client.get(reverse("coalitions:review-home")).status_code == 403
    # From the cache again: Redis answers, and holds the roles as they are now.
    assert cache.get(cache_map.key("roles", user_id=reviewer.pk)) == []


@pytest.mark.django_db
def test_a_sign_out_during_a_blip_holds_when_the_cache_answers(shared, client, owner):
    client.force_login(owner)
    assert client.get(reverse("coalitions:dashboard")).status_code == 200
    session = client.cookies["sessionid"].value
    with frozen(shared):
        assert client.post(reverse("account_logout")).status_code == 302
    time.sleep(RETRY_AFTER)
    again = Client()
    again.cookies["sessionid"] = session  # the signed-out session's cookie, kept by someone
    response = again.get(reverse("coalitions:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_an_edition_renamed_during_a_blip_shows_on_the_home_page_when_the_cache_answers(
    shared, edition
):
    assert edition.name in Client().get("/").content.decode()  # kept whole in Redis
    with frozen(shared):
        edition.name = "Summit of the Future, second session"
        edition.save()
    time.sleep(RETRY_AFTER)
    pagecache.forget_local()  # another process: nothing of its own kept
    assert "Summit of the Future, second session" in Client().get("/").content.decode()


@pytest.mark.django_db
def test_a_write_lost_by_a_process_that_stopped_is_swept(
    shared, django_capture_on_commit_callbacks
):
    key = cache_map.key("roles", user_id=3)
    cache.set(key, ["Organizers"])
    with frozen(shared):
        with django_capture_on_commit_callbacks(execute=True):
            cache.delete(key)
        assert LostCacheWrite.objects.count() == 1  # where every process sees it
        fail_open.reset_breakers()  # the process stops before Redis answers: no bump of its own
    time.sleep(WINDOW)
    assert caches["other"].get(key) == ["Organizers"]  # what the sweep is for
    assert tasks.sweep_lost_cache_writes() == 1  # celery beat, every minute
    time.sleep(GENERATION_SECONDS)
    assert caches["other"].get(key) is None
    assert not LostCacheWrite.objects.exists()


@pytest.mark.django_db
def test_the_sweep_leaves_the_cache_alone_when_the_process_bumped_itself(
    shared, django_capture_on_commit_callbacks
):
    with frozen(shared):
        with django_capture_on_commit_callbacks(execute=True):
            cache.delete("something")
    time.sleep(WINDOW)  # this process bumped the generation by itself
    cache.set("kept", "value")
    assert tasks.sweep_lost_cache_writes() == 0
    assert cache.get("kept") == "value"
    assert not LostCacheWrite.objects.exists()
