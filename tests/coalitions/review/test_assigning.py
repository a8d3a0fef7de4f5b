"""The matched assignment against the database: conflicts (membership, representation,
declared, pinned, lifted), a run previewed and confirmed by organizers, a decline re-solved,
and the pages' permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitions.enums import AssignmentRunState, RepresentativeState
from coalitions.models import Assignment, AssignmentRun, Conflict, Representative
from coalitions.permissions import conflict_organizations, has_conflict
from coalitions.review import assigning
from coalitions.workflow import TransitionNotAllowed
from impact.models import Notification
from tests.coalitions.review.review_helpers import fast_hashing, join, orgs, submitted  # noqa: F401
from tests.coalitions.review.test_admin_proposals import post_action
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def test_conflicts_are_organization_level(reviewer, organizer):
    own, represented, declared, lifted = orgs(4)
    join(reviewer, organization=own)
    Representative.objects.create(
        user=reviewer, organization=represented, state=RepresentativeState.CONFIRMED
    )
    Representative.objects.create(user=reviewer, organization=lifted, state="confirmed")
    Conflict.objects.create(user=reviewer, organization=declared, reason="I advise them")
    Conflict.objects.create(user=reviewer, organization=lifted, reason="Old tie", state="lifted")
    # Lifting one's own organization does not count.
    Conflict.objects.create(user=reviewer, organization=own, reason="x", state="lifted")
    assert conflict_organizations([reviewer.pk])[reviewer.pk] == {
        own.pk,
        represented.pk,
        declared.pk,
    }
    for org, expected in [(own, True), (represented, True), (declared, True), (lifted, False)]:
        assert has_conflict(reviewer, submitted(members=[org])) is expected
    # Organizers' own representations do not hide proposals from them (no reviewer profile).
    Representative.objects.create(user=organizer, organization=own, state="confirmed")
    assert not has_conflict(organizer, submitted(members=[own]))


def _pool(n=3, capacity=5):
    users = [UserFactory() for _ in range(n)]
    for u in users:
        profile = join(u)
        profile.capacity = capacity
        profile.save()
    return users


def test_a_run_is_solved_previewed_and_confirmed(
    organizer, reviewer, client, django_capture_on_commit_callbacks, edition
):
    blocked = orgs(1)[0]
    a, b = _pool(2, capacity=2)
    Conflict.objects.create(user=a, organization=blocked, reason="I advise them")
    proposals = [submitted(members=[blocked], edition=edition)] + [
        submitted(edition=edition) for _ in range(2)
    ]
    with pytest.raises(TransitionNotAllowed):
        assigning.start_run(edition, proposals, actor=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        run = assigning.start_run(edition, proposals, actor=organizer)
    run.refresh_from_db()
    assert run.state == AssignmentRunState.READY
    assert Assignment.objects.count() == 0  # nothing written before confirmation
    chosen = {(p, u) for p, _n, u, _s in run.plan["assignments"]}
    assert (proposals[0].pk, a.pk) not in chosen and (proposals[0].pk, b.pk) in chosen
    assert len(chosen) == 3 and max(run.plan["loads"].get(str(u.pk), 0) for u in (a, b)) <= 2
    # Networks without reviewers are reported, with the reason.
    assert {u["reason"] for u in run.plan["uncovered"]} == {"no_reviewers"}

    url = reverse("coalitions:assignment-run", args=[run.pk])
    for outsider in (reviewer, a):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    client.force_login(organizer)
    page = client.get(url)
    assert page.status_code == 200 and "The network has no active reviewers." in page.text
    client.post(url)
    assert Assignment.objects.filter(reviewer__isnull=False).count() == 3
    assert not Assignment.objects.filter(reviewer=a, proposal=proposals[0]).exists()
    assert Notification.objects.filter(kind="review_assigned").count() == 3
    run.refresh_from_db()
    assert run.state == AssignmentRunState.CONFIRMED
    with pytest.raises(TransitionNotAllowed):
        assigning.confirm_run(run, actor=organizer)  # not twice


def test_a_declined_assignment_is_re_solved(
    organizer, client, django_capture_on_commit_callbacks, edition
):
    a, b, c = _pool(3)
    proposal = submitted(edition=edition)
    first = Assignment.objects.create(
        proposal=proposal, network=a.reviewer_profile.network, reviewer=a
    )
    client.force_login(b)
    url = reverse("coalitions:assignment-decline", args=[first.pk])
    assert client.post(url, {"reason": "not mine"}).status_code == 403  # only its reviewer
    client.force_login(a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Too busy this month"})
    first.refresh_from_db()
    assert first.declined_at is not None and first.decline_reason == "Too busy this month"
    live = Assignment.objects.filter(proposal=proposal, declined_at=None)
    assert live.count() == 1 and live.get().reviewer in (b, c)
    replacement = AssignmentRun.objects.get()
    assert replacement.state == AssignmentRunState.CONFIRMED
    # Declining again is refused; the reviewer who declined is never proposed again.
    with pytest.raises(TransitionNotAllowed):
        assigning.decline(first, user=a)
    plan = assigning.plan_for(edition, [proposal.pk])
    assert plan.assignments == []  # k = 1 is met


def test_reviewers_declare_themes_languages_capacity_and_conflicts(reviewer, owner, client):
    from coalitions.models import Theme

    join(reviewer)
    theme = Theme.objects.first()
    org = orgs(1)[0]
    client.force_login(owner)
    assert client.get(reverse("coalitions:reviewer-profile")).status_code == 403
    client.force_login(reviewer)
    url = reverse("coalitions:reviewer-profile")
    bad = client.post(url, {"profile-capacity": "lots", "profile-languages": ["fr"]})
    assert bad.status_code == 400 and 'value="lots"' in bad.text
    client.post(
        url,
        {"profile-capacity": "7", "profile-languages": ["fr", "es"], "profile-themes": [theme.pk]},
    )
    profile = reviewer.reviewer_profile
    profile.refresh_from_db()
    assert (profile.capacity, profile.languages, list(profile.themes.all())) == (
        7,
        ["fr", "es"],
        [theme],
    )
    declare = reverse("coalitions:declare-conflict")
    missing = client.post(declare, {"conflict-organization": org.name, "conflict-reason": ""})
    assert missing.status_code == 400 and "This field is required." in missing.text
    assert f'value="{org.name}"' in missing.text  # what was typed stays
    unknown = client.post(
        declare, {"conflict-organization": "Nowhere at all", "conflict-reason": "x"}
    )
    assert unknown.status_code == 400
    assert "No organization has this name or acronym." in unknown.text
    client.post(declare, {"conflict-organization": org.name, "conflict-reason": "I advise them"})
    assert has_conflict(reviewer, submitted(members=[org]))
    # A pinned conflict cannot be removed by the reviewer; a declared one can.
    Conflict.objects.filter(user=reviewer).update(state="pinned")
    client.post(declare, {"remove": Conflict.objects.get(user=reviewer).pk})
    assert Conflict.objects.filter(user=reviewer).exists()
    Conflict.objects.filter(user=reviewer).update(state="declared")
    client.post(declare, {"remove": Conflict.objects.get(user=reviewer).pk})
    assert not Conflict.objects.filter(user=reviewer).exists()
    client.force_login(owner)
    assert client.post(declare, {"remove": 1}).status_code == 403


def test_the_admin_action_queues_a_run_and_opens_its_preview(
    organizer, client, django_capture_on_commit_callbacks
):
    (a,) = _pool(1)
    proposal = submitted()
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(client, "assign_selected", [proposal], apply="1", auto="on")
    run = AssignmentRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("coalitions:assignment-run", args=[run.pk])
    run.refresh_from_db()
    assert run.state == AssignmentRunState.READY and run.proposals == [proposal.pk]
    assert [p[2] for p in run.plan["assignments"]] == [a.pk]
    assert not Assignment.objects.exists()  # not before the organizer confirms
