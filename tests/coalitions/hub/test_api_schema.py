"""The served JSON Schema of the open data, checked against real responses; and the anonymous
output with progress in it still carries no e-mail address and no draft."""

import datetime
import re

import jsonschema
import pytest
from django.utils import timezone

from coalitions.enums import Activity, MilestoneStatus, ProposalStatus
from coalitions.hub import progress
from tests.coalitions.hub.hubdata import published
from tests.factories import ContactFactory, ProposalFactory, WorkPlanItemFactory

pytestmark = pytest.mark.django_db

SCHEMA = "/api/coalitions/schema.json"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def three_states(edition, owner):
    """One coalition in each activity status, with progress reported on some milestones."""
    now = timezone.now()
    ages = {Activity.ACTIVE: 10, Activity.REPORT_DUE: 100, Activity.INACTIVE: 200}
    made = {}
    for status, days in ages.items():
        coalition = published(
            f"Coalition {status}",
            members=3,
            edition=edition,
            owner=owner,
            published_at=now - datetime.timedelta(days=days),
        )
        ContactFactory(proposal=coalition, email=f"{status}.contact@example.net")
        made[status] = coalition
    milestone = made[Activity.ACTIVE].work_plan.first()
    progress.report(milestone, actor=owner, status=MilestoneStatus.DONE, note="Held in Nairobi")
    undated = WorkPlanItemFactory(proposal=made[Activity.ACTIVE], date=None, title="Undated")
    assert undated.status == MilestoneStatus.PLANNED
    ProposalFactory(title="Secret draft", owner=owner, edition=edition)
    ProposalFactory(title="Declined idea", owner=owner, status=ProposalStatus.DECLINED)
    assert progress.refresh_all() == 2
    return made


def served_schema(client) -> dict:
    response = client.get(SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    schema = response.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validator(client) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        served_schema(client), format_checker=jsonschema.FormatChecker()
    )


def test_the_json_of_a_coalition_in_each_status_validates_against_the_served_schema(
    client, three_states
):
    check = validator(client)
    for status, coalition in three_states.items():
        data = client.get("/api/coalitions/", {"activity": status}).json()
        check.validate(data)
        [item] = data["results"]
        assert (item["slug"], item["activity"]) == (coalition.public_slug, status)
    data = client.get("/api/coalitions/").json()
    check.validate(data)
    active = next(c for c in data["results"] if c["activity"] == "active")
    statuses = {m["title"]: (m["status"], m["updated_at"]) for m in active["milestones"]}
    assert statuses["Undated"] == ("planned", None)
    done = [m for m in active["milestones"] if m["status"] == "done"]
    assert len(done) == 1 and done[0]["updated_at"] == active["last_report_at"]


def test_the_schema_rejects_what_the_api_must_never_send(client, three_states):
    check = validator(client)
    data = client.get("/api/coalitions/").json()
    for spoil in (
        lambda d: d["results"][0].update(activity="sleeping"),
        lambda d: d["results"][0]["milestones"][0].update(status="finished"),
        lambda d: d["results"][0]["members"][0].update(email="someone@example.org"),
        lambda d: d["results"][0].pop("activity"),
    ):
        spoiled = client.get("/api/coalitions/").json()
        spoil(spoiled)
        with pytest.raises(jsonschema.ValidationError):
            check.validate(spoiled)
    check.validate(data)


def test_anonymous_output_holds_no_email_address_and_no_draft(client, three_states):
    urls = ["/coalitions/", "/api/coalitions/", "/coalitions.csv", SCHEMA]
    urls += ["/coalitions/feed/", "/coalitions/feed/atom/", "/coalitions/?sort=activity"]
    for status, coalition in three_states.items():
        urls += [f"/coalitions/?activity={status}", f"/api/coalitions/?activity={status}"]
        urls += [f"/coalitions/{coalition.public_slug}/", f"/coalitions.csv?activity={status}"]
    for url in urls:
        body = client.get(url).content.decode()
        assert EMAIL.findall(body) == [], url
        assert "Secret draft" not in body and "Declined idea" not in body, url
    page = client.get(f"/coalitions/{three_states[Activity.ACTIVE].public_slug}/")
    assert "Held in Nairobi" in page.content.decode()


def test_the_csv_and_feeds_carry_the_activity(client, three_states):
    rows = client.get("/coalitions.csv").content.decode().splitlines()
    header = rows[0].split(",")
    assert header[-4:] == ["activity", "last_report_at", "milestones_done", "milestones"]
    assert sum("report_due" in row for row in rows[1:]) == 1
    rss = client.get("/coalitions/feed/?activity=inactive").content.decode()
    assert "Coalition inactive" in rss and "Coalition active" not in rss
    assert "Activity: Inactive." in rss and "<category>Inactive</category>" in rss
