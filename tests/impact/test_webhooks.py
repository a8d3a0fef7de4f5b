"""Signed webhooks, delivered to a real HTTP receiver on a local port (the private-range
setting on, as only tests may): one delivery per event whose signature verifies with the
recipe of docs/webhooks.md, retried until the receiver answers and then sent once, never to a
private address with the setting off, and the admin for organizers only."""

from __future__ import annotations

import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from coalitions.enums import ProposalStatus
from coalitions.workflow import decisions
from impact import webhooks
from impact.admin_webhooks import WebhookEndpointForm
from impact.webhook_models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.conftest import wait_for
from tests.factories import ProposalFactory
from tests.test_docs import EXAMPLES

pytestmark = pytest.mark.django_db
State = WebhookDelivery.State


def recipe():
    """The verification function of docs/webhooks.md, as a receiver would paste it."""
    namespace: dict = {}
    exec(EXAMPLES["webhook-verify"]["python"], namespace)  # noqa: S102 - our own docs
    return namespace["verify"]


class Receiver:
    """An HTTP server on a fixed local port that records each POST; it can be down."""

    def __init__(self) -> None:
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.received: list[tuple[dict, bytes]] = []
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/impact?source=test"

    def start(self) -> None:
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.stop()


@pytest.fixture
def private_ok(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True


def endpoint(url: str, events=(WebhookEvent.COALITION_PUBLISHED,)) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(url=url, events=list(events), secret="s3cret-key")


def publish(organizer, edition, django_capture_on_commit_callbacks):
    shortlisted = ProposalFactory(
        edition=edition, status=ProposalStatus.SHORTLISTED, title="Water commons"
    )
    with django_capture_on_commit_callbacks(execute=True):
        return decisions.publish(shortlisted, actor=organizer)


def test_publishing_a_coalition_delivers_one_signed_webhook(
    receiver, private_ok, organizer, edition, django_capture_on_commit_callbacks
):
    receiver.start()
    hook = endpoint(receiver.url)
    endpoint(receiver.url, events=[WebhookEvent.SESSION_CREATED])  # not subscribed
    coalition = publish(organizer, edition, django_capture_on_commit_callbacks)

    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert recipe()(hook.secret, headers, body)
    assert not recipe()("another secret", headers, body)
    assert not recipe()(hook.secret, headers, body + b" ")
    sent = json.loads(body)
    assert sent["event"] == "coalition.published"
    assert sent["data"]["coalition"]["slug"] == coalition.public_slug
    assert "@" not in body.decode()
    delivery = WebhookDelivery.objects.get()
    assert headers["Impact-Webhook-Id"] == str(delivery.pk)
    assert (delivery.state, delivery.attempts, delivery.response_status) == (State.SENT, 1, 204)


def test_a_rolled_back_change_sends_nothing(receiver, private_ok, organizer, edition):
    receiver.start()
    endpoint(receiver.url)
    shortlisted = ProposalFactory(edition=edition, status=ProposalStatus.SHORTLISTED)
    decisions.publish(shortlisted, actor=organizer)  # the test's transaction never commits
    assert receiver.received == []


def test_a_receiver_that_is_down_gets_the_delivery_once_when_it_is_back(
    receiver, private_ok, organizer, edition, django_capture_on_commit_callbacks
):
    hook = endpoint(receiver.url)
    publish(organizer, edition, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == (State.PENDING, 1)
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()

    receiver.start()
    assert webhooks.sweep(older_than=timedelta(0)) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (State.SENT, 2)
    assert webhooks.sweep(older_than=timedelta(0)) == 0
    assert webhooks.deliver_one(delivery.pk) == "skipped"
    assert len(receiver.received) == 1
    assert recipe()(hook.secret, *receiver.received[0])
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_with_backoff_until_the_receiver_answers(
    receiver, organizer, edition, start_worker
):
    # The worker's retries are Celery's, spaced by backoff, not the sweep's.
    start_worker(WEBHOOKS_ALLOW_PRIVATE="1", WEBHOOK_RETRY_BACKOFF="1")
    hook = endpoint(receiver.url)
    shortlisted = ProposalFactory(edition=edition, status=ProposalStatus.SHORTLISTED)
    decisions.publish(shortlisted, actor=organizer)
    wait_for(
        lambda: WebhookDelivery.objects.filter(state=State.PENDING, attempts__gte=1).exists(),
        message="the worker never tried the delivery",
    )
    receiver.start()
    wait_for(
        lambda: WebhookDelivery.objects.filter(state=State.SENT).exists(),
        timeout=60,
        message="the delivery was not retried",
    )
    assert len(receiver.received) == 1
    assert recipe()(hook.secret, *receiver.received[0])


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "ftp://example.org/hook",
    ],
)
def test_a_private_or_local_address_is_refused_at_registration(url, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    form = WebhookEndpointForm(
        {"url": url, "events": ["coalition.published"], "secret": "x", "active": "on"}
    )
    assert not form.is_valid()
    assert "url" in form.errors
    assert form["url"].value() == url  # what was typed is kept


def test_a_private_address_is_refused_again_at_delivery(
    receiver, settings, organizer, edition, django_capture_on_commit_callbacks
):
    # Registered while allowed (or a name that resolves elsewhere since): checked again.
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    receiver.start()
    endpoint(receiver.url)
    publish(organizer, edition, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == State.FAILED  # not retried: it would be refused every time
    assert "private or local network" in delivery.last_error
    assert receiver.received == []


def test_an_endpoint_failing_again_and_again_is_disabled(
    receiver, private_ok, settings, organizer, edition, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER, settings.WEBHOOK_MAX_ATTEMPTS = 3, 1
    hook = endpoint(receiver.url)  # down throughout
    for _ in range(3):
        publish(organizer, edition, django_capture_on_commit_callbacks)
    hook.refresh_from_db()
    assert not hook.active
    assert "3 failed attempts" in hook.disabled_reason
    assert WebhookDelivery.objects.filter(state=State.FAILED).count() == 3
    publish(organizer, edition, django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 3  # a disabled endpoint gets nothing new


def test_only_organizers_see_the_webhooks_admin(client, owner, reviewer, organizer):
    pages = [
        reverse("admin:impact_webhookendpoint_changelist"),
        reverse("admin:impact_webhookendpoint_add"),
        reverse("admin:impact_webhookdelivery_changelist"),
    ]
    for page in pages:
        assert client.get(page).status_code == 302  # anonymous: to the sign-in page
    for outsider in (owner, reviewer):
        client.force_login(outsider)
        for page in pages:
            assert client.get(page).status_code in (302, 403), (outsider, page)
    client.force_login(organizer)
    for page in pages:
        assert client.get(page).status_code == 200


def test_an_organizer_registers_an_endpoint_in_the_admin(client, organizer, private_ok):
    client.force_login(organizer)
    add = reverse("admin:impact_webhookendpoint_add")
    refused = client.post(add, {"url": "gopher://x", "events": ["coalition.published"]})
    assert refused.status_code == 200 and b"gopher://x" in refused.content
    response = client.post(
        add,
        {
            "url": "http://127.0.0.1:9/hook",
            "events": ["summary.exported", "coalition.published"],
            "secret": "abc",
            "active": "on",
        },
    )
    assert response.status_code == 302
    hook = WebhookEndpoint.objects.get()
    assert hook.events == ["coalition.published", "summary.exported"]
    assert hook.created_by == organizer
