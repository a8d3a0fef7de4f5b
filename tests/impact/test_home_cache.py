"""The home page, served to anonymous visitors whole from Redis like the hub's pages, and
rebuilt when what it shows may have changed."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from coalitions.enums import ProposalStatus
from coalitions.workflow import decisions
from impact import pagecache, views
from tests.factories import ProposalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def test_anonymous_visitors_get_the_home_page_from_redis_until_a_coalition_is_published(
    edition, organizer, redis_cache, django_assert_num_queries, django_assert_max_num_queries
):
    first = Client().get("/").content.decode()  # the first visitor fills the cache
    assert edition.name in first
    visitor = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        html = visitor.get("/").content.decode()
    assert edition.name in html
    assert pagecache.CSRF_PLACEHOLDER not in html
    assert 'name="csrfmiddlewaretoken" value="' in html

    shortlisted = ProposalFactory(edition=edition, status=ProposalStatus.SHORTLISTED)
    before = pagecache.version()
    decisions.publish(shortlisted, actor=organizer)
    assert pagecache.version() > before
    with django_assert_max_num_queries(3) as captured:  # built again, then cached again
        assert edition.name in Client().get("/").content.decode()
    assert any("impact_conferenceedition" in q["sql"] for q in captured.captured_queries)
    with django_assert_num_queries(0):
        Client().get("/")


def test_a_change_to_the_edition_shows_at_once(edition, redis_cache):
    Client().get("/")
    edition.name = "Summit of the Future, second session"
    edition.save()
    assert "Summit of the Future, second session" in Client().get("/").content.decode()


def test_signed_in_visitors_get_a_page_of_their_own(client, edition, owner, redis_cache):
    anonymous = Client().get("/").content.decode()
    assert "Propose a coalition" in anonymous
    client.force_login(owner)
    mine = client.get("/").content.decode()
    assert "My proposals" in mine
    assert "Propose a coalition" not in mine
    assert owner.get_short_name() in mine


def test_the_page_is_kept_no_longer_than_the_day_or_the_call(edition):
    now = timezone.now()
    edition.eoi_deadline = now + datetime.timedelta(minutes=3)
    assert 0 < views._until_the_call_changes({"edition": edition}) <= 180
    edition.eoi_deadline = now - datetime.timedelta(days=1)
    to_midnight = views._until_the_call_changes({"edition": edition})
    assert 0 <= to_midnight <= 24 * 3600
    local = timezone.localtime(now + datetime.timedelta(seconds=to_midnight + 1))
    assert local.date() > timezone.localtime(now).date()


def test_a_hot_page_is_served_by_the_process_for_a_moment(
    edition, redis_cache, monkeypatch, django_assert_num_queries
):
    import hashlib

    Client().get("/")  # built: kept in Redis, and by this process
    uri = hashlib.sha256(b"http://testserver/").hexdigest()[:32]
    key = f"pages:page:home:en:{uri}"
    assert redis_cache.get(key) is not None
    redis_cache.delete(key)  # behind the process's back
    with django_assert_num_queries(0):
        assert edition.name in Client().get("/").content.decode()
    assert redis_cache.get(key) is None  # served without a Redis round trip, not rebuilt
    # Once the version it holds is older than LOCAL_SECONDS, the process asks Redis again.
    monkeypatch.setattr(pagecache, "LOCAL_SECONDS", 0.0)
    with django_assert_num_queries(1):  # the edition: the page is built again
        Client().get("/")
    assert redis_cache.get(key) is not None
