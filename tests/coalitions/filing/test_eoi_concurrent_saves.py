"""Two saves of the same opened version racing for real on PostgreSQL: the conditional
UPDATE lets exactly one through; the other writes nothing (no row deleted or duplicated)."""

import threading

import pytest
from django.db import connection, transaction
from django.http import QueryDict

from coalitions.filing.forms import EOIForm
from coalitions.filing.views.eoi import full_proposals
from coalitions.models import Proposal, ProposalMember, WorkPlanItem
from impact.concurrency import StaleEdit
from tests.coalitions.review.review_helpers import fast_hashing, orgs, reseeded, submitted  # noqa: F401
from tests.coalitions.test_workflow_concurrency import waiting_on_locks
from tests.conftest import wait_for
from tests.edit_helpers import eoi_as_opened

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded"),
    pytest.mark.usefixtures("fast_hashing"),
]


class _Request:
    def __init__(self, user):
        self.user = user


def test_two_saves_of_one_version_exactly_one_is_written(owner, coeditor):
    proposal = submitted(status="draft", members=orgs(2), owner=owner)
    proposal.editors.add(coeditor)
    loaded = full_proposals(_Request(owner)).get(pk=proposal.pk)
    opened = eoi_as_opened(EOIForm(loaded))
    forms = []
    for user, title in ((owner, "Owner's title"), (coeditor, "Co-editor's title")):
        data = QueryDict(mutable=True)
        for key, value in {**opened, "title": title}.items():
            data.setlist(key, value if isinstance(value, list) else [value])
        form = EOIForm(full_proposals(_Request(user)).get(pk=proposal.pk), data)
        assert form.is_valid(), form.main.errors
        forms.append((form, user))
    outcomes = [None, None]

    def save(i):
        form, user = forms[i]
        try:
            form.save(actor=user)
            outcomes[i] = "saved"
        except StaleEdit:
            outcomes[i] = "stale"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    with transaction.atomic():
        Proposal.objects.select_for_update().get(pk=proposal.pk)
        for t in threads:
            t.start()
        watcher = threading.Thread(
            target=lambda: (
                wait_for(lambda: waiting_on_locks() >= 2, timeout=20),
                connection.close(),
            )
        )
        watcher.start()
        watcher.join()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["saved", "stale"]
    proposal.refresh_from_db()
    winner = ["Owner's title", "Co-editor's title"][outcomes.index("saved")]
    assert proposal.title == winner and proposal.edit_version == 1
    assert ProposalMember.objects.filter(proposal=proposal).count() == 2
    assert WorkPlanItem.objects.filter(proposal=proposal).count() == 1
