"""The OpenAPI document (`/api/schema/`), its page (`/api/schema/docs/`) and `/api/v1/…`,
which answers exactly as the unversioned paths do: same status, body, and headers."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import get_resolver

from tests.coalitions.eoi_helpers import interchange_sample as proposal
from tests.coalitions.hub.hubdata import published
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

# Every JSON endpoint of the portal, by its unversioned path, and its path in version 1.
JSON_ENDPOINTS = {
    "/api/coalitions/": "/api/v1/coalitions/",
    "/api/organizations/": "/api/v1/organizations/",
    "/api/organizations/search/": "/api/v1/organizations/search/",
    "/api/criteria/check": "/api/v1/criteria/check",
    "/healthz": "/api/v1/healthz",
}
HEADERS = ("Content-Type", "Access-Control-Allow-Origin", "ETag", "Cache-Control", "Allow")


def test_the_document_is_openapi_3_1_with_every_json_endpoint(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert document["info"]["version"] == "1"
    assert set(document["paths"]) == set(JSON_ENDPOINTS.values())


def test_no_view_answers_json_outside_the_document():
    # A view module that builds JsonResponse, reached by a URL under /api/ or /healthz, must
    # be in JSON_ENDPOINTS (the filer's page's own form answers are not an API).
    unversioned = {path.strip("/") for path in JSON_ENDPOINTS}
    found = set()
    for pattern in _flatten(get_resolver().url_patterns):
        if pattern.startswith(("api/", "healthz")) and not pattern.startswith("api/v1/"):
            found.add(pattern.strip("/"))
    found -= {"api/coalitions/schema.json"}  # the hand-written JSON Schema of the hub's pages
    # The API root (a 404 naming the docs page), the document and its page.
    found = {p for p in found if p != "api" and not p.startswith("api/schema")}
    assert found == unversioned


def _flatten(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if hasattr(entry, "url_patterns"):
            yield from _flatten(entry.url_patterns, route)
        else:
            yield route


def test_the_request_body_lists_the_reference_slugs(client, edition):
    document = client.get("/api/schema/").json()
    member = document["components"]["schemas"]["DocumentMember"]["properties"]
    assert "civil_society" in member["sector"]["enum"]
    assert "africa" in member["region"]["enum"]
    assert (
        edition.slug
        in document["components"]["schemas"]["Document"]["properties"]["conference"]["anyOf"][0][
            "enum"
        ]
    )


def test_the_docs_page_uses_the_sites_own_static_files(client):
    response = client.get("/api/schema/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "default-src 'self'" in response["Content-Security-Policy"]


def _same(client, unversioned, versioned, method="get", **kwargs):
    old = getattr(client, method)(unversioned, **kwargs)
    new = getattr(client, method)(versioned, **kwargs)
    assert new.status_code == old.status_code
    assert new.content.replace(versioned.encode(), unversioned.encode()) == old.content
    for header in HEADERS:
        assert new.get(header) == old.get(header), header
    return new


@pytest.mark.parametrize(
    "query", ["", "?page_size=1&sort=title", "?region=nowhere", "?page=9", "?q=a%00b"]
)
def test_v1_lists_answer_as_the_unversioned_paths(client, edition, query):
    published("Water commons", members=3, regions=["africa", "europe"])
    published("Digital rights compact", members=2, regions=["europe"])
    for path in ("/api/coalitions/", "/api/organizations/"):
        _same(client, path + query, JSON_ENDPOINTS[path] + query)


def test_v1_search_answers_as_the_unversioned_path(client, owner):
    OrganizationFactory(name="Kibera Youth Voices", acronym="KYV")
    path = "/api/organizations/search/"
    assert _same(client, path + "?q=kib", JSON_ENDPOINTS[path] + "?q=kib").status_code == 403
    client.force_login(owner)
    assert _same(client, path + "?q=kib", JSON_ENDPOINTS[path] + "?q=kib").json()["results"]


@pytest.mark.parametrize(
    "body",
    [json.dumps(proposal()), "{", "[" * 50 + "]" * 50, json.dumps({**proposal(), "title": " "})],
)
def test_v1_criteria_check_answers_as_the_unversioned_path(client, edition, body):
    path = "/api/criteria/check"
    _same(client, path, JSON_ENDPOINTS[path], "post", data=body, content_type="application/json")


def test_v1_criteria_check_keeps_the_413_and_405(client):
    path = "/api/criteria/check"
    big = {"data": "{}", "content_type": "application/json", "CONTENT_LENGTH": "5000000"}
    assert _same(client, path, JSON_ENDPOINTS[path], "post", **big).status_code == 413
    assert _same(client, path, JSON_ENDPOINTS[path]).status_code == 405


def test_v1_keeps_the_rate_limit_and_answers_json_429(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "criteria_api": "2/m"}
    for _ in range(2):
        assert client.post("/api/v1/criteria/check", "{}", "application/json").status_code == 400
    refused = client.post("/api/v1/criteria/check", "{}", "application/json")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused["Retry-After"]
    # The versioned and unversioned paths share one count.
    assert client.post("/api/criteria/check", "{}", "application/json").status_code == 429
