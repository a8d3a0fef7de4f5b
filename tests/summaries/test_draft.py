"""The draft page: compile, edit, reorder, export, download; and the compile_summary command."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from summaries.enums import ExportState
from summaries.models import SummaryDraft, SummaryEntry, SummaryExport
from tests.factories import TEST_PASSWORD
from tests.summaries.factories import ReportFactory, SessionFactory


def url(edition, name, *args):
    return reverse(f"summaries:{name}", args=[edition.slug, *args])


@pytest.fixture
def organizer_client(client, organizer):
    client.login(email=organizer.email, password=TEST_PASSWORD)
    return client


def test_outsiders_and_session_organizers_get_403(client, edition, session_organizer, outsider):
    ReportFactory(session=SessionFactory(edition=edition, organizers=[session_organizer]))
    for user in (outsider, session_organizer):
        client.login(email=user.email, password=TEST_PASSWORD)
        assert client.get(url(edition, "draft")).status_code == 403
        assert client.post(url(edition, "compile")).status_code == 403
        assert client.post(url(edition, "export"), {"format": "md"}).status_code == 403
        assert client.get(reverse("summaries:index")).status_code == 403
    assert not SummaryExport.objects.exists() and not SummaryEntry.objects.exists()


def test_compile_edit_reorder_and_leave_out(organizer_client, edition):
    for title in ("First", "Second", "Third"):
        ReportFactory(session=SessionFactory(edition=edition, title=title))
    organizer_client.post(url(edition, "compile"))
    entries = {e.title: e for e in SummaryEntry.objects.all()}
    assert len(entries) == 3
    organizer_client.post(
        url(edition, "draft"),
        {"title": "Co-Chairs' Summary", "introduction": "Intro.", "cross_cutting": "All."},
    )
    organizer_client.post(
        url(edition, "entry", entries["Second"].pk),
        {
            "title": "Second, edited",
            "key_messages": "New message",
            "recommendations": "",
            "next_steps": "",
        },
    )
    data = {f"position-{e.pk}": str(30 - i * 10) for i, e in enumerate(entries.values())}
    data |= {f"included-{e.pk}": "on" for t, e in entries.items() if t != "Third"}
    organizer_client.post(url(edition, "order"), data)
    organizer_client.post(url(edition, "compile"))  # recompiling keeps all of it
    page = organizer_client.get(url(edition, "draft")).content.decode()
    assert page.index("Second, edited") < page.index("First")
    draft = SummaryDraft.objects.get()
    assert draft.introduction == "Intro." and draft.reordered
    assert not SummaryEntry.objects.get(session__title="Third").included
    assert SummaryEntry.objects.get(session__title="Second").key_messages == "New message"


def test_bad_position_is_refused_without_a_500(organizer_client, edition):
    ReportFactory(session=SessionFactory(edition=edition))
    organizer_client.post(url(edition, "compile"))
    entry = SummaryEntry.objects.get()
    response = organizer_client.post(
        url(edition, "order"), {f"position-{entry.pk}": "abc"}, follow=True
    )
    assert b"Positions must be whole numbers." in response.content


def test_export_is_versioned_and_downloadable_by_organizers_only(
    organizer_client, client, edition, organizer, outsider, django_capture_on_commit_callbacks
):
    ReportFactory(session=SessionFactory(edition=edition, title="Exported session"))
    organizer_client.post(url(edition, "compile"))
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(url(edition, "export"), {"format": "docx", "confirmed": "on"})
        organizer_client.post(url(edition, "export"), {"format": "docx", "confirmed": "on"})
    exports = SummaryExport.objects.order_by("version")
    assert [(e.version, e.state, e.progress) for e in exports] == [
        (1, ExportState.DONE, 100),
        (2, ExportState.DONE, 100),
    ]
    assert exports[0].created_by == organizer and exports[0].finished_at
    response = organizer_client.get(reverse("summaries:download", args=[exports[1].pk]))
    assert response["Content-Disposition"].endswith('co-chairs-summary-test-conference-v2-en.docx"')
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert "Exported session" in [p.text for p in document.paragraphs]
    client.logout()
    client.login(email=outsider.email, password=TEST_PASSWORD)
    assert client.get(reverse("summaries:download", args=[exports[1].pk])).status_code == 403


def test_unfinished_export_shows_progress_and_refreshes(organizer_client, edition, organizer):
    SummaryExport.objects.create(
        edition=edition, format="pdf", version=1, state="running", progress=40, created_by=organizer
    )
    page = organizer_client.get(url(edition, "draft")).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Running · 40%" in page and 'aria-valuenow="40"' in page


def test_draft_page_runs_constant_queries(
    organizer_client, edition, organizer, django_assert_max_num_queries
):
    for count in (1, 6):
        while SummaryEntry.objects.count() < count:
            ReportFactory(session=SessionFactory(edition=edition))
            organizer_client.post(url(edition, "compile"))
        SummaryExport.objects.create(
            edition=edition, format="md", version=count, state="done", created_by=organizer
        )
        # session, user, groups, edition, draft, entries with sessions, exports with users,
        # the unread-notifications COUNT in the nav
        with django_assert_max_num_queries(9):
            response = organizer_client.get(url(edition, "draft"))
        assert response.content.count(b'name="position-') == count


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_compile_summary_command_writes_the_file(edition, tmp_path, fmt):
    ReportFactory(session=SessionFactory(edition=edition, title="From the command line"))
    out = tmp_path / f"summary.{fmt}"
    call_command(
        "compile_summary", edition.slug, "--format", fmt, "--output", str(out), stderr=io.StringIO()
    )
    data = out.read_bytes()
    if fmt == "md":
        assert "### From the command line" in data.decode()
    elif fmt == "docx":
        assert "From the command line" in [p.text for p in Document(io.BytesIO(data)).paragraphs]
    else:
        assert data.startswith(b"%PDF")


def test_compile_summary_command_rejects_an_unknown_edition(db, tmp_path):
    with pytest.raises(CommandError, match="no conference edition"):
        call_command(
            "compile_summary", "nope", "--format", "md", "--output", str(tmp_path / "x.md")
        )


def test_an_entry_saved_unchanged_is_not_marked_edited(organizer_client, edition):
    ReportFactory(session=SessionFactory(edition=edition, title="First"))
    organizer_client.post(url(edition, "compile"))
    entry = SummaryEntry.objects.get()
    SummaryEntry.objects.filter(pk=entry.pk).update(key_messages="One.\nTwo.")
    page = organizer_client.get(url(edition, "entry", entry.pk))
    form = page.context["form"]
    # What a browser sends back: every value as shown, line breaks as CRLF.
    data = {b.html_name: str(b.value() or "").replace("\n", "\r\n") for b in form}

    assert organizer_client.post(url(edition, "entry", entry.pk), data).status_code == 302

    entry.refresh_from_db()
    assert entry.key_messages == "One.\nTwo." and not entry.edited
