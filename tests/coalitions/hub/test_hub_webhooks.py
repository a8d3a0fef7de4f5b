"""The hub's webhooks: a milestone reported and an update posted by a lead are queued for
the endpoints that subscribed, with public facts only; an outsider's refused report sends
nothing."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from coalitions.enums import MilestoneStatus
from impact.webhook_models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.coalitions.hub.test_hub_progress import coalition, first_milestone, post  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed():
    return WebhookEndpoint.objects.create(
        url="https://9.9.9.9/hooks",
        events=[WebhookEvent.MILESTONE_REPORTED, WebhookEvent.COALITION_UPDATED],
        secret="s",
    )


def test_a_reported_milestone_is_queued_for_subscribers(client, coalition, coeditor, subscribed):  # noqa: F811
    milestone = first_milestone(coalition)
    client.force_login(coeditor)
    post(client, coalition, milestone, status=MilestoneStatus.IN_PROGRESS, note="Held in Quito")
    delivery = WebhookDelivery.objects.get()
    body = json.loads(delivery.body)
    assert body["event"] == "milestone.reported"
    assert body["data"]["status"] == "in_progress" and body["data"]["note"] == "Held in Quito"
    assert body["data"]["coalition"]["slug"] == coalition.public_slug
    assert "@" not in delivery.body


def test_an_update_posted_is_queued_as_coalition_updated(client, coalition, coeditor, subscribed):  # noqa: F811
    client.force_login(coeditor)
    url = reverse("coalitions:hub-post-update", args=[coalition.public_slug])
    assert client.post(url, {"body": "First meeting held."}).status_code == 302
    body = json.loads(WebhookDelivery.objects.get().body)
    assert (body["event"], body["data"]["change"]) == ("coalition.updated", "update")


def test_an_outsiders_report_sends_nothing(client, coalition, outsider, subscribed):  # noqa: F811
    client.force_login(outsider)
    response = post(client, coalition, first_milestone(coalition))
    assert response.status_code in (403, 404)
    assert not WebhookDelivery.objects.exists()
