"""A decision whose letter is held stays unknown to the filers' side until its group is
released: their dashboard, the proposal's page, its read-only notice, their data download,
their notifications and the errors they may meet all say "in review"; reviewers and organizers
see the real status and that its letter is held; the release reveals it."""

import json

import pytest
from django.urls import reverse

from coalitions import workflow
from coalitions.enums import ProposalStatus
from coalitions.models import Proposal, ProposalMember
from coalitions.organizations import invitations
from impact.models import Notification
from tests.coalitions.organizations.directorydata import lacking_one_south_region, looking
from tests.coalitions.review.review_helpers import fast_hashing, submitted  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
DASHBOARD = reverse("coalitions:dashboard")
HELD = reverse("coalitions:held-decisions")
CHANGELIST = reverse("admin:coalitions_proposal_changelist")


@pytest.fixture
def declined(owner, reviewer):
    proposal = submitted(owner=owner, title="Seeds of change")
    return workflow.decline(proposal, actor=reviewer, reason="Too narrow.", hold_key="round-1")


@pytest.fixture
def shortlisted(owner, coeditor, reviewer):
    proposal = submitted(owner=owner, title="Water for all")
    proposal.editors.add(coeditor)
    return workflow.shortlist(proposal, actor=reviewer, hold_key="round-1")


def status_badges(client, proposal) -> tuple[str, str]:
    """The status the dashboard's row and the proposal's page show the signed-in user."""
    dashboard = client.get(DASHBOARD).content.decode()
    page = client.get(reverse("coalitions:proposal-detail", args=[proposal.pk])).content.decode()
    return (
        dashboard.split('data-testid="status">')[1].split("<")[0],
        page.split('data-testid="status">')[1].split("<")[0],
    )


def release(client, organizer, letters):
    client.force_login(organizer)
    return client.post(HELD, {"hold_key": "round-1", "confirm": "yes", "expected": letters})


def test_the_owner_sees_a_held_decline_as_in_review_until_it_is_released(
    client, owner, organizer, declined
):
    assert Proposal.objects.get(pk=declined.pk).status == ProposalStatus.DECLINED
    client.force_login(owner)
    assert status_badges(client, declined) == ("In review", "In review")
    page = client.get(reverse("coalitions:proposal-detail", args=[declined.pk])).content.decode()
    assert "Declined" not in page and "declined" not in page
    assert "This proposal is in review: it can no longer be edited." in page
    release(client, organizer, "1")
    client.force_login(owner)
    assert status_badges(client, declined) == ("Declined", "Declined")


def test_a_coeditor_sees_a_held_shortlist_as_in_review_until_it_is_released(
    client, coeditor, organizer, shortlisted
):
    client.force_login(coeditor)
    assert status_badges(client, shortlisted) == ("In review", "In review")
    assert "Shortlisted" not in client.get(DASHBOARD).content.decode()
    release(client, organizer, "2")
    client.force_login(coeditor)
    assert status_badges(client, shortlisted) == ("Shortlisted", "Shortlisted")


def test_the_edit_page_and_a_refused_withdrawal_say_in_review(client, owner, declined):
    client.force_login(owner)
    edit = client.get(reverse("coalitions:proposal-edit", args=[declined.pk])).content.decode()
    assert "This proposal is in review" in edit and "declined" not in edit.lower()
    url = reverse("coalitions:proposal-withdraw", args=[declined.pk])
    after = client.post(url, {"reason": "x"}, follow=True).content.decode()
    assert "You may not do this to this proposal." in after
    assert "declined" not in after.lower()
    assert Proposal.objects.get(pk=declined.pk).status == ProposalStatus.DECLINED


