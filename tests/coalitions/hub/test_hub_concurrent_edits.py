"""Two leads editing a coalition's work plan: the later save of a plan opened before the
other's save is refused, shows the plan as saved now and keeps the rows as typed; saving
again keeps both leads' changes, and no milestone is lost or duplicated."""

import pytest
from django.urls import reverse

from coalitions.models import ProposalVersion, WorkPlanItem
from tests.coalitions.hub.hubdata import published
from tests.edit_helpers import as_opened, browser_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition(owner, coeditor, edition):
    coalition = published("Water commons", members=4, edition=edition, owner=owner)
    coalition.editors.add(coeditor)
    return coalition


def opened(browser, coalition):
    """The work-plan form as the lead's browser posts it back untouched."""
    response = browser.get(reverse("coalitions:hub-manage", args=[coalition.public_slug]))
    assert response.status_code == 200
    formset = response.context["work_plan"]
    data = {"edit_token": response.context["plan_token"], **as_opened(formset.management_form)}
    for form in formset:
        data.update(as_opened(form))
    return data, len(formset.forms) - 1  # the last row is the empty one


def titles(coalition):
    return sorted(WorkPlanItem.objects.filter(proposal=coalition).values_list("title", flat=True))


def test_a_stale_work_plan_is_refused_then_both_leads_changes_are_kept(
    client, coalition, owner, coeditor
):
    as_owner, as_coeditor = browser_of(owner), browser_of(coeditor)
    (mine, empty), (theirs, _same) = opened(as_owner, coalition), opened(as_coeditor, coalition)
    before = titles(coalition)
    save = reverse("coalitions:hub-work-plan", args=[coalition.public_slug])

    mine |= {"plan-0-DELETE": "on", f"plan-{empty}-title": "Owner's milestone"}
    mine[f"plan-{empty}-date"] = "2031-01-15"
    assert as_owner.post(save, mine).status_code == 302
    theirs |= {f"plan-{empty}-title": "Co-editor's milestone", f"plan-{empty}-date": "2031-02-01"}
    response = as_coeditor.post(save, theirs)

    assert response.status_code == 409
    page = response.content.decode()
    assert "someone else saved this page" in page and "Owner&#x27;s milestone" in page
    assert "Co-editor&#x27;s milestone" in page  # their row, as typed
    removed = mine["plan-0-title"]
    kept = [t for t in before if t != removed]
    assert titles(coalition) == sorted([*kept, "Owner's milestone"])  # nothing else

    form = response.context["work_plan"]
    again = {"edit_token": response.context["plan_token"], **as_opened(form.management_form)}
    for row in form:
        again.update(as_opened(row))
    assert as_coeditor.post(save, again).status_code == 302
    # The owner's removal and addition stand, and the co-editor's milestone is added once;
    # the milestone removed by the owner comes back only as the co-editor's new row.
    assert titles(coalition) == sorted([*before, "Owner's milestone", "Co-editor's milestone"])
    assert ProposalVersion.objects.filter(proposal=coalition, note="work_plan").count() == 2
