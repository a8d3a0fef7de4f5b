"""Inviting a partner: the filer or a reviewer invites a suggested organization, its
representatives are told in their language and accept (it becomes a member, the criteria
report follows) or decline (never suggested again); a daily limit per coalition."""

import pytest
from django.urls import reverse

from coalitions.enums import InvitationState
from coalitions.models import PartnerInvitation, Proposal, ProposalMember
from coalitions.organizations import invitations, partner_search
from impact.models import Notification
from tests.coalitions.organizations.directorydata import (
    lacking_one_south_region,
    looking,
    represent,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(edition, owner):
    return lacking_one_south_region(edition, owner)


@pytest.fixture
def amman():
    return looking("Amman Water Forum", "western_asia")


def invite_url(proposal, org) -> str:
    return reverse("coalitions:partner-invite", args=[proposal.pk, org.pk])


def rep_of(org):
    return org.representatives.select_related("user").first().user


def test_the_checklist_shows_suggestions_under_the_unmet_criterion(client, owner, proposal, amman):
    client.force_login(owner)
    # The form page fetches its checklist with the suggestions once it has loaded.
    page = client.get(reverse("coalitions:proposal-edit", args=[proposal.pk])).content.decode()
    url = reverse("coalitions:proposal-checklist", args=[proposal.pk])
    assert f'data-partners-url="{url}"' in page
    body = client.get(url).content.decode()
    block = body.split('data-testid="partners-C1"')[1].split("</ul>")[0]
    assert "Amman Water Forum" in block
    assert "adds Western Asia and the Arab States (global south)" in block
    assert 'data-testid="partners-C2"' not in body  # C2 is met


def test_the_filer_invites_and_the_representative_is_told_in_their_language(
    client, owner, proposal, amman
):
    rep = rep_of(amman)
    rep.language = "es"
    rep.save()
    client.force_login(owner)
    response = client.post(invite_url(proposal, amman), {"message": "Join us"})
    assert response.status_code == 302
    invitation = PartnerInvitation.objects.get(proposal=proposal, organization=amman)
    assert invitation.state == InvitationState.PENDING and invitation.invited_by == owner
    note = Notification.objects.get(recipient=rep, kind="partner_invited")
    assert "Climate finance accountability" in note.subject
    assert note.language == "es" and "invita" in note.body_text


def test_accepting_adds_the_member_and_the_criteria_report_follows(client, owner, proposal, amman):
    invitation = invitations.invite(proposal, amman, actor=owner)
    opened = proposal.edit_version
    client.force_login(rep_of(amman))
    url = reverse("coalitions:partner-invitation-answer", args=[invitation.pk, "accept"])
    assert client.post(url).status_code == 302
    assert ProposalMember.objects.filter(proposal=proposal, organization=amman).exists()
    proposal.refresh_from_db()
    assert "C1" not in proposal.failing_criteria
    assert proposal.edit_version == opened + 1  # a form opened before is stale
    assert Notification.objects.filter(recipient=owner, kind="partner_accepted").exists()
    assert partner_search.for_proposal(partner_search.loaded(proposal.pk)) == []


def test_a_declined_organization_is_never_suggested_or_invited_again(
    client, owner, proposal, amman
):
    invitation = invitations.invite(proposal, amman, actor=owner)
    client.force_login(rep_of(amman))
    client.post(reverse("coalitions:partner-invitation-answer", args=[invitation.pk, "decline"]))
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DECLINED
    found = partner_search.for_proposal(partner_search.loaded(proposal.pk))
    assert amman.pk not in {s.organization_id for s in found}
    with pytest.raises(invitations.InvitationError):
        invitations.invite(proposal, amman, actor=owner)


def test_an_outsider_can_neither_invite_nor_answer(client, owner, outsider, proposal, amman):
    client.force_login(outsider)
    assert client.post(invite_url(proposal, amman)).status_code == 404
    assert not PartnerInvitation.objects.exists()
    invitation = invitations.invite(proposal, amman, actor=owner)
    for answer in ("accept", "decline"):
        url = reverse("coalitions:partner-invitation-answer", args=[invitation.pk, answer])
        assert client.post(url).status_code == 403
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PENDING
    # A pending claim is not enough to answer for the organization.
    amman.representatives.create(user=outsider)
    url = reverse("coalitions:partner-invitation-answer", args=[invitation.pk, "accept"])
    assert client.post(url).status_code == 403


def test_a_reviewer_invites_on_the_coalitions_behalf_but_never_for_a_draft(
    client, reviewer, proposal, amman
):
    client.force_login(reviewer)
    assert client.post(invite_url(proposal, amman)).status_code == 404  # a draft
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    assert client.post(invite_url(proposal, amman)).status_code == 302
    assert PartnerInvitation.objects.filter(invited_by=reviewer).count() == 1


def test_a_coalition_may_send_only_so_many_invitations_a_day(owner, proposal, settings):
    settings.PARTNER_INVITATIONS_PER_DAY = 2
    orgs = [looking(f"Amman {i}", "western_asia") for i in range(3)]
    invitations.invite(proposal, orgs[0], actor=owner)
    invitations.invite(proposal, orgs[1], actor=owner)
    with pytest.raises(invitations.InvitationError, match="2 invitations"):
        invitations.invite(proposal, orgs[2], actor=owner)


def test_an_organization_without_a_representative_cannot_be_invited(owner, proposal, edition):
    from tests.coalitions.hub.hubdata import published
    from tests.coalitions.organizations.directorydata import in_coalition, org

    lone = in_coalition(published("Other", edition=edition), org("Lone", "western_asia"))
    with pytest.raises(invitations.InvitationError, match="no representative"):
        invitations.invite(proposal, lone, actor=owner)


def test_the_representative_dashboard_shows_invitations_and_coalitions_to_help(
    client, edition, owner, amman
):
    from tests.coalitions.hub.hubdata import published

    coalition = published("Needs Western Asia", edition=edition, members=0)
    Proposal.objects.filter(pk=coalition.pk).update(failing_criteria="C1")
    rep = rep_of(amman)
    client.force_login(rep)
    body = client.get(reverse("coalitions:dashboard")).content.decode()
    # The coalitions it would help come after the page (a link without JavaScript).
    to_help = reverse("coalitions:directory-to-help", args=[amman.pk])
    assert to_help in body and "Needs Western Asia" not in body
    fragment = client.get(to_help, {"fragment": "1"}).content.decode()
    assert "Needs Western Asia" in fragment
    assert reverse("coalitions:hub-join", args=[coalition.public_slug]) in fragment
    other = UserFactory(email="other-rep@example.org")
    represent(amman, other)
    proposal = lacking_one_south_region(edition, owner)
    invitations.invite(proposal, amman, actor=owner)
    body = client.get(reverse("coalitions:dashboard")).content.decode()
    assert 'data-testid="partner-invitation"' in body


def test_the_reviewers_change_page_lists_partners_with_forms_of_their_own(
    client, reviewer, proposal, amman
):
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    client.force_login(reviewer)
    url = reverse("admin:coalitions_proposal_change", args=[proposal.pk])
    body = client.get(url).content.decode()
    assert 'data-testid="admin-partners"' in body and "Amman Water Forum" in body
    # Forms do not nest: the invitation's form comes after the admin's own form closes.
    form = f'id="partner-invite-{amman.pk}"'
    assert body.index(form) > body.index("</form>", body.index('id="proposal_form"'))
    assert f'form="partner-invite-{amman.pk}"' in body
    response = client.post(invite_url(proposal, amman), {"next": url})
    assert response["Location"] == url
    assert PartnerInvitation.objects.filter(proposal=proposal, invited_by=reviewer).exists()


def test_a_support_request_for_partners_lists_suggestions(client, reviewer, proposal, amman):
    Proposal.objects.filter(pk=proposal.pk).update(
        status="submitted", support_requested=["partner_matching"]
    )
    client.force_login(reviewer)
    url = reverse("coalitions:support-follow-up", args=[proposal.pk])
    body = client.get(url).content.decode()
    assert 'data-testid="support-partners"' in body and "Amman Water Forum" in body
