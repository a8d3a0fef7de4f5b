"""The networks' discussion of a proposal reviewers may not see (a filer's draft) is closed to
everyone: organizers, the Expert sub-committee, an assigned reviewer and its filers, reading
and posting; once submitted, the same people take part."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitions.enums import ProposalStatus
from coalitions.models import Assignment, DiscussionMessage
from coalitions.permissions import may_discuss
from coalitions.review import discussion
from coalitions.workflow import TransitionNotAllowed
from tests.coalitions.review.review_helpers import fast_hashing, join, network, submitted  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

TITLE = "Unfinished idea for a coalition on water rights"


@pytest.fixture
def draft(owner, reviewer, expert):
    proposal = submitted(status=ProposalStatus.DRAFT, owner=owner, title=TITLE)
    join(reviewer)
    join(expert, "expert-sub-committee")
    Assignment.objects.create(proposal=proposal, network=network(), reviewer=reviewer)
    return proposal


def test_nobody_reads_or_posts_in_the_discussion_of_a_draft(
    draft, organizer, expert, reviewer, owner, client
):
    url = reverse("coalitions:discussion", args=[draft.pk])
    for who in (organizer, expert, reviewer, owner):
        client.force_login(who)
        page = client.get(url)
        assert page.status_code == 403, who
        assert TITLE not in page.text
        assert client.post(url, {"body": "Shall we merge it?"}).status_code == 403, who
        assert client.post(url, {"reasons": "Not ready"}).status_code == 403, who
        with pytest.raises(TransitionNotAllowed):
            discussion.post(draft, author=who, body="Shall we merge it?")
    assert not DiscussionMessage.objects.exists()
    assert not hasattr(draft, "discussion_closure")


def test_a_mention_of_someone_on_a_draft_notifies_nobody(draft, organizer):
    # The rule itself, for the notifications that ask it of each person mentioned.
    assert not may_discuss(organizer, draft)


def test_once_submitted_the_same_people_take_part(draft, organizer, expert, reviewer, client):
    draft.status = ProposalStatus.SUBMITTED
    draft.save(update_fields=["status"])
    url = reverse("coalitions:discussion", args=[draft.pk])
    for who in (organizer, expert, reviewer):
        client.force_login(who)
        page = client.get(url)
        assert page.status_code == 200 and TITLE in page.text
        assert client.post(url, {"body": f"Reading it, {who.email}"}).status_code == 302
    assert DiscussionMessage.objects.filter(proposal=draft).count() == 3


def test_a_deleted_proposal_is_no_ones_to_discuss(draft, organizer):
    draft.status = ProposalStatus.SUBMITTED
    draft.save(update_fields=["status"])
    assert may_discuss(organizer, draft)
    draft.deleted_at = draft.updated_at
    assert not may_discuss(organizer, draft)
