"""Pages are sent gzip-encoded to clients that accept it, and plain to the others."""

import gzip
import re

import pytest
from django.test import Client

from tests.coalitions.hub.hubdata import published
from tests.conftest import fail_open_cache

pytestmark = pytest.mark.django_db


def test_a_page_is_compressed_when_the_client_accepts_gzip(client, edition):
    plain = client.get("/")
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain.headers
    compressed = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["Vary"]
    html = gzip.decompress(compressed.content)
    assert len(compressed.content) < len(html)
    assert html.startswith(b"<!DOCTYPE html>") or b"<html" in html[:200]


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.redis
def test_a_cached_hub_page_is_compressed_with_the_visitors_own_working_csrf_token(
    edition, settings, redis_url
):
    settings.CACHES = fail_open_cache(redis_url)
    published("Water commons", members=3, edition=edition)
    Client().get("/coalitions/")  # the first visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/coalitions/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "Water commons" in html
    # The token filled into the cached page survives compression and is accepted.
    answer = visitor.post(
        "/i18n/setlang/",
        {"language": "fr", "next": "/coalitions/", "csrfmiddlewaretoken": _csrf_token(html)},
    )
    assert answer.status_code == 302
    again = visitor.get("/coalitions/")
    assert "Content-Encoding" not in again.headers
    assert again.headers["Content-Language"] == "fr"
