"""The portfolio's "Shortlist the ticked candidates" holds the letters under a release group,
as the admin's Shortlist can, or sends them now: a choice made without JavaScript."""

import pytest
from django.urls import reverse

from coalitions.enums import ProposalStatus
from coalitions.models import Proposal
from impact.models import Notification
from tests.coalitions.review.review_helpers import fast_hashing, submitted  # noqa: F401
from tests.factories import EditionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
URL = reverse("coalitions:portfolio")


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def candidates(edition, owner):
    return [
        submitted(owner=owner, title="Southern voices", edition=edition),
        submitted(title="Andes", edition=edition),
    ]


def states(proposals) -> set[tuple[str, str]]:
    rows = Notification.objects.filter(context__proposal__pk__in=[p.pk for p in proposals])
    return set(rows.values_list("state", "hold_key"))


def test_the_page_offers_to_hold_the_letters_under_a_group_named_after_the_edition(
    client, organizer, edition, candidates
):
    client.force_login(organizer)
    html = client.get(URL).content.decode()
    assert 'name="letters" value="hold"' in html and 'name="letters" value="now"' in html
    hold = html.split('value="hold"')[1].split(">")[0]
    assert "checked" in hold  # holding is what the page offers first
    assert 'name="hold_key" id="id_hold_key" value="test-conference-decisions"' in html


def test_shortlisting_with_held_letters_keeps_them_and_the_filers_see_in_review(
    client, organizer, owner, edition, candidates
):
    client.force_login(organizer)
    ticked = [p.pk for p in candidates]
    data = {"edition": edition.slug, "tick": ticked, "do": "shortlist"}
    done = client.post(URL, {**data, "letters": "hold", "hold_key": "final-round"})
    assert done.status_code == 302
    assert set(Proposal.objects.filter(pk__in=ticked).values_list("status", flat=True)) == {
        ProposalStatus.SHORTLISTED
    }
    assert states(candidates) == {("held", "final-round")}
    after = client.get(done["Location"]).content.decode()
    assert "2 proposals shortlisted; their letters are held in “final-round”" in after
    # The group just used is offered next time.
    assert 'name="hold_key" id="id_hold_key" value="final-round"' in after
    client.force_login(owner)
    page = client.get(reverse("coalitions:proposal-detail", args=[candidates[0].pk]))
    assert 'data-testid="status">In review<' in page.content.decode()


def test_shortlisting_with_the_letters_sent_now_sends_them(client, expert, edition, candidates):
    client.force_login(expert)
    data = {"edition": edition.slug, "tick": [candidates[0].pk], "do": "shortlist"}
    client.post(URL, {**data, "letters": "now", "hold_key": "ignored"})
    assert {state for state, _key in states(candidates[:1])} <= {"pending", "sent"}
    assert Proposal.objects.get(pk=candidates[0].pk).decision_held == ""


@pytest.mark.parametrize("key", ["", "not a slug!"])
def test_a_hold_without_a_valid_group_says_so_and_changes_nothing(
    client, organizer, edition, candidates, key
):
    client.force_login(organizer)
    data = {"edition": edition.slug, "tick": [candidates[0].pk], "do": "shortlist"}
    response = client.post(URL, {**data, "letters": "hold", "hold_key": key})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="hold-key-error"' in html
    assert f'name="tick" value="{candidates[0].pk}" id="tick-{candidates[0].pk}" checked' in html
    assert Proposal.objects.get(pk=candidates[0].pk).status == ProposalStatus.SUBMITTED
    assert not Notification.objects.exists()


def test_outsiders_cannot_shortlist_or_hold(client, reviewer, owner, edition, candidates):
    for who in (reviewer, owner):
        client.force_login(who)
        data = {"tick": [candidates[0].pk], "do": "shortlist", "letters": "hold"}
        assert client.post(URL, {**data, "hold_key": "x"}).status_code == 403
    assert Proposal.objects.get(pk=candidates[0].pk).status == ProposalStatus.SUBMITTED
