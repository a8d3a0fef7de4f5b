"""A reviewer whose organization is a member of a proposal sees that it exists and why it is
hidden from them, never its text or its reviews: not on the admin's pages, lists, searches or
exports, the support pages, the review start page or the network view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitions.models import Assignment, MergeSuggestion
from coalitions.review import reviewing
from tests.coalitions.review.review_helpers import join, network, submitted
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

SECRETS = ["Secret coalition title", "Secret summary words", "Secret review comment"]
CHANGELIST = reverse("admin:coalitions_proposal_changelist")


@pytest.fixture
def hidden(reviewer, expert):
    """A proposal the reviewer's organization is a member of, with an expert's review, a
    support request, an assignment and a merge suggestion with another proposal."""
    mine = OrganizationFactory(name="Reviewer's Own NGO")
    join(reviewer, organization=mine)
    join(expert, "expert-sub-committee")
    proposal = submitted(
        members=[mine],
        title=SECRETS[0],
        summary=SECRETS[1],
        support_requested=["partner_matching"],
        support_details="Secret support details",
    )
    reviewing.save_review(
        proposal,
        reviewer=expert,
        recommendation="shortlist",
        relevance=4,
        diversity=4,
        feasibility=4,
        comment=SECRETS[2],
    )
    Assignment.objects.create(proposal=proposal, network=network())
    other = submitted(title="An unrelated coalition")
    MergeSuggestion.objects.create(
        proposal_a=proposal, proposal_b=other, score=0.9, text_score=0.9, member_score=0.0
    )
    return proposal


def _clean(body: bytes) -> None:
    text = body.decode()
    for secret in [*SECRETS, "Secret support details"]:
        assert secret not in text


def test_the_admin_change_page_says_why_and_shows_nothing(client, reviewer, hidden):
    client.force_login(reviewer)
    response = client.get(reverse("admin:coalitions_proposal_change", args=[hidden.pk]))
    assert response.status_code == 403
    _clean(response.content)
    assert "Reviewer&#x27;s Own NGO" in response.content.decode()
    assert 'data-testid="conflict-reason"' in response.content.decode()


def test_the_admin_lists_searches_and_exports_leave_it_out(client, reviewer, hidden):
    client.force_login(reviewer)
    listing = client.get(CHANGELIST)
    _clean(listing.content)
    assert 'data-testid="hidden-by-conflict"' in listing.content.decode()
    _clean(client.get(CHANGELIST, {"q": "Secret"}).content)
    for action in ("export_csv", "export_json"):
        response = client.post(
            CHANGELIST, {"action": action, "_selected_action": [hidden.pk]}, follow=True
        )
        _clean(response.content)
    for name in ("review", "assignment", "mergesuggestion", "supportfollowup"):
        _clean(client.get(reverse(f"admin:coalitions_{name}_changelist")).content)
    review = hidden.reviews.get()
    _clean(
        client.get(reverse("admin:coalitions_review_change", args=[review.pk]), follow=True).content
    )
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "coalitions",
            "model_name": "review",
            "field_name": "proposal",
            "term": "Secret",
        },
    )
    assert autocomplete.json()["results"] == []


def test_the_review_pages_leave_it_out(client, reviewer, hidden):
    client.force_login(reviewer)
    for name in ("review-home", "network-view", "support-requests"):
        response = client.get(reverse(f"coalitions:{name}"))
        assert response.status_code == 200
        _clean(response.content)
    response = client.get(reverse("coalitions:support-follow-up", args=[hidden.pk]))
    assert response.status_code == 403
    _clean(response.content)
    # Nor can the follow-up be written from that page.
    response = client.post(
        reverse("coalitions:support-follow-up", args=[hidden.pk]), {"status": "done"}
    )
    assert response.status_code == 403
    assert not hasattr(hidden, "support_follow_up") or hidden.support_follow_up is None


def test_a_reviewer_without_the_conflict_reads_all_of_it(client, expert, reviewer, hidden):
    client.force_login(expert)
    page = client.get(reverse("admin:coalitions_proposal_change", args=[hidden.pk]))
    assert page.status_code == 200
    assert SECRETS[0] in page.content.decode() and SECRETS[2] in page.content.decode()
    assert SECRETS[0] in client.get(reverse("coalitions:network-view")).content.decode()
    assert SECRETS[0] in client.get(reverse("coalitions:support-requests")).content.decode()
    assert client.get(reverse("coalitions:support-follow-up", args=[hidden.pk])).status_code == 200
