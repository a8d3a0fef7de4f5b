"""Concurrent transitions on the same proposal serialize on PostgreSQL row locks.

Each test holds the proposal's row lock in the main connection, starts two threads (each with
its own database connection) that both block on it, checks in `pg_stat_activity` that both
are waiting, then releases the lock: the two transitions race for real.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from coalitions import workflow
from coalitions.enums import ProposalStatus
from coalitions.models import Proposal, ProposalEvent
from coalitions.review import merging
from tests.coalitions.review.review_helpers import fast_hashing, orgs, reseeded, submitted  # noqa: F401
from tests.conftest import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded"),
    pytest.mark.usefixtures("fast_hashing"),
]


def waiting_on_locks() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def race(locked: Proposal, *jobs) -> list[str]:
    """Run `jobs` in threads while `locked` is locked here; return 'ok' or 'refused' each."""
    outcomes = [None] * len(jobs)

    def run(i, job):
        try:
            job()
            outcomes[i] = "ok"
        except workflow.TransitionNotAllowed:
            outcomes[i] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    # A second connection watches the waiters while the main one holds the lock.
    with transaction.atomic():
        Proposal.objects.select_for_update().get(pk=locked.pk)
        for t in threads:
            t.start()
        watcher = threading.Thread(
            target=lambda: (
                wait_for(lambda: waiting_on_locks() >= len(jobs), timeout=20),
                connection.close(),
            )
        )
        watcher.start()
        watcher.join()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_decline_and_merge_racing_leave_one_consistent_outcome(reviewer, organizer):
    a, b = submitted(members=orgs(1)), submitted(members=orgs(1))
    outcomes = race(
        a,
        lambda: workflow.decline(a, actor=reviewer, reason="Off topic"),
        lambda: merging.merge([a, b], actor=organizer, reason="Same", title="United"),
    )
    assert sorted(outcomes) == ["ok", "refused"]
    a.refresh_from_db()
    b.refresh_from_db()
    if outcomes[0] == "ok":  # the decline won: nothing merged
        assert (a.status, b.status) == (ProposalStatus.DECLINED, ProposalStatus.SUBMITTED)
        assert not Proposal.objects.filter(title="United").exists()
    else:
        assert a.status == b.status == ProposalStatus.MERGED
        assert a.merged_into == b.merged_into == Proposal.objects.get(title="United")
    assert ProposalEvent.objects.filter(proposal=a).count() == 1


def test_two_merges_sharing_a_proposal_run_once(organizer):
    a, b, c = submitted(), submitted(), submitted()
    outcomes = race(
        a,
        lambda: merging.merge([a, b], actor=organizer, reason="1", title="Result AB"),
        lambda: merging.merge([a, c], actor=organizer, reason="2", title="Result AC"),
    )
    assert sorted(outcomes) == ["ok", "refused"]
    a.refresh_from_db()
    results = Proposal.objects.filter(title__startswith="Result")
    assert results.count() == 1 and a.merged_into == results.get()
    assert ProposalEvent.objects.filter(proposal=a, action="merge").count() == 1


def test_two_shortlists_record_one_transition(reviewer, expert):
    a = submitted()
    outcomes = race(
        a,
        lambda: workflow.shortlist(a, actor=reviewer),
        lambda: workflow.shortlist(a, actor=expert),
    )
    assert sorted(outcomes) == ["ok", "refused"]
    assert ProposalEvent.objects.filter(proposal=a, action="shortlist").count() == 1
