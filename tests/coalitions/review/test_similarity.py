"""Similar proposals: a planted near-duplicate, shared members, the filer's hint, the task."""

import random

import pytest

from coalitions import workflow
from coalitions.enums import ProposalStatus
from coalitions.models import MergeSuggestion, ProposalTerms
from coalitions.review import merge_requests, similarity
from tests.coalitions.review.review_helpers import fast_hashing, join, orgs, submitted  # noqa: F401
from tests.coalitions.review.similarity_corpus import TOPICS, generate, near_duplicate
from tests.factories import ProposalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def test_tokens_fold_accents_drop_stop_words_and_plurals():
    assert similarity.tokens("Les réformes of the Institutions, 2024!") == [
        "reforme",
        "institution",
    ]


def test_a_planted_near_duplicate_is_the_top_suggestion_among_200(edition, owner):
    corpus = generate(200, edition=edition, owner=owner)
    original = corpus[137]
    rng = random.Random(3)
    copy = ProposalFactory(
        edition=edition,
        owner=owner,
        status=ProposalStatus.SUBMITTED,
        **near_duplicate(
            rng, {f: getattr(original, f) for f in ("title", "summary", "principles", "asks")}
        ),
    )
    for p in corpus:
        similarity.index(p)
    suggestions = similarity.refresh(copy)
    assert suggestions, "no suggestion at all"
    top = suggestions[0]
    assert {top.proposal_a_id, top.proposal_b_id} == {original.pk, copy.pk}
    # The runner-up (same topic, different proposal) is clearly behind.
    runner_up = similarity.similar_to_proposal(copy)[1]
    assert top.text_score > runner_up.text_score + 0.2
    assert set(top.shared_words) & set(TOPICS["food"].split() + original.title.lower().split())


def test_shared_members_raise_a_suggestion_even_with_different_words(edition):
    common = orgs(3)
    a = submitted(
        edition=edition,
        members=common,
        title="Ocean literacy",
        summary="",
        principles="Teach ocean science.",
        asks="Fund marine schools.",
    )
    b = submitted(
        edition=edition,
        members=common,
        title="Tax justice",
        summary="",
        principles="Fair taxation.",
        asks="A UN tax convention.",
    )
    similarity.index(a)
    [suggestion] = similarity.refresh(b)
    assert suggestion.member_score == 1.0
    assert sorted(suggestion.shared_members) == sorted(o.name for o in common)


def test_closed_proposals_leave_the_suggestions(edition, reviewer):
    a = submitted(edition=edition, title="Water rights now", principles="water " * 20)
    b = submitted(edition=edition, title="Water rights today", principles="water " * 20)
    similarity.refresh(a)
    similarity.refresh(b)
    assert MergeSuggestion.objects.count() == 1
    workflow.decline(b, actor=reviewer, reason="Duplicate effort")
    b.refresh_from_db()
    similarity.refresh(b)
    assert MergeSuggestion.objects.count() == 0
    assert not ProposalTerms.objects.filter(proposal=b).exists()


def test_a_dismissed_suggestion_stays_dismissed_and_an_accepted_one_asks_the_leads(
    edition, reviewer
):
    join(reviewer)
    a, b, c = (
        submitted(
            edition=edition,
            title=f"Seed banks for farmers {i}",
            principles="seeds farmers banks " * 5,
        )
        for i in range(3)
    )
    for p in (a, b, c):
        similarity.refresh(p)
    ab = MergeSuggestion.objects.get(proposal_a=a, proposal_b=b)
    merge_requests.dismiss_suggestion(ab, actor=reviewer)
    similarity.refresh(a)
    ab.refresh_from_db()
    assert ab.status == "dismissed"
    ac = MergeSuggestion.objects.get(proposal_a=a, proposal_b=c)
    request = merge_requests.accept_suggestion(ac, actor=reviewer)
    assert {c.proposal_id for c in request.consents.all()} == {a.pk, c.pk}
    ac.refresh_from_db()
    assert ac.status == "accepted"


def test_filers_see_similar_existing_proposals_as_a_hint(edition, owner):
    published = submitted(
        edition=edition,
        status=ProposalStatus.PUBLISHED,
        title="Debt relief now",
        principles="debt relief cancellation for developing countries",
    )
    submitted_one = submitted(
        edition=edition, title="Digital rights", principles="privacy internet connectivity"
    )
    draft = ProposalFactory(
        edition=edition, title="Debt relief draft", principles="debt relief cancellation"
    )
    for p in (published, submitted_one, draft):
        similarity.index(p)
    hints = similarity.similar_to_text(
        "We want debt cancellation and relief", edition_id=edition.pk
    )
    assert [p.pk for p in hints] == [published.pk]  # drafts are private, never hinted
    assert 0 < hints[0].similarity <= 1


def test_submitting_recomputes_suggestions_after_commit(
    edition, owner, django_capture_on_commit_callbacks
):
    existing = submitted(
        edition=edition,
        title="Clean rivers coalition",
        principles="rivers pollution clean water basins",
    )
    similarity.index(existing)
    new = ProposalFactory(
        edition=edition,
        owner=owner,
        title="Clean rivers alliance",
        principles="rivers pollution clean water basins",
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.submit(new, actor=owner)
    assert callbacks  # the refresh ran after commit, through the Celery task (eager here)
    assert MergeSuggestion.objects.filter(proposal_a=existing, proposal_b=new).exists()
