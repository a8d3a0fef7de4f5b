"""Deleting a proposal in the admin is a soft delete: it disappears from every page and
list, its events and versions stay, and it can be brought back."""

import pytest
from django.urls import reverse

from coalitions.enums import ProposalStatus
from coalitions.filing import versions
from coalitions.models import Proposal, ProposalEvent, ProposalVersion
from tests.coalitions.review.review_helpers import orgs, submitted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:coalitions_proposal_changelist")


@pytest.fixture
def superuser():
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def proposal(owner):
    p = submitted(members=orgs(2), owner=owner, title="To be deleted")
    ProposalEvent.objects.create(proposal=p, action="submit", to_status="submitted")
    versions.snapshot(p, actor=owner, note="submitted")
    return p


def test_deleting_in_the_admin_hides_the_proposal_and_keeps_its_history(
    client, superuser, proposal, owner
):
    client.force_login(superuser)
    url = reverse("admin:coalitions_proposal_delete", args=[proposal.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302

    assert not Proposal.objects.filter(pk=proposal.pk).exists()
    assert Proposal.all_objects.get(pk=proposal.pk).deleted_at is not None
    actions = set(ProposalEvent.objects.filter(proposal_id=proposal.pk).values_list("action"))
    assert actions == {("submit",), ("deleted",)}
    assert ProposalVersion.objects.filter(proposal_id=proposal.pk).count() == 1
    client.get(CHANGELIST)  # the "deleted" message, shown once
    assert proposal not in client.get(CHANGELIST).context["cl"].result_list
    client.force_login(owner)
    assert client.get(reverse("coalitions:proposal-detail", args=[proposal.pk])).status_code == 404
    assert proposal.title not in client.get(reverse("coalitions:dashboard")).content.decode()


def test_deleted_proposals_are_listed_on_request_and_can_be_undeleted(client, superuser, proposal):
    client.force_login(superuser)
    client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [proposal.pk], "post": "yes"}
    )
    assert not Proposal.objects.filter(pk=proposal.pk).exists()
    assert proposal not in client.get(CHANGELIST).context["cl"].result_list
    deleted = client.get(CHANGELIST, {"deleted": "yes"})
    assert proposal in deleted.context["cl"].result_list
    # Only undeleting applies to deleted proposals (the review actions need live ones).
    assert [name for name, _label in deleted.context["action_form"].fields["action"].choices][
        1:
    ] == ["undelete_selected"]
    client.post(
        CHANGELIST + "?deleted=yes",
        {"action": "undelete_selected", "_selected_action": [proposal.pk]},
    )
    restored = Proposal.objects.get(pk=proposal.pk)
    assert restored.deleted_at is None and restored.status == ProposalStatus.SUBMITTED
    assert ProposalEvent.objects.filter(proposal=restored, action="undeleted").exists()


def test_reviewers_cannot_delete_or_undelete(client, reviewer, proposal):
    client.force_login(reviewer)
    url = reverse("admin:coalitions_proposal_delete", args=[proposal.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    Proposal.objects.filter(pk=proposal.pk).update(deleted_at="2024-05-01T00:00Z")
    client.post(
        CHANGELIST + "?deleted=yes",
        {"action": "undelete_selected", "_selected_action": [proposal.pk]},
    )
    assert Proposal.all_objects.get(pk=proposal.pk).deleted_at is not None
