"""In a browser: an organizer previews a matched assignment and confirms it, the reviewer
finds it on their page (on a phone), declines it and is replaced; the networks discuss the
proposal with a mention."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from coalitions.enums import AssignmentRunState
from coalitions.models import Assignment, AssignmentRun, Theme
from coalitions.review import assigning
from impact import roles
from impact.models import Notification
from tests.coalitions.review.review_helpers import join, reseeded, submitted  # noqa: F401
from tests.conftest import login, screenshot
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded"),
]


def reviewers(n: int) -> list:
    group = Group.objects.get(name=roles.NETWORK_REVIEWERS)
    people = []
    for i in range(n):
        user = UserFactory(email=f"reviewer{i}@example.org", name=f"Reviewer {i}")
        user.groups.add(group)
        profile = join(user)
        profile.languages = ["fr"] if i == 0 else ["en"]
        profile.save()
        profile.themes.set(Theme.objects.order_by("pk")[:1])
        people.append(user)
    return people


def test_preview_confirm_decline_and_discuss(page, phone_page, organizer, edition):
    first, second = reviewers(2)
    proposal = submitted(edition=edition, title="Coalition pour la réforme")
    proposal.themes.set(Theme.objects.order_by("pk")[:1])
    proposal.owner.language = "fr"
    proposal.owner.save()
    run = assigning.solve_run(
        AssignmentRun.objects.create(edition=edition, proposals=[proposal.pk], created_by=organizer)
    )
    login(page, organizer)
    page.goto(f"/review/assignment/{run.pk}/")
    assert "reviewer0@example.org" in page.inner_text("table")  # the French speaker
    assert "The network has no active reviewers." in page.inner_text("[data-testid=uncovered]")
    screenshot(page, "assignment-preview")
    page.click("text=Confirm and assign")
    assert page.inner_text("[data-testid=run-state]") == "Confirmed"
    assert Assignment.objects.get(declined_at=None).reviewer == first

    login(phone_page, first)
    phone_page.goto("/review/profile/")
    screenshot(phone_page, "reviewer-profile-phone")
    phone_page.click("text=Decline")
    phone_page.wait_for_load_state()
    assert Assignment.objects.get(declined_at=None).reviewer == second
    assert AssignmentRun.objects.filter(state=AssignmentRunState.CONFIRMED).count() == 2

    page.goto(f"/review/proposals/{proposal.pk}/discussion/")
    page.fill("textarea[name=body]", f"@{second.email} can you look at the asks?")
    page.click("text=Post")
    assert "can you look at the asks?" in page.inner_text("[data-testid=thread]")
    screenshot(page, "discussion")
    assert Notification.objects.filter(kind="discussion_mention", recipient=second).count() == 1