def test_the_data_download_and_notifications_hold_nothing_of_it(client, owner, organizer, declined):
    client.force_login(owner)
    data = json.loads(client.get(reverse("my-data-json")).content)
    sections = {s["model"]: s["rows"] for s in data["sections"]}
    (row,) = sections["coalitions.Proposal"]
    assert row["status"] == "in_review" and "decision_held" not in row
    assert "impact.Notification" not in sections  # the letter is not theirs before release
    page = client.get(reverse("my-data")).content.decode()
    assert "Declined" not in page and "round-1" not in page
    assert "Too narrow" not in client.get(reverse("notifications")).content.decode()
    release(client, organizer, "1")
    client.force_login(owner)
    data = json.loads(client.get(reverse("my-data-json")).content)
    sections = {s["model"]: s["rows"] for s in data["sections"]}
    assert sections["coalitions.Proposal"][0]["status"] == "declined"
    assert [n["kind"] for n in sections["impact.Notification"]] == ["declined"]


def test_reviewers_and_organizers_see_the_real_status_and_the_held_letter(
    client, reviewer, organizer, declined
):
    for who in (reviewer, organizer):
        client.force_login(who)
        rows = client.get(CHANGELIST).content.decode()
        assert "Declined <span" in rows and "letter held: round-1" in rows
    client.force_login(organizer)
    change = reverse("admin:coalitions_proposal_change", args=[declined.pk])
    assert "round-1" in client.get(change).content.decode()


def test_the_release_clears_the_hold_and_an_unrelated_group_keeps_its_own(
    reviewer, organizer, declined
):
    other = workflow.shortlist(submitted(), actor=reviewer, hold_key="round-2")
    assert workflow.release_decisions("round-1", actor=organizer) == 1
    declined.refresh_from_db()
    other.refresh_from_db()
    assert (declined.decision_held, other.decision_held) == ("", "round-2")


def test_a_held_shortlist_cannot_be_published_before_its_letter(organizer, shortlisted):
    with pytest.raises(workflow.TransitionNotAllowed, match="Release its letter first"):
        workflow.publish(shortlisted, actor=organizer)
    assert Proposal.objects.get(pk=shortlisted.pk).status == ProposalStatus.SHORTLISTED


def test_reconsidering_drops_the_held_letter_and_the_hold(client, owner, organizer, declined):
    workflow.reconsider(declined, actor=organizer, reason="Second look.")
    declined.refresh_from_db()
    assert declined.decision_held == "" and declined.status == ProposalStatus.IN_REVIEW
    assert not Notification.objects.filter(state="held").exists()
    assert workflow.release_decisions("round-1", actor=organizer) == 0


def test_a_decision_sent_at_once_is_shown_at_once(client, owner, reviewer):
    proposal = workflow.decline(submitted(owner=owner), actor=reviewer, reason="Too narrow.")
    client.force_login(owner)
    assert status_badges(client, proposal) == ("Declined", "Declined")


def test_a_representative_answering_an_invitation_is_not_told_of_a_held_decline(
    client, edition, owner, reviewer, organizer
):
    proposal = lacking_one_south_region(edition, owner)
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.SUBMITTED)
    org = looking("Amman Water Forum", "western_asia")
    invitation = invitations.invite(proposal, org, actor=owner)
    workflow.decline(proposal, actor=reviewer, reason="Too narrow.", hold_key="round-1")
    client.force_login(org.representatives.select_related("user").first().user)
    url = reverse("coalitions:partner-invitation-answer", args=[invitation.pk, "accept"])
    page = client.post(url, follow=True).content.decode()
    assert "closed" not in page and "Declined" not in page
    assert ProposalMember.objects.filter(proposal=proposal, organization=org).exists()
    workflow.release_decisions("round-1", actor=organizer)
    other = looking("Beirut Rivers", "western_asia")
    with pytest.raises(invitations.InvitationError, match="closed"):
        invitations.invite(Proposal.objects.get(pk=proposal.pk), other, actor=owner)


def test_a_release_group_too_long_to_keep_is_refused_next_to_the_field(client, organizer):
    proposal = submitted(title="Long group")
    client.force_login(organizer)
    data = {"action": "shortlist_selected", "apply": "1", "hold": "on", "hold_key": "a" * 121}
    page = client.post(CHANGELIST, {**data, "_selected_action": [proposal.pk]})
    assert page.status_code == 200 and "at most 120 characters" in page.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED
