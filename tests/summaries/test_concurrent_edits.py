"""Two organizers on one page: the second save of a stale form is refused, keeps what they
typed, shows what changed and who saved it; saving again keeps both changes."""

import pytest
from django.urls import reverse

from summaries.enums import ReportStatus
from summaries.models import SessionReport, SummaryDraft, SummaryEntry
from tests.edit_helpers import as_opened, browser_of
from tests.factories import UserFactory
from tests.summaries.factories import ReportFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_leads(edition, session_organizer):
    other = UserFactory(email="co.lead@example.org", name="Corin Co-lead")
    session = SessionFactory(edition=edition, organizers=[session_organizer, other])
    return session, browser_of(session_organizer), browser_of(other)


def open_form(browser, url):
    response = browser.get(url)
    assert response.status_code == 200
    return as_opened(response.context["form"])


def test_second_save_of_a_session_report_is_refused_then_both_changes_are_kept(two_leads):
    session, first, second = two_leads
    ReportFactory(session=session, status=ReportStatus.DRAFT, key_messages="Original.")
    url = reverse("summaries:report", args=[session.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    assert first.post(url, {**mine, "key_messages": "Messages by the first."}).status_code == 302
    response = second.post(url, {**theirs, "recommendations": "Recommended by the second."})

    assert response.status_code == 409
    page = response.content.decode()
    assert "someone else saved this page" in page
    assert "Messages by the first." in page and "Sami Session" in page  # what and who
    form = response.context["form"]
    assert form.conflict.changes[0].key == "key_messages"
    assert not form.conflict.changes[0].conflict  # they did not touch it: taken in
    # Their own text is kept, the other's change is in the form, nothing saved meanwhile.
    assert form["recommendations"].value() == "Recommended by the second."
    assert form["key_messages"].value() == "Messages by the first."
    report = SessionReport.objects.get()
    assert report.recommendations != "Recommended by the second."

    assert second.post(url, as_opened(form)).status_code == 302
    report.refresh_from_db()
    assert report.key_messages == "Messages by the first."
    assert report.recommendations == "Recommended by the second."
    assert report.edit_version == 2


def test_both_change_the_same_field_the_refused_one_keeps_their_text(two_leads):
    session, first, second = two_leads
    ReportFactory(session=session, status=ReportStatus.DRAFT, key_messages="Original.")
    url = reverse("summaries:report", args=[session.pk])
    mine, theirs = open_form(first, url), open_form(second, url)
    first.post(url, {**mine, "key_messages": "First version."})
    response = second.post(url, {**theirs, "key_messages": "Second version."})
    assert response.status_code == 409
    change = response.context["form"].conflict.changes[0]
    assert change.conflict and change.current == "First version."
    assert response.context["form"]["key_messages"].value() == "Second version."
    assert SessionReport.objects.get().key_messages == "First version."


def test_two_first_reports_of_a_session_the_second_is_refused(two_leads):
    session, first, second = two_leads
    url = reverse("summaries:report", args=[session.pk])
    mine, theirs = open_form(first, url), open_form(second, url)
    assert first.post(url, {**mine, "key_messages": "From the first."}).status_code == 302
    response = second.post(url, {**theirs, "key_messages": "From the second."})
    assert response.status_code == 409
    assert response.context["form"]["key_messages"].value() == "From the second."
    assert SessionReport.objects.get().key_messages == "From the first."
    assert second.post(url, as_opened(response.context["form"])).status_code == 302
    assert SessionReport.objects.get().key_messages == "From the second."


def test_a_refused_submit_submits_nothing(two_leads):
    session, first, second = two_leads
    ReportFactory(session=session, status=ReportStatus.DRAFT)
    url = reverse("summaries:report", args=[session.pk])
    mine, theirs = open_form(first, url), open_form(second, url)
    first.post(url, {**mine, "next_steps": "Meet in June."})
    response = second.post(url, {**theirs, "action": "submit"})
    assert response.status_code == 409
    assert SessionReport.objects.get().status == ReportStatus.DRAFT


def test_a_returned_submission_error_keeps_the_new_version(two_leads):
    session, first, _second = two_leads
    ReportFactory(session=session, status=ReportStatus.DRAFT)
    url = reverse("summaries:report", args=[session.pk])
    data = {**open_form(first, url), "key_messages": "", "action": "submit"}
    response = first.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors
    # Saving the draft shown with the error is not refused as someone else's change.
    again = {**as_opened(response.context["form"]), "key_messages": "Now filled."}
    assert first.post(url, again).status_code == 302


@pytest.fixture
def two_organizers(organizer):
    from impact import roles

    other = UserFactory(
        email="second.organizer@example.org", groups=[roles.ORGANIZERS], is_staff=True
    )
    return browser_of(organizer), browser_of(other)


def test_the_summary_draft_refuses_a_stale_save(edition, two_organizers):
    first, second = two_organizers
    url = reverse("summaries:draft", args=[edition.slug])
    mine, theirs = open_form(first, url), open_form(second, url)
    assert first.post(url, {**mine, "introduction": "Intro by one."}).status_code == 302
    response = second.post(url, {**theirs, "cross_cutting": "Across by two."})
    assert response.status_code == 409
    assert [c.key for c in response.context["form"].conflict.changes] == ["introduction"]
    assert second.post(url, as_opened(response.context["form"])).status_code == 302
    draft = SummaryDraft.objects.get()
    assert (draft.introduction, draft.cross_cutting) == ("Intro by one.", "Across by two.")


def test_a_summary_entry_refuses_a_stale_save(edition, two_organizers):
    first, second = two_organizers
    ReportFactory(session=SessionFactory(edition=edition, title="Plenary"))
    first.post(reverse("summaries:compile", args=[edition.slug]))
    entry = SummaryEntry.objects.get()
    url = reverse("summaries:entry", args=[edition.slug, entry.pk])
    mine, theirs = open_form(first, url), open_form(second, url)
    first.post(url, {**mine, "title": "Opening plenary"})
    response = second.post(url, {**theirs, "next_steps": "Report back."})
    assert response.status_code == 409
    assert second.post(url, as_opened(response.context["form"])).status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.next_steps, entry.edited) == (
        "Opening plenary",
        "Report back.",
        True,
    )


def test_recompiling_makes_an_open_entry_form_stale(edition, two_organizers):
    first, _second = two_organizers
    report = ReportFactory(session=SessionFactory(edition=edition), key_messages="Old.")
    compile_url = reverse("summaries:compile", args=[edition.slug])
    first.post(compile_url)
    entry = SummaryEntry.objects.get()
    url = reverse("summaries:entry", args=[edition.slug, entry.pk])
    opened = open_form(first, url)
    SessionReport.objects.filter(pk=report.pk).update(key_messages="Corrected.")
    first.post(compile_url)
    response = first.post(url, {**opened, "next_steps": "Mine."})
    assert response.status_code == 409
    assert response.context["form"]["key_messages"].value() == "Corrected."
