"""The RSS and Atom feeds refuse a filter the list would refuse, as the JSON and the CSV do:
a 400 naming the field, never a feed of every coalition that looks like an answer."""

from __future__ import annotations

import pytest

from tests.coalitions.hub.hubdata import published
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FEEDS = ["/coalitions/feed/", "/coalitions/feed/atom/"]


@pytest.fixture
def coalitions(edition):
    published("Water commons", members=2, regions=["africa"])
    published("Digital rights compact", members=2, regions=["europe"])


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize(
    ("query", "field"), [("region=atlantis", "region"), ("theme=nothing", "theme")]
)
def test_it_answers_400_naming_the_invalid_filter(client, coalitions, url, query, field):
    for _attempt in (1, 2):  # the second answer comes from the page cache: still a 400
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        body = response.content.decode()
        assert body.startswith(f"{field}:") and "Water commons" not in body


@pytest.mark.parametrize("url", FEEDS)
def test_it_answers_400_to_a_signed_in_visitor_too(client, coalitions, url):
    client.force_login(UserFactory())
    assert client.get(f"{url}?region=atlantis").status_code == 400


@pytest.mark.parametrize("url", FEEDS)
def test_a_valid_filter_still_narrows_the_feed(client, coalitions, url):
    response = client.get(f"{url}?region=africa")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Water commons" in body and "Digital rights compact" not in body
    unfiltered = client.get(url).content.decode()
    assert "Water commons" in unfiltered and "Digital rights compact" in unfiltered
