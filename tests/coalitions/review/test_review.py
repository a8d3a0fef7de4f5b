"""Reviews, conflicts of interest, assignments, the network summary and merge consent."""

import pytest

from coalitions import workflow
from coalitions.enums import ProposalStatus
from coalitions.models import MergeRequest, Review
from coalitions.review import merge_requests, reviewing
from impact.models import Notification
from tests.coalitions.review.review_helpers import fast_hashing, join, orgs, submitted  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
SCORES = {"relevance": 4, "diversity": 3, "feasibility": 5}


def test_one_review_per_reviewer_and_the_first_starts_the_review(reviewer):
    join(reviewer)
    proposal = submitted()
    reviewing.save_review(proposal, reviewer=reviewer, recommendation="shortlist", **SCORES)
    review = reviewing.save_review(
        proposal, reviewer=reviewer, recommendation="decline", comment="Rethought", **SCORES
    )
    assert Review.objects.filter(proposal=proposal).count() == 1
    assert (review.recommendation, review.score, review.network.slug) == (
        "decline",
        4.0,
        "global-ngo-network",
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW


def test_a_reviewer_cannot_review_a_proposal_their_organization_is_member_of(reviewer, expert):
    mine = orgs(1)[0]
    join(reviewer, organization=mine)
    join(expert, "expert-sub-committee")
    proposal = submitted(members=[mine])
    with pytest.raises(workflow.TransitionNotAllowed, match="Your organization"):
        reviewing.save_review(proposal, reviewer=reviewer, recommendation="shortlist", **SCORES)
    reviewing.save_review(proposal, reviewer=expert, recommendation="shortlist", **SCORES)
    assert list(Review.objects.values_list("reviewer", flat=True)) == [expert.pk]


@pytest.mark.parametrize("who", ["owner", "outsider"])
def test_filers_and_outsiders_cannot_review(who, request):
    proposal = submitted(owner=request.getfixturevalue("owner"))
    with pytest.raises(workflow.TransitionNotAllowed):
        reviewing.save_review(
            proposal, reviewer=request.getfixturevalue(who), recommendation="shortlist", **SCORES
        )


def test_scores_outside_one_to_five_and_closed_proposals_are_refused(reviewer):
    with pytest.raises(workflow.TransitionNotAllowed, match="1 to 5"):
        reviewing.save_review(
            submitted(),
            reviewer=reviewer,
            recommendation="shortlist",
            relevance=6,
            diversity=3,
            feasibility=3,
        )
    with pytest.raises(workflow.TransitionNotAllowed, match="not under review"):
        reviewing.save_review(
            submitted(status=ProposalStatus.DECLINED),
            reviewer=reviewer,
            recommendation="shortlist",
            **SCORES,
        )


def test_the_network_view_flags_networks_that_disagree(reviewer, expert):
    join(reviewer)
    join(expert, "expert-sub-committee")
    agreed, split = submitted(), submitted()
    for p, rec_a, rec_b in [(agreed, "shortlist", "shortlist"), (split, "shortlist", "decline")]:
        reviewing.save_review(p, reviewer=reviewer, recommendation=rec_a, **SCORES)
        reviewing.save_review(p, reviewer=expert, recommendation=rec_b, **SCORES)
    from coalitions.models import Network

    networks = list(Network.objects.all())
    for p, disagree in [(agreed, False), (split, True)]:
        summaries = reviewing.network_summary(Review.objects.filter(proposal=p), networks)
        assert reviewing.networks_disagree(summaries) is disagree
        expert_summary = [s for s in summaries if s.is_expert][0]
        assert (expert_summary.reviews, expert_summary.mean) == (1, 4.0)


def test_a_merge_runs_when_every_lead_accepts(reviewer, owner, outsider):
    join(reviewer)
    other_owner = UserFactory()
    a, b = submitted(owner=owner), submitted(owner=other_owner)
    request = merge_requests.propose_merge(
        [a, b], actor=reviewer, reason="Same asks", title="United"
    )
    assert Notification.objects.filter(kind="merge_proposed").count() == 2
    consent_a, consent_b = request.consents.order_by("proposal_id")
    with pytest.raises(workflow.TransitionNotAllowed):
        merge_requests.answer(consent_a, actor=outsider, accept=True)
    merge_requests.answer(consent_a, actor=owner, accept=True)
    a.refresh_from_db()
    assert a.status == ProposalStatus.SUBMITTED  # nothing merged while a lead has not answered
    request = merge_requests.answer(consent_b, actor=other_owner, accept=True)
    assert request.status == "done" and request.result.title == "United"
    a.refresh_from_db()
    assert (a.status, a.merged_into) == (ProposalStatus.MERGED, request.result)


def test_one_decline_closes_the_request_and_needs_a_comment(reviewer, owner):
    join(reviewer)
    a, b = submitted(owner=owner), submitted()
    request = merge_requests.propose_merge([a, b], actor=reviewer, title="United")
    consent = request.consents.get(proposal=a)
    with pytest.raises(workflow.TransitionNotAllowed, match="why"):
        merge_requests.answer(consent, actor=owner, accept=False)
    merge_requests.answer(consent, actor=owner, accept=False, comment="We differ on asks.")
    request.refresh_from_db()
    assert request.status == "declined"
    with pytest.raises(workflow.TransitionNotAllowed, match="closed"):
        merge_requests.answer(request.consents.get(proposal=b), actor=b.owner, accept=True)
    assert MergeRequest.objects.get().result is None


def test_a_conflicted_reviewer_cannot_propose_a_merge(reviewer):
    mine = orgs(1)[0]
    join(reviewer, organization=mine)
    with pytest.raises(workflow.TransitionNotAllowed):
        merge_requests.propose_merge([submitted(members=[mine]), submitted()], actor=reviewer)
