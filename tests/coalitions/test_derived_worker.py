"""The criteria recompute through a real broker and a real Celery worker: what one transaction
changes goes to one task, with ids only, and a worker brings the stored criteria in line."""

import base64
import json
from io import StringIO

import pytest
import redis
from django.core.management import call_command
from django.db import transaction

from coalitions.models import Proposal, ProposalMember
from tests.coalitions.derived_helpers import eligible_proposal, stale_and_live
from tests.coalitions.review.review_helpers import reseeded  # noqa: F401
from tests.conftest import wait_for
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.redis]


@pytest.mark.django_db
def test_one_transaction_sends_one_task_naming_what_changed(
    edition, celery_broker, django_capture_on_commit_callbacks
):
    proposal = eligible_proposal(edition, "Busy")
    org = proposal.members.first().organization
    newcomer = OrganizationFactory(name="Newcomer")  # a new organization queues nothing
    queue = redis.Redis.from_url(celery_broker["url"])
    queue.delete(celery_broker["queue"])
    with django_capture_on_commit_callbacks(execute=True):
        org.is_global = True
        org.save()
        ProposalMember.objects.create(proposal=proposal, organization=newcomer)
        edition.min_csos = 4
        edition.save()
    assert queue.llen(celery_broker["queue"]) == 1
    message = json.loads(queue.lpop(celery_broker["queue"]))
    assert message["headers"]["task"] == "coalitions.recompute_criteria"
    _args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
    assert kwargs == {
        "proposal_ids": [proposal.pk],
        "organization_ids": [org.pk],
        "edition_ids": [edition.pk],
        "every_edition": False,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_recomputes_after_a_threshold_change(reseeded, edition, start_worker):  # noqa: F811
    proposal = eligible_proposal(edition, "On a worker")
    start_worker("criteria")
    with transaction.atomic():
        edition.min_regions = 6
        edition.save()

    def recomputed():
        return Proposal.objects.get(pk=proposal.pk).failing_criteria == "C1"

    wait_for(recomputed, timeout=60, message="the worker did not recompute the criteria")
    assert stale_and_live() == []


class TestBrokerDown:
    @pytest.fixture
    def redis_url(self, own_redis):
        """The broker: a Redis of this test's own, which it stops."""
        return own_redis.url(0)

    @pytest.mark.django_db
    def test_the_change_is_kept_and_the_command_catches_up(
        self, edition, own_redis, celery_broker, caplog, django_capture_on_commit_callbacks
    ):
        proposal = eligible_proposal(edition, "Offline")
        own_redis.stop()
        with django_capture_on_commit_callbacks(execute=True):
            edition.min_regions = 6
            edition.save()
        assert "could not enqueue the criteria recompute" in caplog.text
        edition.refresh_from_db()
        assert edition.min_regions == 6
        assert Proposal.objects.get(pk=proposal.pk).failing_criteria == ""  # stale, for now
        out = StringIO()
        call_command("recompute_criteria", "--edition", edition.slug, stdout=out)
        assert out.getvalue().strip() == "1 of 1 proposals changed."
        assert stale_and_live() == []
