"""The networks' discussion: who may read it (never a filer, never a conflict) and mentions
that notify once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitions.models import Assignment, Conflict, DiscussionClosure, DiscussionMessage
from impact.models import Notification
from tests.coalitions.review.review_helpers import fast_hashing, join, network, orgs, submitted  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


@pytest.fixture
def thread(reviewer, expert, owner):
    proposal = submitted(owner=owner)
    join(reviewer)
    join(expert, "expert-sub-committee")
    Assignment.objects.create(proposal=proposal, network=network(), reviewer=reviewer)
    return proposal


def test_filers_conflicted_and_unassigned_reviewers_get_403(
    thread, owner, coeditor, outsider, client
):
    from impact import roles

    thread.editors.add(coeditor)
    from django.contrib.auth.models import Group

    conflicted, unassigned = UserFactory(), UserFactory()
    group = Group.objects.get(name=roles.NETWORK_REVIEWERS)
    org = orgs(1)[0]
    for u in (conflicted, unassigned, owner):
        u.groups.add(group)
        join(u)
    join(unassigned, "regional-networks")  # another network: not assigned
    Assignment.objects.create(proposal=thread, network=network(), reviewer=conflicted)
    Conflict.objects.create(user=conflicted, organization=org, reason="I advise them")
    thread.members.create(organization=org)
    url = reverse("coalitions:discussion", args=[thread.pk])
    # The owner is a reviewer too, and assigned through the network: still a filer.
    Assignment.objects.create(proposal=thread, network=network())
    for who in (owner, coeditor, outsider, conflicted, unassigned):
        client.force_login(who)
        assert client.get(url).status_code == 403, who
        assert client.post(url, {"body": "hello"}).status_code == 403, who
    assert not DiscussionMessage.objects.exists()
    client.logout()
    assert client.get(url).status_code == 302  # to the log-in page


def test_a_mention_notifies_once(thread, reviewer, expert, organizer, owner, client):
    url = reverse("coalitions:discussion", args=[thread.pk])
    client.force_login(reviewer)
    body = f"@{expert.email} what do you think? @{expert.email.upper()} and @{owner.email}"
    page = client.post(url, {"body": body}, follow=True)
    assert page.status_code == 200 and "what do you think?" in page.text
    mentions = Notification.objects.filter(kind="discussion_mention")
    # The expert once (mentioned twice); never the filer, who may not read the thread.
    assert list(mentions.values_list("recipient", flat=True)) == [expert.pk]
    client.force_login(organizer)
    empty = client.post(url, {"body": "  "})
    assert empty.status_code == 400
    client.post(url, {"body": f"Agreed, @{reviewer.email}."})
    assert mentions.filter(recipient=reviewer).count() == 1
    client.force_login(expert)
    page = client.get(url)
    assert (
        "Where the networks stand:" in page.text
        and page.text.count('<li class="border-bottom') == 2
    )


def test_the_thread_runs_a_constant_number_of_queries(
    thread, reviewer, expert, client, django_assert_max_num_queries
):
    url = reverse("coalitions:discussion", args=[thread.pk])
    client.force_login(expert)
    client.get(url)  # the roles and the unread count cached by a first page
    counts = []
    for messages in (1, 3):
        while DiscussionMessage.objects.count() < messages:
            DiscussionMessage.objects.create(proposal=thread, author=reviewer, body="Un avis.")
        # The user (session and roles come from the cache), the proposal, may_discuss (one of
        # its editors? a conflict? the reviewer profile), whether it is closed, the networks and
        # the reviews for the standing, the unread count, the messages with their authors: 10,
        # for 1 or 3 messages.
        with django_assert_max_num_queries(10) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_organizers_close_the_thread_with_the_decision_reasons(thread, reviewer, organizer, client):
    url = reverse("coalitions:discussion", args=[thread.pk])
    client.force_login(reviewer)
    assert "Close the discussion" not in client.get(url).text
    assert client.post(url, {"reasons": "Strong and diverse."}).status_code == 403
    client.force_login(organizer)
    empty = client.post(url, {"reasons": ""})
    assert empty.status_code == 400 and "This field is required." in empty.text
    client.post(url, {"reasons": "Strong, diverse, and ready to work with Member States."})
    closure = DiscussionClosure.objects.get(proposal=thread)
    assert (closure.closed_by, closure.reasons) == (
        organizer,
        "Strong, diverse, and ready to work with Member States.",
    )
    client.force_login(reviewer)
    page = client.get(url)
    assert "ready to work with Member States" in page.text and 'name="body"' not in page.text
    assert client.post(url, {"body": "One more thing"}).status_code == 400
    assert not DiscussionMessage.objects.filter(body="One more thing").exists()
