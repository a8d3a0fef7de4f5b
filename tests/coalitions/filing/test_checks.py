"""The filing checks beside the criteria: milestones dated far from the conference and
members listed twice, in the checklist on the page and from the criteria API."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from coalitions.criteria import Member, WorkPlanItem
from coalitions.filing.checks import duplicate_member_warnings, milestone_warnings
from tests.coalitions.eoi_helpers import interchange_sample
from tests.factories import (
    OrganizationFactory,
    ProposalFactory,
    ProposalMemberFactory,
    WorkPlanItemFactory,
)

START, HORIZON = dt.date(2024, 5, 9), dt.date(2024, 9, 22)


def dated(*days):
    return [WorkPlanItem(date=d, title=f"Step {i}") for i, d in enumerate(days)]


def test_a_milestone_years_before_the_conference_is_questioned():
    found = milestone_warnings(dated(dt.date(2020, 5, 10)), starts_on=START, horizon=HORIZON)
    assert len(found) == 1 and "Step 0" in found[0] and "check the year" in found[0]


def test_milestones_around_the_conference_and_the_summit_are_fine():
    days = (dt.date(2023, 6, 1), dt.date(2024, 5, 10), dt.date(2026, 1, 1), None)
    assert milestone_warnings(dated(*days), starts_on=START, horizon=HORIZON) == []


def test_a_milestone_decades_after_the_horizon_is_questioned():
    found = milestone_warnings(dated(dt.date(2204, 9, 22)), starts_on=START, horizon=HORIZON)
    assert len(found) == 1 and "years after" in found[0]


def test_a_member_named_twice_in_any_case_is_flagged_once():
    members = [
        Member(name="Water Justice Kenya", sector="civil_society", country="KE"),
        Member(name="water  justice kenya", sector="civil_society", country="KE"),
        Member(name="Water Justice Kenya", sector="civil_society", country="KE"),
        Member(name="Water Justice Kenya", sector="civil_society", country="UG"),
    ]
    assert duplicate_member_warnings(members) == [
        "“water  justice kenya” is listed twice as a member."
    ]


@pytest.mark.django_db
def test_the_form_and_the_proposal_page_show_the_warnings(client, owner, edition):
    proposal = ProposalFactory(owner=owner, edition=edition)
    org = OrganizationFactory(name="Water Justice Kenya")
    ProposalMemberFactory(proposal=proposal, organization=org)
    WorkPlanItemFactory(
        proposal=proposal, title="Kick-off", date=edition.starts_on - dt.timedelta(days=4 * 365)
    )
    client.force_login(owner)
    for page in ("proposal-edit", "proposal-detail"):
        html = client.get(reverse(f"coalitions:{page}", args=[proposal.pk])).content.decode()
        assert 'data-testid="filing-warning"' in html and "Kick-off" in html, page


@pytest.mark.django_db
def test_the_criteria_api_returns_the_warnings_beside_the_report(client, edition):
    data = interchange_sample(work_plan=[{"date": "2020-05-10", "title": "Kick-off"}])
    data["members"].append(dict(data["members"][0]))
    response = client.post(
        reverse("coalitions:api-criteria-check"), json.dumps(data), "application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert {c["id"] for c in body["criteria"]} == {"C1", "C2", "C3", "C4"}
    assert len(body["warnings"]) == 2
    assert "listed twice" in body["warnings"][0] and "Kick-off" in body["warnings"][1]
