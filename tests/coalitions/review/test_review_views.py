"""Review pages outside the admin: merge consent, network view, support requests, release."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from coalitions import workflow
from coalitions.enums import ProposalStatus
from coalitions.models import SupportFollowUp
from coalitions.review import merge_requests, reviewing
from impact.models import Notification
from tests.coalitions.review.review_helpers import fast_hashing, join, submitted  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
REQUESTS = reverse("coalitions:merge-requests")
NETWORKS = reverse("coalitions:network-view")
SUPPORT = reverse("coalitions:support-requests")
HELD = reverse("coalitions:held-decisions")
SCORES = {"relevance": 4, "diversity": 3, "feasibility": 5}


@pytest.fixture
def merge_request(reviewer, owner):
    join(reviewer)
    a, b = submitted(owner=owner, title="Alpha"), submitted(title="Bravo")
    return merge_requests.propose_merge([a, b], actor=reviewer, title="United", reason="Same")


def answer_url(request, proposal):
    return reverse(
        "coalitions:merge-request-answer", args=[request.consents.get(proposal=proposal).pk]
    )


def test_a_lead_sees_and_accepts_a_merge_request(client, owner, merge_request):
    a = merge_request.consents.get(proposal__title="Alpha").proposal
    client.force_login(owner)
    page = client.get(REQUESTS).content.decode()
    assert "Your proposal “Alpha”" in page and "Bravo" in page and "United" in page
    response = client.post(
        answer_url(merge_request, a),
        {f"c{merge_request.consents.get(proposal=a).pk}-decision": "accept"},
    )
    assert response.status_code == 302
    assert merge_request.consents.get(proposal=a).decision == "accepted"


def test_declining_without_a_comment_shows_the_error_and_keeps_the_form(
    client, owner, merge_request
):
    consent = merge_request.consents.get(proposal__title="Alpha")
    client.force_login(owner)
    response = client.post(
        answer_url(merge_request, consent.proposal), {f"c{consent.pk}-decision": "decline"}
    )
    assert response.status_code == 400
    assert "Please say why you decline." in response.content.decode()
    consent.refresh_from_db()
    assert consent.decision == "pending"


def test_outsiders_cannot_answer_or_see_others_requests(client, outsider, merge_request):
    consent = merge_request.consents.get(proposal__title="Alpha")
    client.force_login(outsider)
    assert "Alpha" not in client.get(REQUESTS).content.decode()
    response = client.post(
        answer_url(merge_request, consent.proposal), {f"c{consent.pk}-decision": "accept"}
    )
    assert response.status_code == 404
    client.logout()
    assert client.get(REQUESTS).status_code == 302


def test_the_dashboard_include_lists_requests_waiting_for_the_user(rf, owner, merge_request):
    request = rf.get("/")
    request.user = owner
    html = Template('{% include "coalitions/review/_dashboard_merge_requests.html" %}').render(
        Context({"request": request})
    )
    assert "“Alpha” — waiting for your answer" in html and REQUESTS in html


def test_the_dashboard_shows_the_requests_waiting_for_the_user_only(
    client, owner, outsider, merge_request
):
    client.force_login(owner)
    page = client.get(reverse("coalitions:dashboard")).content.decode()
    assert 'data-testid="merge-requests-waiting"' in page and "“Alpha” — waiting" in page
    client.force_login(outsider)
    page = client.get(reverse("coalitions:dashboard")).content.decode()
    assert 'data-testid="merge-requests-waiting"' not in page


@pytest.mark.parametrize("url", [NETWORKS, SUPPORT])
def test_review_pages_are_refused_to_filers_and_outsiders(client, owner, outsider, url):
    for user in (owner, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_the_network_view_flags_disagreement_in_constant_queries(
    client, reviewer, expert, django_assert_num_queries
):
    join(reviewer)
    join(expert, "expert-sub-committee")
    client.force_login(reviewer)
    client.get(NETWORKS)  # the session and the user's roles are then cached
    for n in (1, 9):
        for _ in range(n):
            p = submitted()
            reviewing.save_review(p, reviewer=reviewer, recommendation="shortlist", **SCORES)
            reviewing.save_review(p, reviewer=expert, recommendation="decline", **SCORES)
        # user; networks; the count and the page; the page's reviews; the unread-notifications
        # COUNT in the nav (the session and the user's groups come from the cache).
        with django_assert_num_queries(6):
            response = client.get(NETWORKS)
    assert response.content.decode().count('data-testid="disagree"') == 10


def test_support_requests_are_listed_and_followed_up(client, reviewer, expert):
    asked = submitted(
        title="Needs partners",
        support_requested=["partner_matching"],
        support_details="Partners in Asia",
    )
    submitted(title="Needs nothing")
    client.force_login(reviewer)
    page = client.get(SUPPORT).content.decode()
    assert "Needs partners" in page and "Needs nothing" not in page
    url = reverse("coalitions:support-follow-up", args=[asked.pk])
    response = client.post(
        url,
        {
            "assignee": expert.pk,
            "status": "in_progress",
            "action_taken": "Introduced two Asian networks",
        },
    )
    assert response.status_code == 302
    follow_up = SupportFollowUp.objects.get(proposal=asked)
    assert (follow_up.assignee, follow_up.updated_by) == (expert, reviewer)
    bad = client.post(url, {"assignee": "", "status": "nonsense", "action_taken": "kept"})
    assert bad.status_code == 400 and b"kept" in bad.content


def test_only_organizers_release_held_decisions(client, reviewer, organizer):
    workflow.shortlist(submitted(), actor=reviewer, hold_key="round-1")
    client.force_login(reviewer)
    assert client.get(HELD).status_code == 403
    assert client.post(HELD, {"hold_key": "round-1"}).status_code == 403
    client.force_login(organizer)
    assert b"round-1" in client.get(HELD).content
    client.post(HELD, {"hold_key": "round-1", "confirm": "yes", "expected": "1"})
    assert not Notification.objects.filter(state="held").exists()


def test_a_published_proposal_is_not_in_the_network_view(client, reviewer):
    submitted(status=ProposalStatus.PUBLISHED, title="Already public")
    client.force_login(reviewer)
    assert b"Already public" not in client.get(NETWORKS).content
