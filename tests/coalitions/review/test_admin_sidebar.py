"""The proposal change list's filters, kept in the cache: the same HTML as the admin renders,
and never older than the networks, themes and regions they list."""

import re

import pytest
from django.urls import reverse

from coalitions.models import Network
from coalitions.review.admin import sidebar
from impact import pagecache
from tests.coalitions.review.review_helpers import fast_hashing, submitted  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
CHANGELIST = reverse("admin:coalitions_proposal_changelist")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _sidebar(client, url: str) -> str:
    html = CSRF.sub("", client.get(url).content.decode())
    return html[html.index('<nav id="changelist-filter"') :]


@pytest.fixture
def counted(monkeypatch):
    """How many times the filters were rendered rather than read from the cache."""
    renders = []
    real = sidebar._render
    monkeypatch.setattr(sidebar, "_render", lambda cl: renders.append(1) or real(cl))
    return renders


def test_the_cached_filters_are_the_admins_own(client, reviewer, monkeypatch, counted):
    pagecache.invalidate()  # a version of its own: nothing cached before counts
    submitted(title="Alpha")
    client.force_login(reviewer)
    url = f"{CHANGELIST}?status__exact=submitted&o=2"
    first = _sidebar(client, url)
    assert _sidebar(client, url) == first
    assert len(counted) == 1  # the second came from the cache
    monkeypatch.setattr(sidebar, "filters_html", sidebar._render)
    assert _sidebar(client, url) == first
    assert 'href="?o=2&amp;status__exact=shortlisted"' in first
    # Another query has links of its own.
    assert _sidebar(client, CHANGELIST) != first


def test_a_new_network_shows_at_once(client, reviewer, counted):
    pagecache.invalidate()  # a version of its own: nothing cached before counts
    client.force_login(reviewer)
    assert "Harbour Network" not in _sidebar(client, CHANGELIST)
    Network.objects.create(name="Harbour Network", slug="harbour-network")
    assert "Harbour Network" in _sidebar(client, CHANGELIST)
    assert len(counted) == 2


def test_counts_are_never_cached(client, reviewer, counted):
    pagecache.invalidate()  # a version of its own: nothing cached before counts
    submitted(title="Alpha")
    client.force_login(reviewer)
    url = f"{CHANGELIST}?_facets=True"
    before = _sidebar(client, url)
    submitted(title="Bravo")
    after = _sidebar(client, url)
    assert before != after
    assert len(counted) == 2
