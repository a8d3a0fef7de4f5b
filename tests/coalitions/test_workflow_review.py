"""Every review transition, allowed and refused by role and by state."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coalitions import workflow
from coalitions.enums import ProposalStatus
from coalitions.models import ProposalEvent
from coalitions.review.decision_letters import held_groups
from impact.models import Notification
from tests.coalitions.review.review_helpers import fast_hashing, join, orgs, submitted  # noqa: F401
from tests.factories import ProposalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def _original(p):
    return {"original": submitted(edition=p.edition)}


# name: (function, extra kwargs builder, roles allowed, states allowed, target state)
TRANSITIONS = {
    "start_review": (
        workflow.start_review,
        lambda p: {},
        "reviewers",
        {ProposalStatus.SUBMITTED},
        ProposalStatus.IN_REVIEW,
    ),
    "request_changes": (
        workflow.request_changes,
        lambda p: {"reason": "Add members from Europe."},
        "reviewers",
        {ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW},
        ProposalStatus.CHANGES_REQUESTED,
    ),
    "shortlist": (
        workflow.shortlist,
        lambda p: {},
        "reviewers",
        {ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.CHANGES_REQUESTED},
        ProposalStatus.SHORTLISTED,
    ),
    "decline": (
        workflow.decline,
        lambda p: {"reason": "Out of scope."},
        "reviewers",
        {ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.CHANGES_REQUESTED},
        ProposalStatus.DECLINED,
    ),
    "mark_duplicate": (
        workflow.mark_duplicate,
        _original,
        "reviewers",
        {ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW, ProposalStatus.CHANGES_REQUESTED},
        ProposalStatus.DUPLICATE,
    ),
    "publish": (
        workflow.publish,
        lambda p: {},
        "organizers",
        {ProposalStatus.SHORTLISTED},
        ProposalStatus.PUBLISHED,
    ),
    "reconsider": (
        workflow.reconsider,
        lambda p: {"reason": "New information."},
        "organizers",
        {ProposalStatus.SHORTLISTED, ProposalStatus.DECLINED, ProposalStatus.DUPLICATE},
        ProposalStatus.IN_REVIEW,
    ),
}
ROLES = {
    "reviewers": ["reviewer", "expert", "organizer"],
    "organizers": ["organizer"],
}
EVERYONE = ["owner", "outsider", "reviewer", "expert", "organizer"]


def cases(kind):
    for name, (_, _, who, states, _) in TRANSITIONS.items():
        allowed = ROLES[who]
        for role in EVERYONE:
            for state in ProposalStatus.values:
                ok = role in allowed and state in states
                if kind == "allowed" and ok and state == sorted(states)[0]:
                    yield name, role, state
                if kind == "refused_role" and role not in allowed and state == sorted(states)[0]:
                    yield name, role, state
                if kind == "refused_state" and role == allowed[0] and state not in states:
                    yield name, role, state


@pytest.mark.parametrize("name,role,state", list(cases("allowed")))
def test_it_allows(name, role, state, request, owner):
    fn, extra, _, _, target = TRANSITIONS[name]
    actor = request.getfixturevalue(role)
    proposal = submitted(status=state, owner=owner)
    kwargs = extra(proposal)
    fn(proposal, actor=actor, **kwargs)
    proposal.refresh_from_db()
    assert proposal.status == target
    event = ProposalEvent.objects.filter(proposal=proposal).first()
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        name,
        actor,
        state,
        target,
    )
    assert event.reason == kwargs.get("reason", "")


@pytest.mark.parametrize("name,role,state", list(cases("refused_role")))
def test_it_refuses_the_wrong_role(name, role, state, request, owner):
    fn, extra, _, _, _ = TRANSITIONS[name]
    proposal = submitted(status=state, owner=owner)
    kwargs = extra(proposal)
    with pytest.raises(workflow.TransitionNotAllowed):
        fn(proposal, actor=request.getfixturevalue(role), **kwargs)
    proposal.refresh_from_db()
    assert proposal.status == state
    assert not ProposalEvent.objects.filter(proposal=proposal).exists()


@pytest.mark.parametrize("name,role,state", list(cases("refused_state")))
def test_it_refuses_the_wrong_state(name, role, state, request, owner):
    fn, extra, _, _, _ = TRANSITIONS[name]
    proposal = submitted(status=state, owner=owner)
    kwargs = extra(proposal)
    with pytest.raises(workflow.TransitionNotAllowed):
        fn(proposal, actor=request.getfixturevalue(role), **kwargs)
    proposal.refresh_from_db()
    assert proposal.status == state


def test_a_reviewer_from_a_member_organization_is_refused(reviewer, owner):
    member, other = orgs(2)
    proposal = submitted(members=[member], owner=owner)
    join(reviewer, organization=member)
    for fn, kwargs in [
        (workflow.start_review, {}),
        (workflow.shortlist, {}),
        (workflow.decline, {"reason": "no"}),
        (workflow.request_changes, {"reason": "no"}),
    ]:
        with pytest.raises(workflow.TransitionNotAllowed):
            fn(proposal, actor=reviewer, **kwargs)
    join(reviewer, organization=other)
    workflow.shortlist(proposal, actor=reviewer)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SHORTLISTED


def test_request_changes_tells_the_filers_and_lets_them_resubmit_after_the_deadline(
    reviewer, owner, coeditor, edition, django_capture_on_commit_callbacks
):
    proposal = submitted(owner=owner, edition=edition)
    proposal.editors.add(coeditor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(proposal, actor=reviewer, reason="Name a second milestone.")
    assert sorted(m.to[0] for m in mail.outbox) == [coeditor.email, owner.email]
    assert "Name a second milestone." in mail.outbox[0].body
    edition.eoi_deadline = timezone.now() - datetime.timedelta(days=1)
    edition.save()
    workflow.submit(proposal, actor=owner)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_reason_is_required_to_decline_or_request_changes(reviewer):
    proposal = submitted()
    for fn in (workflow.decline, workflow.request_changes):
        with pytest.raises(workflow.TransitionNotAllowed, match="reason"):
            fn(proposal, actor=reviewer, reason="  ")


def test_held_decisions_wait_until_an_organizer_releases_them(
    reviewer, organizer, django_capture_on_commit_callbacks
):
    a, b = submitted(), submitted()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.shortlist(a, actor=reviewer, hold_key="round-1")
        workflow.decline(b, actor=reviewer, reason="Too narrow.", hold_key="round-1")
    assert mail.outbox == []
    assert Notification.objects.filter(state="held", hold_key="round-1").count() == 2
    assert [(g.hold_key, g.count) for g in held_groups()] == [("round-1", 2)]
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.release_decisions("round-1", actor=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow.release_decisions("round-1", actor=organizer) == 2
    assert sorted(m.subject for m in mail.outbox) == [
        f'About your proposal "{b.title}"',
        f"Shortlisted: {a.title}",
    ]
    assert Notification.objects.filter(state="sent").count() == 2


def test_publishing_sets_the_date_and_a_unique_slug(organizer):
    first = submitted(status=ProposalStatus.SHORTLISTED, title="Water for All!")
    second = submitted(status=ProposalStatus.SHORTLISTED, title="Water for all")
    workflow.publish(first, actor=organizer)
    workflow.publish(second, actor=organizer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.public_slug, second.public_slug) == ("water-for-all", "water-for-all-2")
    assert first.published_at and second.published_at
    assert first.status == second.status == ProposalStatus.PUBLISHED


def test_a_duplicate_points_to_its_original_and_is_not_a_merge(reviewer):
    original, copy = submitted(), submitted()
    workflow.mark_duplicate(copy, actor=reviewer, original=original)
    copy.refresh_from_db()
    assert (copy.status, copy.duplicate_of, copy.merged_into) == (
        ProposalStatus.DUPLICATE,
        original,
        None,
    )
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.mark_duplicate(original, actor=reviewer, original=original)


def test_organizers_reopen_and_grant_late_links_with_an_event(organizer, reviewer, owner):
    proposal = ProposalFactory(owner=owner)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.reopen(proposal, actor=reviewer, days=3)
    workflow.reopen(proposal, actor=organizer, days=3, reason="Power cut")
    token = workflow.grant_late_link(proposal, actor=organizer, days=2)
    proposal.refresh_from_db()
    assert proposal.reopened_until > timezone.now() + datetime.timedelta(days=2)
    assert proposal.late_token == token
    assert list(proposal.events.values_list("action", flat=True)) == ["late_link", "reopen"]
