"""The programme's and the summary's webhooks: a session created, a session changed (and
nothing when it is saved unchanged), a summary exported; queued for subscribed endpoints."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from impact.webhook_models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from summaries.enums import ExportState
from summaries.models import Session, SummaryExport
from tests.factories import TEST_PASSWORD
from tests.summaries.factories import ReportFactory, SessionFactory
from tests.summaries.test_sessions import dialogue_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed():
    # Never reached: deliveries to it are only queued here (impact's tests deliver them).
    return WebhookEndpoint.objects.create(
        url="https://9.9.9.9/hooks", events=list(WebhookEvent.values), secret="s"
    )


def events() -> list[str]:
    return list(WebhookDelivery.objects.order_by("pk").values_list("event", flat=True))


def edit_post(session: Session, **overrides) -> dict:
    """The edit form as the browser sends it back, the panel and agenda rows with their ids."""
    data = dialogue_post(**overrides)
    for prefix, rows in (("panel", session.participants), ("agenda", session.agenda)):
        ids = list(rows.order_by("position").values_list("pk", flat=True))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(ids))
        for i, pk in enumerate(ids):
            data[f"{prefix}-{i}-id"] = str(pk)
    return data


def test_a_session_created_then_changed_is_sent_and_saving_it_unchanged_is_not(
    client, organizer, edition, subscribed
):
    client.force_login(organizer)
    client.post(reverse("summaries:session-create", args=[edition.slug]), dialogue_post())
    session = Session.objects.get()
    assert events() == ["session.created"]
    body = json.loads(WebhookDelivery.objects.get().body)
    assert body["data"]["session"]["title"] == session.title

    edit = reverse("summaries:session-edit", args=[edition.slug, session.pk])
    assert client.post(edit, edit_post(session)).status_code == 302
    assert events() == ["session.created"]
    client.post(edit, edit_post(session, room="Conference Room 4"))
    assert events() == ["session.created", "session.changed"]


def test_a_finished_export_is_sent(
    client, edition, organizer, subscribed, django_capture_on_commit_callbacks
):
    ReportFactory(session=SessionFactory(edition=edition))
    client.login(email=organizer.email, password=TEST_PASSWORD)
    client.post(reverse("summaries:compile", args=[edition.slug]))
    WebhookDelivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        # The report is not accepted yet: the check before export lists it, exported anyway.
        client.post(
            reverse("summaries:export", args=[edition.slug]), {"format": "md", "confirmed": "on"}
        )
    assert SummaryExport.objects.get().state == ExportState.DONE
    sent = WebhookDelivery.objects.get(event="summary.exported")
    assert json.loads(sent.body)["data"]["format"] == "md"
