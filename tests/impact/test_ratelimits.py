"""Rate limits: co-editor invitations, join requests, the criteria API and the organization
search. The limit+1th request answers 429 (a page in the site's layout, JSON for the API)."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from coalitions.enums import ProposalStatus
from coalitions.models import EditorInvitation, JoinRequest
from tests.factories import OrganizationFactory, ProposalFactory

pytestmark = pytest.mark.django_db
CRITERIA = "/api/criteria/check"


@pytest.fixture
def rates(settings):
    """Small limits, so the tests reach them quickly."""
    settings.RATE_LIMITS = {
        "coeditor_invitation": "2/h",
        "join_request": "2/h",
        "criteria_api": "3/m",
        "organization_search": "2/m",
    }
    return settings.RATE_LIMITS


def _invite(client, proposal, email):
    url = reverse("coalitions:proposal-invite", args=[proposal.pk])
    return client.post(url, {"email": email})


def test_the_third_invitation_in_an_hour_is_refused(client, owner, edition, rates):
    proposal = ProposalFactory(owner=owner, edition=edition)
    client.force_login(owner)
    assert _invite(client, proposal, "a@example.org").status_code == 302
    assert _invite(client, proposal, "b@example.org").status_code == 302
    refused = _invite(client, proposal, "c@example.org")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert b"Too many requests" in refused.content
    assert b"error-code" in refused.content and b"navbar" in refused.content  # the site's layout
    assert sorted(EditorInvitation.objects.values_list("email", flat=True)) == [
        "a@example.org",
        "b@example.org",
    ]


def test_each_user_has_a_limit_of_their_own(client, owner, coeditor, edition, rates):
    for user, prefix in ((owner, "o"), (coeditor, "c")):
        proposal = ProposalFactory(owner=user, edition=edition)
        client.force_login(user)
        for n in range(2):
            assert _invite(client, proposal, f"{prefix}{n}@example.org").status_code == 302
    assert EditorInvitation.objects.count() == 4


def test_the_third_join_request_in_an_hour_is_refused(client, outsider, edition, rates):
    coalition = ProposalFactory(
        edition=edition,
        status=ProposalStatus.PUBLISHED,
        published_at=timezone.now(),
        public_slug="water-commons",
    )
    url = reverse("coalitions:hub-join", args=[coalition.public_slug])
    client.force_login(outsider)
    orgs = [OrganizationFactory(created_by=outsider) for _ in range(3)]
    assert client.get(url).status_code == 200  # showing the form does not count
    for org in orgs[:2]:
        response = client.post(url, {"organization": org.pk, "message": "We care about water."})
        assert response.status_code == 302
    refused = client.post(url, {"organization": orgs[2].pk, "message": "And us."})
    assert refused.status_code == 429
    assert JoinRequest.objects.count() == 2


def test_the_criteria_api_answers_json_429_over_its_limit(client, rates):
    for _ in range(3):
        response = client.post(CRITERIA, "{}", content_type="application/json")
        assert response.status_code == 400
    refused = client.post(CRITERIA, "{}", content_type="application/json")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["error"].startswith("Too many requests")
    # Another client address has its own count.
    other = client.post(CRITERIA, "{}", content_type="application/json", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 400


def test_the_organization_search_answers_json_429_over_its_limit(client, owner, rates):
    OrganizationFactory(name="Water Justice Kenya")
    client.force_login(owner)
    url = reverse("coalitions:api-organizations")
    for _ in range(2):
        assert client.get(url, {"q": "water"}).json()["results"]
    refused = client.get(url, {"q": "water"})
    assert refused.status_code == 429
    assert "error" in json.loads(refused.content)


def test_the_429_page_speaks_the_visitors_language(client, rates):
    for _ in range(3):
        client.post(CRITERIA, "{}", content_type="application/json")
    refused = client.post(
        CRITERIA, "{}", content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert refused.status_code == 429
    assert refused.json()["error"].startswith("Trop de requêtes")


def test_an_empty_rate_switches_a_limit_off(client, rates):
    rates["criteria_api"] = ""
    for _ in range(5):
        response = client.post(CRITERIA, "{}", content_type="application/json")
        assert response.status_code == 400


def test_an_unreachable_cache_lets_requests_through(settings, rates):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.test import RequestFactory

    from impact.ratelimits import limit

    @limit("criteria_api")
    def view(request):
        return HttpResponse("checked")

    # Nothing listens on port 1: every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    for _ in range(5):
        request = RequestFactory().post(CRITERIA)
        request.user = AnonymousUser()
        assert view(request).content == b"checked"


def test_a_malformed_rate_in_the_environment_fails_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from impact.env import env_rate

    monkeypatch.setenv("RATE_LIMIT_JOIN_REQUEST", "ten an hour")
    with pytest.raises(ImproperlyConfigured):
        env_rate("RATE_LIMIT_JOIN_REQUEST", "10/h")
    monkeypatch.setenv("RATE_LIMIT_JOIN_REQUEST", "5/d")
    assert env_rate("RATE_LIMIT_JOIN_REQUEST", "10/h") == "5/d"
