"""Reviewers read the admin in their language: the criteria report's labels and hints, the
filters, the history and the counts."""

import pytest
from django.conf import settings
from django.urls import reverse

from coalitions import workflow
from coalitions.criteria_bridge import refresh_criteria
from coalitions.models import ProposalEvent
from tests.coalitions.review.review_helpers import fast_hashing, join, orgs, submitted  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
CHANGELIST = reverse("admin:coalitions_proposal_changelist")


@pytest.fixture
def french_reviewer(client, reviewer):
    join(reviewer)
    reviewer.language = "fr"
    reviewer.save()
    client.force_login(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return reviewer


def test_the_criteria_report_has_labels_not_keys(client, french_reviewer, organizer):
    proposal = submitted(members=orgs(2))
    refresh_criteria(proposal)
    workflow.start_review(proposal, actor=organizer)
    html = client.get(reverse("admin:coalitions_proposal_change", args=[proposal.pk])).content
    html = html.decode()
    assert "membres de la société civile" in html and "membres du Sud global" in html
    for key in ("csos", "min_global_south", "min_constituencies", "plan_words", "start_by"):
        assert f"{key}:" not in html
    assert "Ajoutez" in html  # the hints, evaluated again in French
    assert "examen commencé" in html and "start_review" not in html  # the history
    assert "in_review" not in html


def test_the_region_and_network_filters_are_translated(client, french_reviewer):
    submitted(members=orgs(1))
    html = client.get(CHANGELIST).content.decode()
    assert "Afrique" in html and ">Africa<" not in html
    assert "Sous-comité d&#x27;experts" in html or "Sous-comité d'experts" in html
    assert "Réseau mondial d" in html


def test_an_event_reads_as_labels():
    event = ProposalEvent(action="start_review", from_status="submitted", to_status="in_review")
    assert str(event) == "review started: Submitted → In review"
    assert str(ProposalEvent(action="custom", from_status="", to_status="x")) == "custom: — → x"


def test_a_count_of_one_is_singular(client, reviewer):
    proposal = submitted()
    client.force_login(reviewer)
    response = client.post(
        CHANGELIST,
        {
            "action": "shortlist_selected",
            "_selected_action": [proposal.pk],
            "apply": "1",
            "reason": "",
        },
        follow=True,
    )
    assert "1 proposal shortlisted." in response.content.decode()
