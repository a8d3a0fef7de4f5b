"""Open data: /api/coalitions/ (JSON), /coalitions.csv and the RSS/Atom feeds."""

import csv
import io
import re

import pytest

from coalitions.enums import ProposalStatus
from coalitions.hub import cache as hub_cache
from coalitions.models import Organization
from tests.coalitions.hub.hubdata import published
from tests.factories import ContactFactory, ProposalFactory

pytestmark = pytest.mark.django_db

API = "/api/coalitions/"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def hub_data(edition, owner):
    water = published("Water commons", members=4, regions=["africa", "europe"], themes=("health",))
    digital = published("Digital rights compact", members=2, regions=["europe"])
    ProposalFactory(title="Secret draft", owner=owner)
    ProposalFactory(title="Declined idea", owner=owner, status=ProposalStatus.DECLINED)
    ContactFactory(proposal=water, email="lead.person@example.net")
    Organization.objects.update(email="office@ngo.example.org", website="https://ngo.example.org")
    return water, digital


def test_the_json_lists_published_coalitions_with_members_and_shares(client, hub_data):
    water, _ = hub_data
    response = client.get(API)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["count"] == 2 and data["next"] is None
    assert [c["title"] for c in data["results"]] == ["Water commons", "Digital rights compact"]
    first = data["results"][0]
    assert first["slug"] == water.public_slug
    assert first["url"].endswith(f"/coalitions/{water.public_slug}/")
    assert first["themes"] == [{"slug": "health", "name": "Health"}]
    assert first["regions"] == ["africa", "europe"]
    assert first["member_count"] == 4 and first["global_south_share"] == 0.5
    assert {"name", "country", "region", "sector", "role", "website"} <= set(first["members"][0])


def test_open_data_never_carries_an_email_address(client, hub_data):
    for url in (API, "/coalitions.csv", "/coalitions/feed/", "/coalitions/feed/atom/"):
        body = client.get(url).content.decode()
        assert "Water commons" in body, url
        assert EMAIL.findall(body) == [], url
        assert "Secret draft" not in body and "Declined idea" not in body


def test_the_json_takes_the_lists_filters_and_pages(client, hub_data):
    assert [c["title"] for c in client.get(API + "?theme=health").json()["results"]] == [
        "Water commons"
    ]
    assert client.get(API + "?region=africa").json()["count"] == 1
    assert client.get(API + "?q=digital").json()["count"] == 1
    page1 = client.get(API + "?page_size=1&sort=title").json()
    assert page1["pages"] == 2 and page1["results"][0]["title"] == "Digital rights compact"
    assert "page=2" in page1["next"] and "sort=title" in page1["next"]
    page2 = client.get(page1["next"]).json()
    assert page2["results"][0]["title"] == "Water commons" and page2["previous"]


def test_bad_api_input_is_a_clear_400_or_404(client, hub_data):
    response = client.get(API + "?region=atlantis")
    assert response.status_code == 400
    assert "region" in response.json()["errors"]
    assert client.get(API + "?page=99").status_code == 404
    assert client.get(API + "?page_size=lots").json()["count"] == 2


def test_the_csv_has_one_row_per_coalition(client, hub_data):
    response = client.get("/coalitions.csv?sort=title")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["slug", "title"]
    assert [r[1] for r in rows[1:]] == ["Digital rights compact", "Water commons"]
    assert rows[2][8] == "4" and rows[2][7] == "africa; europe"


def test_the_feeds_list_new_coalitions(client, hub_data):
    rss = client.get("/coalitions/feed/").content.decode()
    assert "<rss" in rss and "<title>Water commons</title>" in rss and "Health" in rss
    atom = client.get("/coalitions/feed/atom/?theme=health").content.decode()
    assert "<feed" in atom and "Water commons" in atom and "Digital rights" not in atom


def test_the_api_runs_a_constant_number_of_queries(client, edition, django_assert_max_num_queries):
    published(members=30, themes=("health",))
    for _round in (1, 50):
        hub_cache.invalidate()  # a cold cache for each round
        # Queries: the chosen theme, count, page, themes, members (organization, region, sector),
        # work plans (each milestone's status).
        with django_assert_max_num_queries(6):
            data = client.get(API + "?theme=health&page_size=100").json()
        assert all(c["member_count"] == 30 for c in data["results"])
        for _ in range(49):
            published(members=30, themes=("health",))
