"""Session reports: who may see and edit them, word limits, submit / accept / return."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from impact.models import Notification
from summaries import workflow
from summaries.enums import ReportStatus
from summaries.models import SessionReport
from tests.factories import TEST_PASSWORD
from tests.summaries.factories import ReportFactory, SessionFactory

GOOD = {
    "key_messages": "One clear message.",
    "recommendations": "Do this.",
    "next_steps": "Meet again.",
    "attendance": "40",
    "links": "https://example.org/recording",
}


@pytest.fixture
def session(edition, session_organizer):
    return SessionFactory(
        edition=edition, title="Workshop on civic space", organizers=[session_organizer]
    )


def url(session, name="report"):
    return reverse(f"summaries:{name}", args=[session.pk])


def as_user(client, user):
    client.login(email=user.email, password=TEST_PASSWORD)
    return client


# --- who may see and edit ------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, session):
    response = client.get(url(session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(url(session), GOOD)
    assert response.status_code == 302 and not SessionReport.objects.exists()


def test_outsider_gets_404_and_changes_nothing(client, session, outsider):
    ReportFactory(session=session, status=ReportStatus.SUBMITTED, key_messages="Secret.")
    as_user(client, outsider)
    assert client.get(url(session)).status_code == 404
    assert client.post(url(session), GOOD).status_code == 404
    assert client.post(url(session, "report-accept")).status_code == 404
    assert client.post(url(session, "report-return"), {"comment": "x"}).status_code == 404
    report = SessionReport.objects.get()
    assert report.key_messages == "Secret." and report.status == ReportStatus.SUBMITTED


def test_reviewer_who_is_not_an_organizer_gets_404(client, session, reviewer):
    as_user(client, reviewer)
    assert client.get(url(session)).status_code == 404


def test_session_organizer_saves_a_draft_then_submits(client, session, session_organizer):
    as_user(client, session_organizer)
    page = client.get(url(session))
    assert page.status_code == 200 and b"0 / 300 words" in page.content
    response = client.post(url(session), {**GOOD, "action": "save"})
    assert response.status_code == 302
    report = SessionReport.objects.get(session=session)
    assert report.status == ReportStatus.DRAFT and report.attendance == 40
    client.post(url(session), {**GOOD, "action": "submit"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == session_organizer


def test_submitted_report_is_locked_for_the_session_organizer(client, session, session_organizer):
    ReportFactory(session=session, status=ReportStatus.SUBMITTED, key_messages="Sent.")
    as_user(client, session_organizer)
    page = client.get(url(session))
    assert page.status_code == 200 and b"Sent." in page.content and b"<textarea" not in page.content
    assert client.post(url(session), {**GOOD, "action": "save"}).status_code == 403
    assert SessionReport.objects.get().key_messages == "Sent."


def test_session_organizer_cannot_accept_their_own_report(client, session, session_organizer):
    ReportFactory(session=session, status=ReportStatus.SUBMITTED)
    as_user(client, session_organizer)
    assert client.post(url(session, "report-accept")).status_code == 403
    assert SessionReport.objects.get().status == ReportStatus.SUBMITTED


def test_conference_organizer_sees_edits_and_accepts(client, session, organizer, session_organizer):
    ReportFactory(session=session, status=ReportStatus.SUBMITTED)
    as_user(client, organizer)
    assert client.get(url(session)).status_code == 200
    client.post(url(session, "report-accept"))
    report = SessionReport.objects.get()
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == organizer
    note = Notification.objects.get(kind="session_report_accepted")
    assert note.recipient == session_organizer and "Workshop on civic space" in note.subject


def test_return_needs_a_comment_and_tells_the_session(client, session, organizer):
    ReportFactory(session=session, status=ReportStatus.SUBMITTED)
    as_user(client, organizer)
    response = client.post(url(session, "report-return"), {"comment": "  "})
    assert response.status_code == 400 and b"This field is required" in response.content
    assert SessionReport.objects.get().status == ReportStatus.SUBMITTED
    client.post(url(session, "report-return"), {"comment": 'Add the <next> steps & "links".'})
    report = SessionReport.objects.get()
    assert report.status == ReportStatus.RETURNED
    body = Notification.objects.get(kind="session_report_returned").body_text
    assert 'Add the <next> steps & "links".' in body  # plain text mail: not HTML-escaped


# --- word limits ----------------------------------------------------------------------------


def test_word_limit_is_enforced_on_save_and_nothing_typed_is_lost(
    client, session, session_organizer
):
    as_user(client, session_organizer)
    too_long = "word " * 301
    response = client.post(url(session), {**GOOD, "key_messages": too_long, "action": "save"})
    assert response.status_code == 200
    assert b"Keep this to 300 words or fewer (it has 301)." in response.content
    assert b"301 / 300 words" in response.content
    assert b"Do this." in response.content  # the other fields are kept
    assert not SessionReport.objects.exists()


def test_word_limit_is_enforced_by_the_model_too(session):
    report = SessionReport(session=session, recommendations="w " * 201, key_messages="ok")
    with pytest.raises(ValidationError) as exc:
        report.full_clean()
    assert "recommendations" in exc.value.message_dict


def test_submit_refuses_a_report_without_key_messages(client, session, session_organizer):
    as_user(client, session_organizer)
    response = client.post(url(session), {**GOOD, "key_messages": "", "action": "submit"})
    assert b"Write the key messages before submitting." in response.content
    assert SessionReport.objects.get().status == ReportStatus.DRAFT


def test_bad_links_are_refused_next_to_the_field(client, session, session_organizer):
    as_user(client, session_organizer)
    response = client.post(url(session), {**GOOD, "links": "not a link", "action": "save"})
    assert "is not a web address" in response.content.decode()


def test_accept_only_from_submitted(session, organizer):
    report = ReportFactory(session=session, status=ReportStatus.DRAFT)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.accept(report, actor=organizer)


# --- my sessions ----------------------------------------------------------------------------


def test_my_sessions_lists_only_mine_in_constant_queries(
    client, edition, session_organizer, outsider, django_assert_max_num_queries
):
    as_user(client, session_organizer)
    SessionFactory(edition=edition, title="Someone else's", organizers=[outsider])
    for count in (1, 4):
        while edition.sessions.filter(organizers=session_organizer).count() < count:
            ReportFactory(session=SessionFactory(edition=edition, organizers=[session_organizer]))
        # session + user + groups (nav), sessions with edition and report, their organizers
        with django_assert_max_num_queries(6):
            response = client.get(reverse("summaries:my-sessions"))
        assert response.content.count(b'data-testid="status"') == count
    assert b"Someone else" not in response.content
