"""The late-report overview, the remind action and the scheduled reminders."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from impact.models import Notification
from summaries import workflow
from summaries.enums import ReportStatus
from summaries.models import Session
from summaries.tasks import remind_late_reports
from tests.factories import TEST_PASSWORD, EditionFactory, UserFactory
from tests.summaries.factories import ReportFactory, SessionFactory


@pytest.fixture
def past_edition(db):
    starts = timezone.localdate() - datetime.timedelta(days=10)
    return EditionFactory(
        slug="past", starts_on=starts, ends_on=starts + datetime.timedelta(days=1)
    )


def late_url(edition, name="late"):
    return reverse(f"summaries:{name}", args=[edition.slug])


def test_overview_lists_sessions_over_without_a_submitted_report(past_edition, session_organizer):
    no_report = SessionFactory(
        edition=past_edition, title="No report", organizers=[session_organizer]
    )
    draft = ReportFactory(
        session=SessionFactory(edition=past_edition, title="Draft"), status=ReportStatus.DRAFT
    ).session
    returned = ReportFactory(
        session=SessionFactory(edition=past_edition, title="Returned"), status=ReportStatus.RETURNED
    ).session
    ReportFactory(session=SessionFactory(edition=past_edition), status=ReportStatus.SUBMITTED)
    ReportFactory(session=SessionFactory(edition=past_edition), status=ReportStatus.ACCEPTED)
    SessionFactory(edition=past_edition, date=timezone.localdate() + datetime.timedelta(days=1))
    assert set(workflow.late_sessions(past_edition)) == {no_report, draft, returned}


def test_overview_page_runs_constant_queries(
    client, past_edition, organizer, django_assert_max_num_queries
):
    client.login(email=organizer.email, password=TEST_PASSWORD)
    for count in (1, 5):
        while Session.objects.count() < count:
            SessionFactory(edition=past_edition, organizers=[UserFactory()])
        # session, user, groups, edition, late sessions with reports, their organizers
        with django_assert_max_num_queries(7):
            response = client.get(late_url(past_edition))
        assert response.content.count(b'name="sessions"') == count


def test_outsider_and_session_organizer_cannot_see_or_remind(
    client, past_edition, session_organizer
):
    SessionFactory(edition=past_edition, organizers=[session_organizer])
    client.login(email=session_organizer.email, password=TEST_PASSWORD)
    assert client.get(late_url(past_edition)).status_code == 403
    assert client.post(late_url(past_edition, "remind"), {"all": "1"}).status_code == 403
    assert not Notification.objects.exists()
    client.logout()
    assert client.get(late_url(past_edition)).status_code == 302


def test_remind_action_queues_one_reminder_per_organizer_per_round(
    client, past_edition, organizer, session_organizer, django_capture_on_commit_callbacks
):
    late = SessionFactory(
        edition=past_edition, title="Late one", organizers=[session_organizer, UserFactory()]
    )
    other = SessionFactory(edition=past_edition, title="Other", organizers=[UserFactory()])
    client.login(email=organizer.email, password=TEST_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(late_url(past_edition, "remind"), {"session": late.pk}, follow=True)
    assert b"2 reminders queued." in response.content
    notes = Notification.objects.filter(kind="session_report_reminder")
    assert {n.recipient for n in notes.all()} == set(late.organizers.all())
    assert "Late one" in notes.first().subject
    late.refresh_from_db()
    assert late.last_reminded_at is not None
    # Again in the same round: nothing new (dedup key), and the page says so.
    response = client.post(late_url(past_edition, "remind"), {"session": late.pk}, follow=True)
    assert b"Nobody to remind" in response.content and notes.count() == 2
    # "Remind all" reaches the other session.
    client.post(late_url(past_edition, "remind"), {"all": "1"})
    assert notes.count() == 3 and notes.filter(recipient__in=other.organizers.all()).exists()


def test_scheduled_task_reminds_late_sessions_only(past_edition, session_organizer):
    SessionFactory(edition=past_edition, organizers=[session_organizer])
    done = ReportFactory(session=SessionFactory(edition=past_edition, organizers=[UserFactory()]))
    assert remind_late_reports.delay().get() == 1
    assert remind_late_reports.delay().get() == 0  # same round: deduplicated
    note = Notification.objects.get(kind="session_report_reminder")
    assert note.recipient == session_organizer
    assert not Notification.objects.filter(recipient__in=done.session.organizers.all()).exists()


def test_next_round_reminds_again(past_edition, session_organizer):
    session = SessionFactory(edition=past_edition, organizers=[session_organizer])
    now = timezone.now()
    assert workflow.remind([session], now=now) == 1
    later = now + datetime.timedelta(days=workflow.REMIND_EVERY_DAYS)
    assert workflow.remind([session], now=later) == 1
