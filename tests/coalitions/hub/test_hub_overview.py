"""The organizers' overview of coalitions' progress: access, figures and CSV."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from coalitions.enums import MilestoneStatus
from coalitions.hub import progress
from tests.coalitions.hub.hubdata import published
from tests.factories import WorkPlanItemFactory

pytestmark = pytest.mark.django_db

URL = "/organizers/coalitions/"


@pytest.fixture
def coalitions(edition, owner):
    now = timezone.now()
    fresh = published("Fresh coalition", edition=edition, owner=owner, milestones=0)
    stale = published(
        "=Stale coalition",
        edition=edition,
        owner=owner,
        milestones=0,
        published_at=now - datetime.timedelta(days=200),
    )
    march = datetime.date(2031, 3, 10)
    for status in (MilestoneStatus.DONE, MilestoneStatus.PLANNED, MilestoneStatus.DROPPED):
        WorkPlanItemFactory(proposal=fresh, date=march, status=status)
    WorkPlanItemFactory(proposal=stale, date=march.replace(month=4), status="in_progress")
    progress.refresh_all()
    return fresh, stale


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_organizers_see_coalitions_by_activity_and_milestones_by_month(
    client, organizer, coalitions
):
    client.force_login(organizer)
    html = client.get(URL).content.decode()
    assert 'data-testid="count-active">1<' in html
    assert 'data-testid="count-inactive">1<' in html
    assert 'data-testid="count-report_due">0<' in html
    assert "1 of 3 milestones done" in html
    assert "March 2031" in html and "April 2031" in html


def test_the_months_csv_counts_done_against_planned(client, organizer, coalitions):
    client.force_login(organizer)
    rows = read_csv(client.get(URL + "months.csv"))
    assert rows == [
        ["month", "planned", "done", "in_progress", "dropped"],
        ["2031-03", "2", "1", "0", "1"],
        ["2031-04", "1", "0", "1", "0"],
    ]


def test_the_coalitions_csv_neutralizes_formulas(client, organizer, coalitions, edition):
    client.force_login(organizer)
    response = client.get(URL + "coalitions.csv", {"edition": edition.slug})
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0][:5] == ["slug", "title", "edition", "activity", "last_report_at"]
    titles = {row[1]: row for row in rows[1:]}
    assert titles["'=Stale coalition"][3] == "inactive"
    assert titles["Fresh coalition"][5:] == ["3", "1", "0", "1", "1"]


def test_outsiders_and_reviewers_get_403_and_anonymous_visitors_sign_in(
    client, outsider, reviewer, coalitions
):
    assert "/accounts/login/" in client.get(URL)["Location"]
    for person in (outsider, reviewer):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.get(URL + "months.csv").status_code == 403


def test_unknown_tables_and_editions_are_404(client, organizer, coalitions):
    client.force_login(organizer)
    assert client.get(URL + "secrets.csv").status_code == 404
    assert client.get(URL, {"edition": "no-such-edition"}).status_code == 404
