"""A conflict of interest that appears after an assignment was confirmed withdraws it and asks
the same solver for a replacement, as a decline does (or leaves the proposal reported not
covered, with the reason): declared by the reviewer, pinned by organizers, a lift deleted, a
representation confirmed, the reviewer's own organization set, an organization joining the
proposal. Lifting never reassigns by itself."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from coalitions.enums import ProposalStatus
from coalitions.models import Assignment, AssignmentRun, Conflict, Representative
from coalitions.organizations import representatives
from coalitions.review import assigning
from impact.models import Notification
from impact.rendering import message_of
from summaries.organizer_desk import organizer_desk
from tests.coalitions.review.review_helpers import fast_hashing, join, network, orgs, submitted  # noqa: F401
from tests.coalitions.review.test_assigning import _pool
from tests.factories import ProposalMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

TITLE = "Water justice for the Sahel"


@pytest.fixture
def confirmed(edition, organizer, reviewer, django_capture_on_commit_callbacks):
    """A proposal (with its lead organization) the organizers confirmed for `reviewer`, the
    one reviewer of its network when the run was solved; edition: one reviewer per network."""
    lead = orgs(1)[0]
    profile = join(reviewer)
    profile.capacity = 5
    profile.save()
    proposal = submitted(edition=edition, lead=lead, title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        run = assigning.start_run(edition, [proposal], actor=organizer)
    run.refresh_from_db()
    assert assigning.confirm_run(run, actor=organizer) == 1
    assignment = Assignment.objects.get(proposal=proposal, reviewer=reviewer)
    return proposal, lead, assignment


def live(proposal):
    return Assignment.objects.filter(proposal=proposal, declined_at=None)


def progress(organizer):
    return {p.network.slug: (p.assigned, p.uncovered) for p in organizer_desk(organizer).networks}


def declare(client, org, reason="I advise them"):
    return client.post(
        reverse("coalitions:declare-conflict"),
        {"conflict-organization": org.name, "conflict-reason": reason},
        follow=True,
    )


def test_a_conflict_declared_on_the_profile_withdraws_and_replaces(
    confirmed, reviewer, organizer, client, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    (other,) = _pool(1)  # joined the network since the run
    client.force_login(reviewer)
    profile_url = reverse("coalitions:reviewer-profile")
    before = client.get(profile_url).text
    assert TITLE in before and reverse("coalitions:assignment-decline", args=[assignment.pk]) in (
        before
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = declare(client, lead)
    assert "1 assignment withdrawn: another reviewer will be assigned." in page.text
    assert TITLE not in page.text  # "My assignments" no longer lists it
    assignment.refresh_from_db()
    assert assignment.declined_at is not None and "conflict of interest" in (
        assignment.decline_reason
    )
    assert [a.reviewer for a in live(proposal)] == [other]
    run = AssignmentRun.objects.filter(proposals=[proposal.pk]).first()
    assert run.plan["assignments"][0][2] == other.pk
    assert progress(organizer)["global-ngo-network"] == (1, 0)
    # Who declared it is not told what they just did; the replacement is told it is theirs.
    assert not Notification.objects.filter(kind="review_withdrawn").exists()
    assert Notification.objects.filter(kind="review_assigned", recipient=other).exists()
    # The reviewer with the conflict is never proposed for it again.
    assert assigning.plan_for(proposal.edition, [proposal.pk]).assignments == []


def test_with_no_one_left_the_proposal_is_reported_not_covered(
    confirmed, reviewer, organizer, client, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    assert progress(organizer)["global-ngo-network"] == (1, 0)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        declare(client, lead)
    assert not live(proposal).exists()
    assert progress(organizer)["global-ngo-network"] == (0, 1)
    run = AssignmentRun.objects.filter(proposals=[proposal.pk]).first()
    uncovered = {u["network_id"]: u["reason"] for u in run.plan["uncovered"]}
    assert uncovered[network().pk] == "conflicts"
    client.force_login(organizer)
    page = client.get(reverse("coalitions:assignment-run", args=[run.pk]))
    assert page.status_code == 200 and TITLE in page.text
    assert "conflicts of interest, declines" in page.text


def test_pinning_a_lifted_conflict_withdraws_lifting_does_not_reassign(
    confirmed, reviewer, organizer, client, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    conflict = Conflict.objects.create(
        user=reviewer, organization=lead, reason="Old tie", state="lifted"
    )
    assert live(proposal).count() == 1  # a lifted conflict does not count
    changelist = reverse("admin:coalitions_conflict_changelist")
    pin = {"action": "pin", "_selected_action": [conflict.pk]}
    client.force_login(reviewer)  # not an organizer: no such page, nothing changes
    assert client.post(changelist, pin).status_code == 403
    assert live(proposal).count() == 1
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, pin)
    conflict.refresh_from_db()
    assert conflict.state == "pinned" and conflict.changed_by == organizer
    assert not live(proposal).exists()
    # The reviewer is told, in their language.
    [told] = Notification.objects.filter(kind="review_withdrawn", recipient=reviewer)
    assert told.url == reverse("coalitions:reviewer-profile")
    subject, body, _html = message_of(told, "fr")
    assert subject == f"Vous n'évaluez plus : {TITLE}" and "conflit d'intérêts" in body
    assert progress(organizer)["global-ngo-network"] == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "lift", "_selected_action": [conflict.pk]})
    conflict.refresh_from_db()
    assert conflict.state == "lifted"
    assert not live(proposal).exists()  # no reassignment by itself
    assert progress(organizer)["global-ngo-network"] == (0, 1)


def test_a_confirmed_representation_withdraws(
    confirmed, reviewer, organizer, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    claim = Representative.objects.create(user=reviewer, organization=lead)
    assert live(proposal).count() == 1  # a pending claim is no conflict
    with django_capture_on_commit_callbacks(execute=True):
        representatives.confirm(claim, actor=organizer)
    assert not live(proposal).exists()


def test_deleting_the_lift_of_a_representation_withdraws(
    confirmed, reviewer, organizer, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    lifted = Conflict.objects.create(user=reviewer, organization=lead, reason="x", state="lifted")
    Representative.objects.create(user=reviewer, organization=lead, state="confirmed")
    assert live(proposal).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        lifted.delete()
    assert not live(proposal).exists()


def test_the_reviewers_own_organization_set_withdraws(
    confirmed, reviewer, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    with django_capture_on_commit_callbacks(execute=True):
        join(reviewer, organization=lead)
    assert not live(proposal).exists()


def test_an_organization_joining_the_proposal_withdraws(
    confirmed, reviewer, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    advised = orgs(1)[0]
    Conflict.objects.create(user=reviewer, organization=advised, reason="I advise them")
    assert live(proposal).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        ProposalMemberFactory(proposal=proposal, organization=advised)
    assert not live(proposal).exists()


def test_a_decided_proposal_is_withdrawn_but_not_replaced(
    confirmed, reviewer, client, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    _pool(1)
    proposal.status = ProposalStatus.DECLINED
    proposal.save(update_fields=["status"])
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        declare(client, lead)
    assert not live(proposal).exists()  # though another reviewer is free
    assert AssignmentRun.objects.filter(proposals=[proposal.pk]).count() == 1  # the first run


def test_a_conflict_organizers_add_in_the_admin_withdraws(
    confirmed, reviewer, organizer, client, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    add = reverse("admin:coalitions_conflict_add")
    data = {
        "user": reviewer.pk,
        "organization": lead.pk,
        "reason": "Board member",
        "state": "pinned",
    }
    client.force_login(reviewer)  # a reviewer adds no conflict for anyone in the admin
    assert client.post(add, data).status_code == 403
    assert live(proposal).count() == 1
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(add, data).status_code == 302
    assert Conflict.objects.get(user=reviewer).changed_by == organizer
    assert not live(proposal).exists()


def test_the_command_withdraws_what_was_left_from_before(
    confirmed, reviewer, django_capture_on_commit_callbacks
):
    proposal, lead, assignment = confirmed
    (other,) = _pool(1)
    # Written in bulk: no signal, the assignment stays until the sweep.
    Conflict.objects.bulk_create([Conflict(user=reviewer, organization=lead, reason="x")])
    assert live(proposal).get() == assignment
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("withdraw_conflicted", stdout=out)
    assert out.getvalue().strip() == "1 assignment(s) withdrawn."
    assert [a.reviewer for a in live(proposal)] == [other]
    out = StringIO()
    call_command("withdraw_conflicted", stdout=out)
    assert out.getvalue().strip() == "0 assignment(s) withdrawn."
