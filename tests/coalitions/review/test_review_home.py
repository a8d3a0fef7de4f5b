"""The reviewers' start page: what is theirs to do, in a fixed number of queries, for
reviewers and organizers only; reviewers land on it after signing in."""

import pytest
from django.urls import reverse

from coalitions.enums import ProposalStatus as S
from coalitions.models import Assignment, MergeSuggestion, Review
from tests.coalitions.review.review_helpers import join, network, submitted
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("coalitions:review-home")


def review(proposal, user):
    return Review.objects.create(
        proposal=proposal,
        reviewer=user,
        network=network(),
        recommendation="shortlist",
        relevance=4,
        diversity=4,
        feasibility=4,
    )


def fill(n: int, reviewer, others):
    """`n` of each thing the page lists."""
    for i in range(n):
        mine = submitted(title=f"Assigned {i}")
        Assignment.objects.create(proposal=mine, network=network())
        ready = submitted(title=f"Ready {i}", status=S.IN_REVIEW)
        for user in others:
            review(ready, user)
        a, b = submitted(title=f"Pair {i} a"), submitted(title=f"Pair {i} b")
        MergeSuggestion.objects.create(
            proposal_a=a, proposal_b=b, score=0.5, text_score=0.5, member_score=0
        )
        submitted(title=f"Help {i}", support_requested=["partner_matching"])


def test_it_lists_what_waits_for_the_reviewer(client, reviewer):
    join(reviewer)
    others = [UserFactory(), UserFactory()]
    fill(1, reviewer, others)
    done = submitted(title="Already reviewed by me")
    Assignment.objects.create(proposal=done, network=network())
    review(done, reviewer)
    client.force_login(reviewer)
    html = client.get(URL).content.decode()
    assert "Assigned 0" in html
    assert (
        "Already reviewed by me"
        not in html.split('data-testid="desk-assigned"')[1].split("</ul>")[0]
    )
    assert "Ready 0" in html and "2 reviews" in html
    assert "Pair 0 a" in html and "Pair 0 b" in html
    assert "Help 0" in html and "Matching with partners" in html


def test_a_reviewer_never_sees_assigned_work_of_their_own_organization(client, reviewer):
    org = OrganizationFactory()
    join(reviewer, organization=org)
    own = submitted(title="My own organization's coalition", members=[org])
    Assignment.objects.create(proposal=own, network=network())
    client.force_login(reviewer)
    assert "My own organization" not in client.get(URL).content.decode()


def test_the_page_does_not_grow_with_the_work(client, reviewer, django_assert_max_num_queries):
    join(reviewer)
    others = [UserFactory(), UserFactory()]
    fill(1, reviewer, others)
    client.force_login(reviewer)
    client.get(URL)
    # Session, user, groups (role check and nav), the reviewer's profile with network,
    # assigned, ready for a decision, suggestions, open support requests, pending merge
    # requests, and the nav's unread count.
    with django_assert_max_num_queries(12) as small:
        client.get(URL)
    fill(3, reviewer, others)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(URL).status_code == 200


def test_organizers_also_see_held_decisions(client, organizer):
    client.force_login(organizer)
    response = client.get(URL)
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["owner", "outsider"])
def test_filers_and_outsiders_get_403(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_reviewers_land_on_it_after_signing_in_and_filers_on_their_proposals(
    client, reviewer, owner
):
    for user, target in ((reviewer, URL), (owner, reverse("coalitions:dashboard"))):
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": "pass-w0rd-for-tests"}
        )
        assert response.status_code == 302
        assert response["Location"] == target


def test_the_navigation_links_to_review_and_merge_requests(client, reviewer, owner):
    client.force_login(reviewer)
    html = client.get(reverse("coalitions:dashboard")).content.decode()
    assert f'href="{URL}"' in html
    assert f'href="{reverse("coalitions:merge-requests")}"' in html
    client.force_login(owner)
    html = client.get(reverse("coalitions:dashboard")).content.decode()
    assert f'href="{URL}"' not in html
    assert f'href="{reverse("coalitions:merge-requests")}"' in html
