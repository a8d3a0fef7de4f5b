"""Two people on one member's page (the page a phone without JavaScript gets): the second save
from a page opened before the first is refused with what changed, and loses nothing typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitions.enums import MemberRole
from coalitions.filing.versions import snapshot
from tests.browserform import submitted
from tests.edit_helpers import browser_of
from tests.factories import OrganizationFactory, ProposalFactory, ProposalMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(owner, coeditor, edition):
    p = ProposalFactory(owner=owner, edition=edition, title="Water justice")
    p.editors.add(coeditor)
    org = OrganizationFactory(
        name="Lake Chad Forum", country="NE", constituencies=["women"], created_by=owner
    )
    ProposalMemberFactory(proposal=p, organization=org, role=MemberRole.MEMBER)
    snapshot(p, actor=owner)
    return p


def _url(proposal) -> str:
    member = proposal.members.get()
    return reverse("coalitions:proposal-member", args=[proposal.pk, member.organization_id])


def _opened(client, url):
    data = submitted(client.get(url).content.decode(), form_id="member-editor")
    data["action"] = "save"
    return data


def test_a_stale_save_is_refused_and_the_typed_change_is_kept(proposal, owner, coeditor):
    url = _url(proposal)
    first, second = browser_of(owner), browser_of(coeditor)
    mine, theirs = _opened(first, url), _opened(second, url)
    assert mine.get("member_token")
    # The owner makes it the lead.
    mine["role"] = MemberRole.LEAD
    assert first.post(url, mine).status_code == 302
    assert proposal.members.get().role == MemberRole.LEAD
    # The co-editor, from a page opened before, changes its acronym only.
    theirs["acronym"] = "LCF"
    response = second.post(url, theirs)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="member-conflict"' in page
    # Nothing of theirs was written; their acronym is still on the page, over the stored role.
    member = proposal.members.select_related("organization").get()
    assert member.role == MemberRole.LEAD and member.organization.acronym == ""
    again = submitted(page, form_id="member-editor")
    assert again["acronym"] == "LCF" and again["role"] == MemberRole.LEAD
    again["action"] = "save"
    assert second.post(url, again).status_code == 302
    member = proposal.members.select_related("organization").get()
    assert member.role == MemberRole.LEAD
    assert member.organization.acronym == "LCF" or member.organization.corrections.exists()


def test_a_save_of_a_member_removed_meanwhile_is_refused(proposal, owner, coeditor):
    url = _url(proposal)
    first, second = browser_of(owner), browser_of(coeditor)
    theirs = _opened(second, url)
    assert first.post(url, {"action": "remove"}).status_code == 302
    theirs["role"] = MemberRole.LEAD
    response = second.post(url, theirs, follow=True)
    assert "no longer a member" in response.content.decode()
    assert not proposal.members.exists()


def test_saving_the_page_unchanged_changes_nothing(proposal, owner):
    url = _url(proposal)
    client = browser_of(owner)
    before = proposal.members.select_related("organization").get()
    versions = proposal.versions.count()
    assert client.post(url, _opened(client, url)).status_code == 302
    after = proposal.members.select_related("organization").get()
    assert (after.role, after.organization.acronym) == (before.role, before.organization.acronym)
    assert proposal.versions.count() <= versions + 1
