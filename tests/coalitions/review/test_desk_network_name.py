"""The reviewers' desk names the reviewer's network as the other pages do: a seeded name in
the reader's language, a renamed network as typed."""

import pytest
from django.urls import reverse

from coalitions.models import Network, Reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ngo_reviewer(reviewer):
    network = Network.objects.get(slug="global-ngo-network")
    Reviewer.objects.update_or_create(user=reviewer, defaults={"network": network})
    return reviewer


@pytest.mark.parametrize(
    "language, header",
    [
        ("en", "You review for Global NGO network."),
        ("fr", "Vous évaluez pour Réseau mondial d&#x27;ONG."),
        ("es", "Usted evalúa para Red mundial de ONG."),
    ],
)
def test_the_desk_names_the_network_in_the_readers_language(client, ngo_reviewer, language, header):
    client.force_login(ngo_reviewer)
    body = client.get(reverse("coalitions:review-home"), headers={"Accept-Language": language})
    assert header in body.content.decode()


def test_a_renamed_network_is_named_as_typed(client, ngo_reviewer):
    Network.objects.filter(slug="global-ngo-network").update(name="Réseau CIVICUS")
    client.force_login(ngo_reviewer)
    body = client.get(reverse("coalitions:review-home"), headers={"Accept-Language": "es"})
    assert "Usted evalúa para Réseau CIVICUS." in body.content.decode()
