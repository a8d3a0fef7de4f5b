"""The site through a Redis outage: a Redis server of the test's own is both the cache and the
Celery broker; it is stopped mid-test and started again.

While it is down every page answers (no 500) from the database, and the messages written
meanwhile wait in the outbox; once it is back the sweep hands them to a real worker, which
sends each once.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from coalitions.enums import MemberRole, ProposalStatus
from impact import cache as fail_open
from impact import outbox
from impact.celery import app
from impact.models import Notification, User
from tests.coalitions.eoi_helpers import interchange_sample
from tests.coalitions.filing.test_eoi_views import saved_post
from tests.coalitions.hub.hubdata import published
from tests.conftest import (
    fail_open_cache,
    reset_celery_connections,
    seed_migration_data,
    wait_for,
)
from tests.factories import ProposalFactory, ProposalMemberFactory
from tests.impact.test_outbox_worker import delivered, drain

# transaction: the worker reads committed rows.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "pass-w0rd-for-tests"
State = Notification.State


@pytest.fixture
def redis_url(own_redis):
    """The broker of `celery_broker` and `start_worker`: this test's own Redis."""
    return own_redis.url(0)


@pytest.fixture
def seeded(transactional_db):
    """The reference data and the 2024 edition as migrations seed them (idempotent): an
    earlier transactional test may have flushed them."""
    seed_migration_data()


@pytest.fixture
def site(settings, own_redis, seeded):
    """The production cache backend on the same Redis as the broker (as REDIS_URL alone)."""
    settings.CACHES = fail_open_cache(own_redis.url(0))
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    fail_open.reset_breakers()
    outbox.reset_breaker()
    yield
    fail_open.reset_breakers()
    outbox.reset_breaker()


def visit_everything(*, owner, proposal, coalition, round: int) -> dict[str, int]:
    """Every page the outage used to break, as an anonymous visitor and as the filer."""
    anonymous = Client()
    filer = Client()
    statuses = {
        "sign-in": filer.post(
            reverse("account_login"), {"login": owner.email, "password": PASSWORD}
        ).status_code,
        "sign-up": anonymous.post(
            reverse("account_signup"),
            {
                "email": f"newcomer{round}@example.org",
                "password1": "a-Strong-passphrase-42",
                "password2": "a-Strong-passphrase-42",
            },
        ).status_code,
        "hub list": Client().get(reverse("coalitions:hub")).status_code,
        "coalition page": Client().get(f"/coalitions/{coalition.public_slug}/").status_code,
        "hub JSON": Client().get(reverse("coalitions:hub-api")).status_code,
        "criteria API": Client()
        .post(
            "/api/criteria/check", json.dumps(interchange_sample()), content_type="application/json"
        )
        .status_code,
    }
    edit = reverse("coalitions:proposal-edit", args=[proposal.pk])
    statuses["open EOI"] = filer.get(edit).status_code
    statuses["save EOI"] = filer.post(
        edit, saved_post(proposal, asks=f"Sharper asks, round {round}.")
    ).status_code
    statuses["submit EOI"] = filer.post(
        reverse("coalitions:proposal-submit", args=[proposal.pk])
    ).status_code
    return statuses


EXPECTED = {
    "sign-in": 302,
    "sign-up": 302,
    "hub list": 200,
    "coalition page": 200,
    "hub JSON": 200,
    "criteria API": 200,
    "open EOI": 200,
    "save EOI": 302,
    "submit EOI": 302,
}


def test_the_site_rides_out_a_redis_outage_and_sends_what_was_queued_once(
    site, own_redis, celery_broker, start_worker, owner, coeditor, edition
):
    mail_dir = start_worker()
    coalition = published("Water commons", members=3, edition=edition, owner=owner)
    first = ProposalFactory(owner=owner, edition=edition, title="Before the outage")
    ProposalMemberFactory(proposal=first, role=MemberRole.LEAD)

    # Redis up: everything works and fills the cache (and the pools hold live connections).
    assert visit_everything(owner=owner, proposal=first, coalition=coalition, round=1) == EXPECTED
    wait_for(lambda: not Notification.objects.exclude(state=State.SENT).exists(), timeout=60)
    sent_before = Notification.objects.count()

    own_redis.stop()
    during = ProposalFactory(owner=owner, edition=edition, title="During the outage")
    during.editors.add(coeditor)
    ProposalMemberFactory(proposal=during, role=MemberRole.LEAD)
    assert visit_everything(owner=owner, proposal=during, coalition=coalition, round=2) == EXPECTED
    during.refresh_from_db()
    assert during.status == ProposalStatus.SUBMITTED
    assert during.asks == "Sharper asks, round 2."
    assert User.objects.filter(email="newcomer2@example.org").exists()
    waiting = list(Notification.objects.filter(state=State.PENDING).values_list("email", flat=True))
    # The submission's two messages and the newcomer's address confirmation.
    assert sorted(waiting) == sorted([owner.email, coeditor.email, "newcomer2@example.org"])

    # Redis is back (empty: nothing was saved). The worker reconnects by itself; beat's sweep
    # hands the waiting rows over.
    own_redis.start()
    reset_celery_connections(app)
    fail_open.reset_breakers()
    assert Client().get("/healthz").status_code == 200
    outbox.sweep(older_than=timedelta(0))
    wait_for(
        lambda: not Notification.objects.exclude(state=State.SENT).exists(),
        timeout=90,
        message="the messages queued during the outage were not sent",
    )
    outbox.sweep(older_than=timedelta(0))  # a second sweep: nothing
    drain()
    assert Notification.objects.count() == sent_before + 3
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}
    sent = delivered(mail_dir)
    assert sorted(sent) == sorted(
        Notification.objects.filter(state=State.SENT).values_list("email", flat=True)
    )
