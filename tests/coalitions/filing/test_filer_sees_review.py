"""What the filer sees of the review: the reviewers' change request on the site, the full
record of their proposal, and a public address made of the title's plain words."""

import pytest
from django.urls import reverse

from coalitions import workflow
from coalitions.enums import ProposalStatus
from tests.coalitions.review.review_helpers import join, network, submitted
from tests.factories import OrganizationFactory, ProposalMemberFactory

pytestmark = pytest.mark.django_db


def test_the_change_request_is_on_the_proposal_page_and_atop_the_form(
    client, reviewer, owner, edition
):
    join(reviewer)
    proposal = submitted(owner=owner, edition=edition)
    workflow.request_changes(proposal, actor=reviewer, reason="Name a second milestone.")
    client.force_login(owner)
    for page in ("proposal-detail", "proposal-edit"):
        html = client.get(reverse(f"coalitions:{page}", args=[proposal.pk])).content.decode()
        assert 'data-testid="change-request"' in html, page
        assert "Name a second milestone." in html
        assert network().name in html


def test_no_change_request_shown_once_the_proposal_is_resubmitted(client, reviewer, owner, edition):
    join(reviewer)
    proposal = submitted(owner=owner, edition=edition)
    workflow.request_changes(proposal, actor=reviewer, reason="Name a second milestone.")
    workflow.submit(proposal, actor=owner)
    client.force_login(owner)
    html = client.get(reverse("coalitions:proposal-detail", args=[proposal.pk])).content.decode()
    assert "Name a second milestone." not in html


def test_an_outsider_never_sees_the_change_request(client, reviewer, owner, outsider, edition):
    join(reviewer)
    proposal = submitted(owner=owner, edition=edition)
    workflow.request_changes(proposal, actor=reviewer, reason="Secret remark.")
    client.force_login(outsider)
    response = client.get(reverse("coalitions:proposal-detail", args=[proposal.pk]))
    assert response.status_code == 404
    assert b"Secret remark." not in response.content


def test_the_proposal_page_shows_constituencies_and_whom_it_will_engage(client, owner, edition):
    proposal = submitted(
        owner=owner, edition=edition, engagement_targets=["member_states", "un_agencies"]
    )
    org = OrganizationFactory(constituencies=["indigenous_peoples", "women"])
    ProposalMemberFactory(proposal=proposal, organization=org)
    client.force_login(owner)
    html = client.get(reverse("coalitions:proposal-detail", args=[proposal.pk])).content.decode()
    assert "Indigenous Peoples" in html or "Indigenous peoples" in html
    assert "Women" in html
    assert "Member States, UN agencies" in html


def test_the_support_requests_list_names_the_kinds_of_support(client, reviewer, edition):
    join(reviewer)
    submitted(
        edition=edition,
        status=ProposalStatus.SUBMITTED,
        support_requested=["partner_matching", "facilitation"],
    )
    client.force_login(reviewer)
    html = client.get(reverse("coalitions:support-requests")).content.decode()
    assert "Matching with partners, Facilitation" in html
    assert "partner_matching" not in html


def test_a_public_address_is_made_of_the_title_plain_words(organizer):
    proposal = submitted(
        status=ProposalStatus.SHORTLISTED,
        title="Water <b>justice</b> <script>alert('x')</script> coalition &amp; friends",
    )
    workflow.publish(proposal, actor=organizer)
    proposal.refresh_from_db()
    assert proposal.public_slug == "water-justice-coalition-friends"
