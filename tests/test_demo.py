"""The whole demo, as `make run` loads it: idempotent, and every part connected."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from coalitions.enums import ProposalStatus, SuggestionStatus
from coalitions.models import Conflict, MergeSuggestion, Proposal, Reviewer
from coalitions.organizations.representatives import represented_by
from impact.demo import DEMO_PASSWORD
from impact.models import User
from summaries.models import Session

pytestmark = pytest.mark.django_db


def test_load_demo_twice_publishes_three_coalitions_linked_to_their_sessions():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Proposal.objects.count(), Session.objects.count(), Reviewer.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Proposal.objects.count(), Session.objects.count(), Reviewer.objects.count()) == counts

    published = Proposal.objects.published()
    assert sorted(p.public_slug for p in published) == [
        "a-un-that-listens-peoples-participation-in-global-governance",
        "fair-financing-for-sustainable-development",
        "just-institutions-and-the-international-court-of-justice",
    ]
    # Each went through the real workflow: review, shortlist, publish, all logged.
    for coalition in published:
        events = coalition.events.exclude(action="milestone_progress").order_by("created_at")
        actions = list(events.values_list("action", flat=True))
        assert actions[-3:] == ["start_review", "shortlist", "publish"]
    # One of them reported progress on a milestone (once, however often the demo loads).
    progress = [c.milestone_updates.count() for c in published]
    assert sorted(progress) == [0, 0, 1]
    coalition_sessions = Session.objects.filter(coalition__isnull=False)
    assert {s.coalition.status for s in coalition_sessions} == {ProposalStatus.PUBLISHED}
    assert coalition_sessions.count() == 2
    assert set(Reviewer.objects.values_list("user__email", flat=True)) == {
        "reviewer@demo.impact-hub.org",
        "expert@demo.impact-hub.org",
    }
    # Reviewers with themes and languages, and the expert with a declared conflict.
    assert all(r.themes.exists() and r.languages for r in Reviewer.objects.all())
    assert Conflict.objects.filter(user__email="expert@demo.impact-hub.org").count() == 1


def test_the_demo_hub_lists_the_coalitions(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    html = client.get("/coalitions/").content.decode()
    assert "Fair financing for sustainable development" in html
    assert "The future of drug policy" not in html  # submitted, not published


def test_the_demo_filer_acts_for_their_lead_organization(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    filer = User.objects.get(email="filer@demo.impact-hub.org")
    assert [o.name for o in represented_by(filer)] == ["Nairobi Centre for International Law"]
    client.force_login(filer)
    page = client.get("/dashboard/").content.decode()
    assert "Coalitions Nairobi Centre for International Law would help" in page


def test_a_newcomer_signing_in_as_the_organizer_finds_everything_to_try(client, settings):
    """The demo organizer lands on their start page, which shows a pair of similar proposals
    ready to merge, the portfolio below one of its targets and the review not yet assigned;
    the reviewers have declared themes, languages and (the expert) a conflict."""
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.post(
        reverse("account_login"),
        {"login": "organizer@demo.impact-hub.org", "password": DEMO_PASSWORD},
    )
    assert response["Location"] == reverse("summaries:start")
    html = client.get(response["Location"]).content.decode()
    assert "1 pair of similar proposals to look at" in html
    assert "Themes — Health: 0\u00a0% against a target of 20\u00a0%" in html
    assert "2 proposals await a decision; 2 of them assigned to nobody." in html
    assert "1 late report" in html
    # The pair: both open to review, so a merge can be proposed from either.
    pair = MergeSuggestion.objects.get(status=SuggestionStatus.OPEN)
    assert {pair.proposal_a.status, pair.proposal_b.status} == {ProposalStatus.SUBMITTED}
    assert pair.proposal_a.owner != pair.proposal_b.owner  # two leads to consent
    assert len(pair.shared_members) == 2
    # The reviewers of the matched assignment.
    for reviewer in Reviewer.objects.all():
        assert reviewer.themes.exists() and reviewer.languages
    assert Conflict.objects.filter(user__email="expert@demo.impact-hub.org").exists()
