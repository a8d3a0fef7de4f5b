import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coalitions import workflow
from coalitions.enums import ProposalStatus
from coalitions.models import ProposalEvent
from impact.models import Notification
from tests.factories import ProposalFactory, ProposalMemberFactory, WorkPlanItemFactory

pytestmark = pytest.mark.django_db


def test_submit_snapshots_logs_and_notifies_once_per_person(
    owner, coeditor, edition, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(owner=owner, edition=edition)
    proposal.editors.add(coeditor)
    ProposalMemberFactory(proposal=proposal)
    WorkPlanItemFactory(proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(proposal, actor=owner)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.version == 1
    version = proposal.versions.get()
    assert version.data["title"] == proposal.title
    assert version.criteria_report["eligible"] is False
    assert proposal.failing_criteria.startswith("C1")
    event = ProposalEvent.objects.get(proposal=proposal)
    assert (event.actor, event.from_status, event.to_status) == (owner, "draft", "submitted")
    assert sorted(m.to[0] for m in mail.outbox) == [coeditor.email, owner.email]
    assert Notification.objects.filter(state="sent").count() == 2


def test_an_outsider_cannot_submit(owner, outsider, edition):
    proposal = ProposalFactory(owner=owner, edition=edition)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.submit(proposal, actor=outsider)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_nobody_submits_after_the_deadline_without_an_exception(owner, organizer, edition):
    edition.eoi_deadline = timezone.now() - datetime.timedelta(minutes=1)
    edition.save()
    proposal = ProposalFactory(owner=owner, edition=edition)
    with pytest.raises(workflow.TransitionNotAllowed, match="deadline"):
        workflow.submit(proposal, actor=owner)
    token = workflow.grant_late_link(proposal, actor=organizer, days=2)
    workflow.submit(proposal, actor=owner, late_token=token)
    assert proposal.versions.count() == 1
