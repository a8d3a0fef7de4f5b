"""Owner and co-editor on the same EOI: the later save of a form opened before the other's
save is refused, loses nothing typed, shows what changed and who saved it; saving again
keeps both changes. No member, milestone or contact is deleted or duplicated meanwhile."""

import datetime as dt

import pytest
from django.urls import reverse

from coalitions.enums import MemberRole
from coalitions.models import Contact, Proposal, ProposalMember, WorkPlanItem
from tests.edit_helpers import browser_of, eoi_as_opened
from tests.factories import (
    ContactFactory,
    ProposalFactory,
    ProposalMemberFactory,
    WorkPlanItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(owner, coeditor, edition):
    p = ProposalFactory(owner=owner, edition=edition, title="Drug policy futures", summary="")
    p.editors.add(coeditor)
    ProposalMemberFactory(proposal=p, role=MemberRole.LEAD)
    ProposalMemberFactory(proposal=p)
    WorkPlanItemFactory(proposal=p, title="Kick-off", date=dt.date(2024, 5, 9))
    WorkPlanItemFactory(proposal=p, title="Summit", date=dt.date(2024, 9, 22))
    ContactFactory(proposal=p)
    return p


def url(p):
    return reverse("coalitions:proposal-edit", args=[p.pk])


def opened(browser, p):
    response = browser.get(url(p))
    assert response.status_code == 200
    return eoi_as_opened(response.context["form"])


def row_counts(p):
    return tuple(
        model.objects.filter(proposal=p).count()
        for model in (ProposalMember, WorkPlanItem, Contact)
    )


def test_owner_and_coeditor_both_save_the_second_is_refused_then_both_are_kept(
    proposal, owner, coeditor
):
    as_owner, as_coeditor = browser_of(owner), browser_of(coeditor)
    mine, theirs = opened(as_owner, proposal), opened(as_coeditor, proposal)
    counts = row_counts(proposal)

    assert as_owner.post(url(proposal), {**mine, "title": "Owner's title"}).status_code == 302
    response = as_coeditor.post(url(proposal), {**theirs, "summary": "Co-editor's summary."})

    assert response.status_code == 409
    page = response.content.decode()
    assert "someone else saved this page" in page and "Owner&#x27;s title" in page
    form = response.context["form"]
    assert [(c.key, c.conflict) for c in form.conflict.changes] == [("title", False)]
    assert form.conflict.edited_by == owner
    assert form.main["summary"].value() == "Co-editor's summary."  # their text, kept
    assert form.main["title"].value() == "Owner's title"  # the owner's change, taken in
    proposal.refresh_from_db()
    assert (proposal.title, proposal.summary) == ("Owner's title", "")
    assert row_counts(proposal) == counts

    assert as_coeditor.post(url(proposal), eoi_as_opened(form)).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.summary) == ("Owner's title", "Co-editor's summary.")
    assert row_counts(proposal) == counts


def test_a_refused_save_neither_deletes_nor_duplicates_rows(proposal, owner, coeditor):
    as_owner, as_coeditor = browser_of(owner), browser_of(coeditor)
    mine, theirs = opened(as_owner, proposal), opened(as_coeditor, proposal)
    # The owner adds a milestone; the co-editor removes one and adds another.
    mine |= {"work_plan-TOTAL_FORMS": "3", "work_plan-2-title": "Owner's milestone"}
    assert as_owner.post(url(proposal), mine).status_code == 302
    theirs |= {
        "work_plan-0-DELETE": "on",
        "work_plan-TOTAL_FORMS": "3",
        "work_plan-2-title": "Co-editor's milestone",
    }
    response = as_coeditor.post(url(proposal), theirs)
    assert response.status_code == 409
    titles = sorted(WorkPlanItem.objects.filter(proposal=proposal).values_list("title", flat=True))
    assert titles == ["Kick-off", "Owner's milestone", "Summit"]
    form = response.context["form"]
    change = next(c for c in form.conflict.changes if c.key == "work_plan")
    assert change.conflict and "Owner's milestone" in change.current
    # The co-editor's rows as they left them, with the owner's new milestone merged in.
    assert [f["title"].value() for f in form.work_plan] == [
        "Summit",
        "Co-editor's milestone",
        "Owner's milestone",
    ]
    assert as_coeditor.post(url(proposal), eoi_as_opened(form)).status_code == 302
    titles = sorted(WorkPlanItem.objects.filter(proposal=proposal).values_list("title", flat=True))
    assert titles == ["Co-editor's milestone", "Owner's milestone", "Summit"]


def test_rows_one_editor_left_alone_follow_the_others_removal(proposal, owner, coeditor):
    as_owner, as_coeditor = browser_of(owner), browser_of(coeditor)
    mine, theirs = opened(as_owner, proposal), opened(as_coeditor, proposal)
    # The owner removes the second member; the co-editor adds a milestone.
    second = next(i for i in range(2) if mine[f"members-{i}-role"] != MemberRole.LEAD)
    removed = mine[f"members-{second}-name"]
    removal = {**mine, f"members-{second}-DELETE": "on"}
    assert as_owner.post(url(proposal), removal).status_code == 302
    theirs |= {"work_plan-TOTAL_FORMS": "3", "work_plan-2-title": "Follow-up"}
    theirs["members-TOTAL_FORMS"] = "3"
    theirs |= {"members-2-name": "New Partner", "members-2-sector": "civil_society"}
    theirs |= {"members-2-country": "KE", "members-2-role": "member"}
    response = as_coeditor.post(url(proposal), theirs)
    assert response.status_code == 409
    form = response.context["form"]
    names = [f["name"].value() for f in form.members]
    assert removed not in names and "New Partner" in names
    assert as_coeditor.post(url(proposal), eoi_as_opened(form)).status_code == 302
    stored = set(proposal.members.values_list("organization__name", flat=True))
    assert removed not in stored and "New Partner" in stored and len(stored) == 2


def test_a_refused_submit_submits_nothing(proposal, owner, coeditor):
    as_owner, as_coeditor = browser_of(owner), browser_of(coeditor)
    mine, theirs = opened(as_owner, proposal), opened(as_coeditor, proposal)
    as_owner.post(url(proposal), {**mine, "asks": "New asks."})
    response = as_coeditor.post(url(proposal), {**theirs, "action": "submit"})
    assert response.status_code == 409
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_adding_a_row_on_a_stale_form_is_refused_too(proposal, owner, coeditor):
    as_owner, as_coeditor = browser_of(owner), browser_of(coeditor)
    mine, theirs = opened(as_owner, proposal), opened(as_coeditor, proposal)
    as_owner.post(url(proposal), {**mine, "principles": "Owner's principles."})
    response = as_coeditor.post(url(proposal), {**theirs, "action": "add-contacts"})
    assert response.status_code == 409
    assert response.context["form"].main["principles"].value() == "Owner's principles."


def test_one_editor_saving_twice_is_never_refused(proposal, owner):
    as_owner = browser_of(owner)
    first = opened(as_owner, proposal)
    assert as_owner.post(url(proposal), {**first, "title": "One"}).status_code == 302
    second = opened(as_owner, proposal)
    assert as_owner.post(url(proposal), {**second, "title": "Two"}).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).title == "Two"
