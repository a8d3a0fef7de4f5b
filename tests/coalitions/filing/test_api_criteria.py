"""POST /api/criteria/check and GET /api/organizations/."""

import json
from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.coalitions.eoi_helpers import interchange_sample as proposal
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
URL = "/api/criteria/check"


def post(client, data, **extra):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(URL, body, content_type="application/json", **extra)


def test_an_eligible_proposal_gets_the_full_report(client):
    assert reverse("coalitions:api-criteria-check") == URL
    response = post(client, proposal())
    assert response.status_code == 200
    report = response.json()
    assert report["eligible"] is True
    assert [c["id"] for c in report["criteria"]] == ["C1", "C2", "C3", "C4"]
    assert report["criteria"][0]["measured"] == {"csos": 5, "regions": 5, "global_south": 4}


def test_the_report_follows_the_edition_thresholds(client, edition):
    # The test edition's conference ends in the future: a 2024 work plan no longer reaches it.
    report = post(client, proposal(conference=edition.slug)).json()
    assert report["eligible"] is False
    assert [c["status"] for c in report["criteria"]] == ["met", "met", "met", "not_met"]


def test_the_check_needs_no_csrf_token_and_no_account(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post(strict, proposal()).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"members": [{"name": "X", "sector": "spaceship", "country": "KE"}]}, "members[0].sector"),
        (
            {"members": [{"name": "X", "sector": "civil_society", "country": "XX"}]},
            "members[0].country",
        ),
        ({"work_plan": [{"date": "10/05/2024", "title": "x"}]}, "work_plan[0].date"),
        ({"title": 42}, "title"),
        ({"conference": "no-such-edition"}, "conference"),
    ],
)
def test_bad_input_answers_400_naming_the_field(client, change, field):
    response = post(client, proposal(**change))
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["error"]


def test_a_body_that_is_not_json_answers_400(client):
    response = post(client, "{not json")
    assert response.status_code == 400
    assert response.json()["field"] is None
    assert "JSON" in response.json()["error"]


NAMED_NUL = '{"title": "T", "members": [{"name": "A\\u0000B"}]}'


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ("[" * 100_000 + "]" * 100_000, None, "too_deep"),
        (NAMED_NUL, "members[0].name", "nul_character"),
        ('{"title": "\\ud800"}', "title", "lone_surrogate"),
        ('{"conference": "\\u0000"}', "conference", "nul_character"),
        ('{"title": ' + "9" * 5_000 + "}", "title", "number"),
        ('{"title": NaN}', "title", "number"),
        (b'{"title": "\xed\xa0\x80"}', None, "not_utf8"),
        (b'{"title": "a\x00b"}', None, "nul_character"),
    ],
)
def test_hostile_json_answers_400_with_a_named_error(client, body, field, code):
    """Each of these was a 500 on PostgreSQL: RecursionError in the decoder, NUL or a lone
    surrogate reaching a query, an integer too long to convert."""
    response = post(client, body)
    assert response.status_code == 400
    answer = response.json()
    assert (answer["field"], answer["code"]) == (field, code)
    assert answer["error"]


@pytest.mark.postgres
@pytest.mark.parametrize("conference", ["\x00", "un-csc-2024\x00"])
def test_a_nul_character_in_the_conference_parameter_answers_400(client, conference):
    response = client.post(
        f"{URL}?conference={quote(conference)}", json.dumps(proposal()), "application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "conference"


def test_a_body_declared_too_large_is_refused_before_it_is_read(client):
    # Signed in, the site takes bodies of up to 5 MB (impact.bodylimits); the API's own limit
    # on a JSON document is 1 MB. A visitor's body over 256 KB is refused sooner, with 413.
    from tests.factories import UserFactory

    assert post(client, proposal(), CONTENT_LENGTH="5000000").status_code == 413
    client.force_login(UserFactory())
    response = post(client, proposal(), CONTENT_LENGTH="5000000")
    assert response.status_code == 400
    assert response.json() == {"field": None, "error": "larger than 1000 kB", "code": "too_large"}


def test_the_errors_come_in_the_language_asked_for(client):
    response = post(client, "[" * 50 + "]" * 50, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["error"] == "imbriqué sur plus de 32 niveaux"


def test_only_post(client):
    assert client.get(URL).status_code == 405


def test_organizations_are_offered_by_name_or_acronym(client, owner):
    OrganizationFactory(name="Kibera Youth Voices", acronym="KYV", constituencies=["women"])
    OrganizationFactory(name="Voices of the Andes", country="PE")
    for i in range(12):
        OrganizationFactory(name=f"Voices network {i}")
    client.force_login(owner)
    url = reverse("coalitions:api-organizations")
    results = client.get(url, {"q": "kyv"}).json()["results"]
    assert [(r["name"], r["sector"], r["region"], r["constituencies"]) for r in results] == [
        ("Kibera Youth Voices", "civil_society", "africa", ["women"])
    ]
    names = [r["name"] for r in client.get(url, {"q": "voices"}).json()["results"]]
    assert len(names) == 10
    assert names[0] == "Voices network 0"  # names starting with the query come first
    assert client.get(url, {"q": "v"}).json()["results"] == []


def test_organizations_are_not_listed_to_anonymous_visitors(client):
    OrganizationFactory(name="Kibera Youth Voices")
    response = client.get(reverse("coalitions:api-organizations"), {"q": "kibera"})
    assert response.status_code == 403
