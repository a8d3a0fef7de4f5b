"""Every save of a proposal keeps a version its filers can read and restore: texts,
members, work plan and contacts come back, the restore itself becoming a new version."""

import datetime as dt

import pytest
from django.urls import reverse

from coalitions.enums import MemberRole, ProposalStatus
from coalitions.filing import restoring, versions
from coalitions.models import Proposal, ProposalEvent, ProposalVersion, WorkPlanItem
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
    p = ProposalFactory(owner=owner, edition=edition, title="First title")
    p.editors.add(coeditor)
    ProposalMemberFactory(proposal=p, role=MemberRole.LEAD, organization__name="Lead NGO")
    ProposalMemberFactory(proposal=p, organization__name="Second NGO")
    WorkPlanItemFactory(proposal=p, title="Kick-off", date=dt.date(2024, 5, 9))
    WorkPlanItemFactory(proposal=p, title="Summit", date=dt.date(2024, 9, 22))
    ContactFactory(proposal=p, name="Ana Contact")
    return p


def edit_url(p):
    return reverse("coalitions:proposal-edit", args=[p.pk])


def save_without_second_member_and_milestone(browser, p):
    """The filer removes the second member and the first milestone and retitles."""
    data = eoi_as_opened(browser.get(edit_url(p)).context["form"])
    names = [data[f"members-{i}-name"] for i in range(2)]
    data[f"members-{names.index('Second NGO')}-DELETE"] = "on"
    data["work_plan-0-DELETE"] = "on"
    data["title"] = "Second title"
    assert browser.post(edit_url(p), data).status_code == 302


def members(p):
    return sorted(p.members.values_list("organization__name", flat=True))


def test_a_draft_save_keeps_the_state_before_and_after(proposal, owner):
    save_without_second_member_and_milestone(browser_of(owner), proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT and proposal.version == 2
    before, after = ProposalVersion.objects.filter(proposal=proposal).order_by("number")
    assert [m["name"] for m in before.data["members"]] == ["Lead NGO", "Second NGO"]
    assert [i["title"] for i in before.data["work_plan"]] == ["Kick-off", "Summit"]
    assert before.data["contacts"][0]["name"] == "Ana Contact"
    assert [m["name"] for m in after.data["members"]] == ["Lead NGO"]
    assert after.data["title"] == "Second title" and after.created_by == owner


def test_restore_brings_back_texts_members_milestones_and_contacts(proposal, owner, coeditor):
    save_without_second_member_and_milestone(browser_of(owner), proposal)
    as_coeditor = browser_of(coeditor)
    page = as_coeditor.get(reverse("coalitions:proposal-versions", args=[proposal.pk]))
    assert page.status_code == 200
    assert owner.name in page.content.decode()  # who saved each version
    shown = as_coeditor.get(reverse("coalitions:proposal-version", args=[proposal.pk, 1]))
    assert "Second NGO" in shown.content.decode() and b'data-testid="restore"' in shown.content

    url = reverse("coalitions:proposal-version-restore", args=[proposal.pk, 1])
    assert as_coeditor.post(url).status_code == 302

    proposal.refresh_from_db()
    assert proposal.title == "First title" and members(proposal) == ["Lead NGO", "Second NGO"]
    assert sorted(proposal.work_plan.values_list("title", flat=True)) == ["Kick-off", "Summit"]
    assert list(proposal.contacts.values_list("name", flat=True)) == ["Ana Contact"]
    assert proposal.members.get(organization__name="Lead NGO").role == MemberRole.LEAD
    latest = proposal.versions.first()
    assert (latest.number, latest.note, latest.created_by) == (3, "restored:1", coeditor)
    assert ProposalEvent.objects.filter(
        proposal=proposal, action="restored", actor=coeditor, data={"version": 1}
    ).exists()
    # The state before the restore is still a version of its own.
    assert [m["name"] for m in proposal.versions.get(number=2).data["members"]] == ["Lead NGO"]


def test_restoring_makes_an_open_form_stale(proposal, owner, coeditor):
    as_owner = browser_of(owner)
    save_without_second_member_and_milestone(as_owner, proposal)
    opened = eoi_as_opened(as_owner.get(edit_url(proposal)).context["form"])
    restoring.restore(proposal, proposal.versions.get(number=1), actor=coeditor)
    response = as_owner.post(edit_url(proposal), {**opened, "asks": "Mine."})
    assert response.status_code == 409
    assert members(Proposal.objects.get(pk=proposal.pk)) == ["Lead NGO", "Second NGO"]


@pytest.mark.parametrize("who", ["outsider", "reviewer"])
def test_others_cannot_list_read_or_restore_versions(proposal, owner, who, request):
    save_without_second_member_and_milestone(browser_of(owner), proposal)
    browser = browser_of(request.getfixturevalue(who))
    pk = proposal.pk
    assert browser.get(reverse("coalitions:proposal-versions", args=[pk])).status_code == 404
    assert browser.get(reverse("coalitions:proposal-version", args=[pk, 1])).status_code == 404
    restore = reverse("coalitions:proposal-version-restore", args=[pk, 1])
    assert browser.post(restore).status_code == 404
    assert Proposal.objects.get(pk=pk).title == "Second title"


def test_restore_is_refused_once_the_proposal_cannot_be_edited(proposal, owner):
    as_owner = browser_of(owner)
    save_without_second_member_and_milestone(as_owner, proposal)
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.WITHDRAWN)
    shown = as_owner.get(reverse("coalitions:proposal-version", args=[proposal.pk, 1]))
    assert shown.status_code == 200 and b'data-testid="restore"' not in shown.content
    restore = reverse("coalitions:proposal-version-restore", args=[proposal.pk, 1])
    assert as_owner.post(restore).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).title == "Second title"


def test_another_proposals_version_number_is_404(proposal, owner, edition):
    other = ProposalFactory(owner=owner, edition=edition)
    versions.snapshot(other, actor=owner)  # version 1 of the other proposal only
    browser = browser_of(owner)
    for number in (1, 7):
        url = reverse("coalitions:proposal-version", args=[proposal.pk, number])
        assert browser.get(url).status_code == 404
        restore = reverse("coalitions:proposal-version-restore", args=[proposal.pk, number])
        assert browser.post(restore).status_code == 404
    assert WorkPlanItem.objects.filter(proposal=proposal).count() == 2
