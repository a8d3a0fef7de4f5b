"""The public GET pages (and the organizers' overview) with a NUL character in every query
parameter they read, on PostgreSQL (which refuses NUL in a query, where SQLite takes it):
never a 500.

A search box refuses the NUL with Django's message next to the field and lists as if nothing
had been typed; a facet that is not one of its slugs is ignored; the JSON answers say 400 or
ignore it alike. Bytes that would decode to a lone surrogate cannot arrive this way: Django
decodes a query string with replacement characters.
"""

from __future__ import annotations

import pytest

from tests.coalitions.hub.hubdata import published
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HUB_FILTERS = ("q", "theme", "region", "constituency", "sector", "activity", "sort")
DIRECTORY_FILTERS = ("q", "region", "constituency", "sector", "theme", "looking", "sort")
# Each public GET page and the parameters its view reads.
PAGES = {
    "/coalitions/": (*HUB_FILTERS, "page"),
    "/coalitions/feed/": HUB_FILTERS,
    "/coalitions/feed/atom/": HUB_FILTERS,
    "/coalitions.csv": HUB_FILTERS,
    "/api/coalitions/": (*HUB_FILTERS, "page", "page_size"),
    "/organizations/": (*DIRECTORY_FILTERS, "page"),
    "/api/organizations/": (*DIRECTORY_FILTERS, "page"),
    "/organizations/{org}/": ("proposal",),
    "/api/organizations/search/": ("q",),
}
VALUES = ("\x00", "water\x00", "\x00; DROP TABLE x")


@pytest.fixture
def public_data(settings):
    # The JSON answers are rate limited; this test sends many requests from one address.
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "")
    coalition = published("Water for all", members=3, regions=["africa", "europe"])
    return {"org": OrganizationFactory(name="Réseau Eau").pk, "coalition": coalition}


@pytest.mark.parametrize(("url", "params"), PAGES.items())
def test_a_nul_character_in_a_query_parameter_is_never_a_500(
    client, owner, public_data, url, params
):
    client.force_login(owner)  # the organization search answers only the signed in
    url = url.format(**public_data)
    answers = {
        (param, value): client.get(url, {param: value}).status_code
        for param in params
        for value in VALUES
    }
    # 404: a page number that is not one (the JSON lists say so, as for `?page=999`).
    assert {k: code for k, code in answers.items() if code not in (200, 400, 404)} == {}
    assert client.get(url, dict.fromkeys(params, "\x00")).status_code in (200, 400, 404)


@pytest.mark.parametrize("url", ["/coalitions/", "/organizations/"])
def test_a_search_with_a_nul_character_says_so_next_to_the_box(client, public_data, url):
    response = client.get(url, {"q": "water\x00"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["q"] == ["Null characters are not allowed."]
    assert b"Null characters are not allowed." in response.content


def test_the_hub_lists_everything_newest_first_when_the_search_is_refused(client, public_data):
    response = client.get("/coalitions/", {"q": "water\x00"})
    assert list(response.context["page"]) == [public_data["coalition"]]
    assert response.context["filter"].sort_key() == "newest"


def test_the_organization_search_answers_400_naming_the_parameter(client, owner, public_data):
    client.force_login(owner)
    response = client.get("/api/organizations/search/", {"q": "Ré\x00seau"})
    assert response.status_code == 400
    assert response.json() == {
        "field": "q",
        "error": "must not contain NUL characters",
        "code": "nul_character",
    }


def test_surrogate_bytes_in_a_query_string_arrive_replaced(client, public_data):
    response = client.get("/coalitions/?q=water%ED%A0%80")
    assert response.status_code == 200
    assert response.context["filter"].form.cleaned_data["q"] == "water\ufffd\ufffd\ufffd"


@pytest.mark.parametrize("url", ["/organizers/coalitions/", "/organizers/coalitions/months.csv"])
def test_the_organizers_overview_finds_no_edition_named_with_a_nul(client, organizer, url):
    client.force_login(organizer)
    assert client.get(url, {"edition": "un-csc-2024\x00"}).status_code == 404
    assert client.get(url, {"edition": "un-csc-2024"}).status_code == 200
