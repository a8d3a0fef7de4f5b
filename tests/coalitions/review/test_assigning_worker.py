"""The matched assignment solved by a real Celery worker (the organizer's request only queues
it), and a decline replaced by one."""

from __future__ import annotations

import pytest

from coalitions.enums import AssignmentRunState
from coalitions.models import Assignment, AssignmentRun
from coalitions.review import assigning
from tests.coalitions.review.review_helpers import fast_hashing, join, reseeded, submitted  # noqa: F401
from tests.conftest import wait_for
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded", "fast_hashing"),
]


def test_a_worker_solves_the_run_and_replaces_a_decline(start_worker, organizer, edition):
    first, second = UserFactory(), UserFactory()
    join(first)
    join(second)
    proposals = [submitted(edition=edition) for _ in range(2)]
    start_worker("assign")
    run = assigning.start_run(edition, proposals, actor=organizer)  # autocommit: queued now
    assert run.state == AssignmentRunState.QUEUED
    wait_for(
        lambda: AssignmentRun.objects.get(pk=run.pk).state == AssignmentRunState.READY,
        message="the worker did not solve the run",
    )
    run.refresh_from_db()
    # Two proposals, two reviewers of one network: one each (the load spreads).
    assert sorted(u for _p, _n, u, _s in run.plan["assignments"]) == sorted([first.pk, second.pk])
    assigning.confirm_run(run, actor=organizer)
    mine = Assignment.objects.get(reviewer=first)
    assigning.decline(mine, user=first, reason="Away")
    wait_for(
        lambda: Assignment.objects.filter(
            proposal=mine.proposal, reviewer=second, declined_at=None
        ).exists(),
        message="the worker did not replace the declined assignment",
    )
