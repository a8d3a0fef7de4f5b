"""A coalition through time: active, report due, inactive, active again; reminders once each."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from coalitions.enums import Activity, MilestoneStatus
from coalitions.hub import activity, progress
from coalitions.hub.progress_reminders import (
    progress_reminders,
    send_milestone_reminders,
    send_report_due_reminders,
)
from impact.models import Notification
from tests.coalitions.hub.hubdata import published
from tests.factories import UserFactory, WorkPlanItemFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 1, 6, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("age_days", "expected"),
    [(0, "active"), (89, "active"), (90, "report_due"), (179, "report_due"), (180, "inactive")],
)
def test_activity_follows_the_age_of_the_last_report(age_days, expected):
    state = activity.assess(
        published_at=START - 400 * DAY,
        last_report_at=START - age_days * DAY,
        interval_days=90,
        now=START,
    )
    assert state.status == expected
    assert state.due_at == START + (90 - age_days) * DAY


def test_without_a_report_the_clock_starts_at_publication():
    state = activity.assess(
        published_at=START - 10 * DAY, last_report_at=None, interval_days=7, now=START
    )
    assert state.status == Activity.REPORT_DUE and state.inactive_at == START + 4 * DAY


def hub_badges(client, **params) -> str:
    return client.get("/coalitions/", params).content.decode()


def test_a_coalition_walks_through_time(client, edition, owner):
    french = UserFactory(email="responsable@example.org", name="Rose", language="fr")
    spanish = UserFactory(email="lider@example.org", name="Luz", language="es")
    with time_machine.travel(START, tick=False) as clock:
        edition.reporting_interval_days = 30
        edition.save()
        coalition = published("Water commons", edition=edition, owner=owner, milestones=0)
        coalition.editors.add(french, spanish)
        milestone = WorkPlanItemFactory(proposal=coalition, date=timezone.localdate() + 200 * DAY)
        assert progress.refresh_all() == 0
        assert "Activity: Active" in hub_badges(client)

        clock.shift(31 * DAY)  # past the interval: a report is due
        assert progress.refresh_all() == 1
        coalition.refresh_from_db()
        assert coalition.activity == Activity.REPORT_DUE
        html = hub_badges(client, activity="report_due")
        assert "Water commons" in html and "Activity: Report due" in html
        assert "Water commons" not in hub_badges(client, activity="active")
        assert send_report_due_reminders() == 3  # owner and both co-editors
        assert send_report_due_reminders() == 0  # run twice, sent once
        sent = {n.email: n for n in Notification.objects.filter(kind="report_due")}
        assert "rapport" in sent["responsable@example.org"].subject.lower()
        assert "informe" in sent["lider@example.org"].subject.lower()
        assert sent["responsable@example.org"].language == "fr"

        clock.shift(30 * DAY)  # twice past it: inactive, and no second reminder for that due day
        assert progress.refresh_all() == 1
        assert "Activity: Inactive" in hub_badges(client)
        assert progress_reminders() == 0
        assert Notification.objects.filter(kind="report_due").count() == 3

        progress.report(milestone, actor=french, status=MilestoneStatus.IN_PROGRESS, note="Go")
        coalition.refresh_from_db()
        assert coalition.activity == Activity.ACTIVE
        assert coalition.last_report_at == timezone.now()
        assert "Activity: Active" in hub_badges(client)  # the cached list was dropped
        assert progress.refresh_all() == 0

        clock.shift(31 * DAY)  # a new cycle: due again, reminded again (once)
        assert progress.refresh_all() == 1
        assert progress_reminders() == 3
        assert progress_reminders() == 0
        assert Notification.objects.filter(kind="report_due").count() == 6


def test_posting_an_update_counts_as_a_report(edition, owner):
    from coalitions.hub import coalitions as hub

    with time_machine.travel(START, tick=False) as clock:
        coalition = published("Water commons", edition=edition, owner=owner)
        clock.shift(200 * DAY)
        progress.refresh_all()
        coalition.refresh_from_db()
        assert coalition.activity == Activity.INACTIVE
        hub.post_update(coalition, actor=owner, body="We met the Permanent Missions.")
        coalition.refresh_from_db()
        assert coalition.activity == Activity.ACTIVE
        assert coalition.last_report_at == timezone.now()


def test_leads_are_reminded_once_when_a_milestones_date_passes(edition, owner, coeditor):
    coeditor.language = "es"
    coeditor.save()
    with time_machine.travel(START, tick=False) as clock:
        coalition = published("Water commons", edition=edition, owner=owner, milestones=0)
        coalition.editors.add(coeditor)
        today = timezone.localdate()
        kickoff = WorkPlanItemFactory(proposal=coalition, date=today + 10 * DAY, title="Kick-off")
        WorkPlanItemFactory(proposal=coalition, date=today + 40 * DAY, title="Dialogue")
        assert send_milestone_reminders() == 0  # nothing past its date yet

        clock.shift(11 * DAY)
        assert send_milestone_reminders() == 2  # the kick-off, to each lead
        assert send_milestone_reminders() == 0
        rows = Notification.objects.filter(kind="milestone_overdue")
        assert {r.email for r in rows} == {owner.email, coeditor.email}
        assert "Kick-off" in rows.get(email=coeditor.email).subject
        assert rows.get(email=coeditor.email).language == "es"

        progress.report(kickoff, actor=owner, status=MilestoneStatus.DONE, note="Held")
        clock.shift(40 * DAY)  # the kick-off is answered; the dialogue is now past its date
        assert send_milestone_reminders() == 2
        assert set(rows.values_list("dedup_key", flat=True)) == {
            f"milestone_overdue:{m.pk}:{m.date}:{u.pk}"
            for m in coalition.work_plan.all()
            for u in (owner, coeditor)
        }


def test_done_and_dropped_milestones_and_drafts_are_never_reminded(edition, owner):
    from tests.factories import ProposalFactory

    with time_machine.travel(START, tick=False) as clock:
        coalition = published("Water commons", edition=edition, owner=owner, milestones=0)
        today = timezone.localdate()
        for status in (MilestoneStatus.DONE, MilestoneStatus.DROPPED):
            WorkPlanItemFactory(proposal=coalition, date=today + DAY, status=status)
        draft = ProposalFactory(edition=edition, owner=owner)
        WorkPlanItemFactory(proposal=draft, date=today + DAY)
        clock.shift(400 * DAY)
        assert send_milestone_reminders() == 0


def test_the_list_by_activity_runs_a_constant_number_of_queries(
    client, edition, owner, outsider, django_assert_max_num_queries
):
    from coalitions.hub import cache as hub_cache

    client.force_login(outsider)  # signed in: the page is built, so its queries are measured
    url = "/coalitions/?activity=report_due&sort=activity"
    made = 0
    for count in (1, 30):
        for _ in range(count - made):
            published(
                edition=edition,
                owner=owner,
                members=5,
                published_at=timezone.now() - 100 * DAY,
            )
        made = count
        progress.refresh_all()
        hub_cache.invalidate()
        # Queries: count, page, themes, members (organization, region, sector), the filter
        # form's four reference lists; session, user, the user's groups, the unread COUNT.
        with django_assert_max_num_queries(12):
            response = client.get(url)
        html = response.content.decode()
        assert html.count("Activity: Report due") == min(count, 20)


def test_beat_refreshes_activity_and_sends_progress_reminders_daily(settings, edition, owner):
    from coalitions.hub.progress_reminders import refresh_activity

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"coalitions.refresh_activity", "coalitions.progress_reminders"} <= scheduled
    with time_machine.travel(START, tick=False) as clock:
        coalition = published("Water commons", edition=edition, owner=owner)
        clock.shift(100 * DAY)
        assert refresh_activity() == 1  # the task run by beat
        assert refresh_activity() == 0
    coalition.refresh_from_db()
    assert coalition.activity == Activity.REPORT_DUE
