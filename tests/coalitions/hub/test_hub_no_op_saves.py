"""A lead who saves the work plan without changing it leaves no trace: no new version, no
event, the milestones as they were (their dates too, in French and Spanish)."""

import pytest
from django.urls import reverse

from coalitions.models import ProposalEvent, ProposalVersion, WorkPlanItem
from tests.coalitions.hub.test_hub_concurrent_edits import coalition, opened  # noqa: F401
from tests.edit_helpers import browser_of

pytestmark = pytest.mark.django_db


def plan(proposal):
    return list(WorkPlanItem.objects.filter(proposal=proposal).values_list("date", "title"))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_it_keeps_no_new_version_of_a_plan_saved_unchanged(coalition, owner, lang):  # noqa: F811
    browser = browser_of(owner)
    browser.cookies["django_language"] = lang
    data, _empty = opened(browser, coalition)
    before = plan(coalition), ProposalVersion.objects.count(), ProposalEvent.objects.count()
    save = reverse("coalitions:hub-work-plan", args=[coalition.public_slug])

    assert browser.post(save, data).status_code == 302

    assert (plan(coalition), ProposalVersion.objects.count(), ProposalEvent.objects.count()) == (
        before
    )


def test_a_changed_plan_still_keeps_its_version(coalition, owner):  # noqa: F811
    browser = browser_of(owner)
    data, _empty = opened(browser, coalition)
    data["plan-0-title"] = "Renamed milestone"
    versions = ProposalVersion.objects.filter(note="work_plan").count()

    assert browser.post(reverse("coalitions:hub-work-plan", args=[coalition.public_slug]), data)

    assert ProposalVersion.objects.filter(note="work_plan").count() == versions + 1
    assert "Renamed milestone" in [title for _date, title in plan(coalition)]
