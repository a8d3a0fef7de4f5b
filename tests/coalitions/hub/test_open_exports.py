"""Open data for anyone who asks costs the site little: anonymous exports come from the page
cache until a public coalition changes, and each client is limited."""

from __future__ import annotations

import pytest

from tests.coalitions.hub.hubdata import published
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPORTS = ["/coalitions.csv", "/api/coalitions/", "/coalitions/feed/", "/coalitions/feed/atom/"]


@pytest.mark.parametrize("url", EXPORTS)
def test_an_anonymous_export_is_built_once_until_a_coalition_changes(
    client, edition, url, django_assert_num_queries
):
    published("Water commons", members=3, regions=["africa"])
    first = client.get(url)
    assert first.status_code == 200
    # Served again from the cache: no query at all, the same bytes and headers.
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert "Water commons" in again.content.decode()
    # A newly published coalition is in the next answer.
    published("Digital rights compact", members=2, regions=["europe"])
    assert "Digital rights compact" in client.get(url).content.decode()


def test_the_csv_keeps_its_download_headers_from_the_cache(client, edition):
    published("Water commons", members=2, regions=["africa"])
    client.get("/coalitions.csv")
    response = client.get("/coalitions.csv")
    assert response["Content-Disposition"] == 'attachment; filename="impact-coalitions.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_client_looping_on_an_export_is_limited(client, edition, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open_data": "5/m"}
    published("Water commons", members=2, regions=["africa"])
    # Varying the query string to miss the cache does not help.
    codes = [client.get("/coalitions.csv", {"q": str(n)}).status_code for n in range(6)]
    assert codes == [200] * 5 + [429]
    limited = client.get("/api/coalitions/")
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert limited.json()["error"]
    # Another client is served.
    assert client.get("/coalitions.csv", REMOTE_ADDR="198.51.100.4").status_code == 200


def test_signed_in_people_get_a_fresh_copy(client, edition):
    published("Water commons", members=2, regions=["africa"])
    client.force_login(UserFactory())
    client.get("/coalitions.csv")
    published("Digital rights compact", members=2, regions=["europe"])
    assert "Digital rights compact" in client.get("/coalitions.csv").content.decode()


def test_an_invalid_filter_is_still_refused(client, edition):
    response = client.get("/coalitions.csv", {"region": "atlantis"})
    assert response.status_code == 400
