"""Writing a review in the admin: saved through `reviewing.save_review`, conflicts refused."""

import pytest
from django.urls import reverse

from coalitions.models import Review
from tests.coalitions.review.review_helpers import fast_hashing, join, orgs, submitted  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
ADD = reverse("admin:coalitions_review_add")
FORM = {
    "recommendation": "shortlist",
    "relevance": 4,
    "diversity": 3,
    "feasibility": 5,
    "comment": "Good",
    "private_note": "",
}


def test_a_reviewer_writes_a_review_and_goes_back_to_the_proposal(client, reviewer):
    join(reviewer)
    p = submitted()
    client.force_login(reviewer)
    assert client.get(ADD + f"?proposal={p.pk}").status_code == 200
    response = client.post(ADD, {**FORM, "proposal": p.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:coalitions_proposal_change", args=[p.pk])
    review = Review.objects.get()
    assert (review.reviewer, review.network.slug, review.relevance) == (
        reviewer,
        "global-ngo-network",
        4,
    )


def test_a_conflict_of_interest_is_shown_next_to_the_proposal_and_nothing_is_lost(client, reviewer):
    mine = orgs(1)[0]
    join(reviewer, organization=mine)
    p = submitted(members=[mine])
    client.force_login(reviewer)
    response = client.post(ADD, {**FORM, "proposal": p.pk, "comment": "Typed text kept"})
    assert response.status_code == 200
    assert "Your organization is a member" in str(response.context["adminform"].form.errors)
    assert b"Typed text kept" in response.content
    assert not Review.objects.exists()


def test_a_merge_recommendation_needs_the_other_proposal(client, reviewer):
    join(reviewer)
    p = submitted()
    client.force_login(reviewer)
    response = client.post(ADD, {**FORM, "proposal": p.pk, "recommendation": "merge"})
    assert "Say which proposal" in str(response.context["adminform"].form.errors)


def test_outsiders_cannot_open_the_review_form(client, outsider, owner):
    client.force_login(owner)
    assert client.get(ADD).status_code == 302  # not staff: to the admin log-in
