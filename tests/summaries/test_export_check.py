"""The check before export: what a secretariat must fix before publishing the summary, on the
draft page (export then asks for a confirmation) and in `compile_summary`'s output."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from impact.models import ConferenceEdition
from summaries.checks import export_problems
from summaries.enums import ReportStatus
from summaries.models import Participant, SummaryExport
from tests.summaries.factories import ReportFactory, SessionFactory

pytestmark = pytest.mark.django_db


def moderated(session):
    Participant.objects.create(session=session, role="moderator", name="Nadia Benali")
    return session


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def test_each_problem_is_listed_once_for_its_session(edition):
    fine = moderated(SessionFactory(edition=edition, title="Fine"))
    ReportFactory(session=fine)
    old = moderated(SessionFactory(edition=edition, title="Old", date=datetime.date(2021, 5, 9)))
    ReportFactory(session=old)
    tbc = moderated(SessionFactory(edition=edition, title="TBC", times_to_be_confirmed=True))
    ReportFactory(session=tbc)
    late = moderated(SessionFactory(edition=edition, title="Late"))
    ReportFactory(session=late, status=ReportStatus.SUBMITTED)
    ReportFactory(session=SessionFactory(edition=edition, title="Alone"))

    during = edition.ends_on
    found = {(p.title, p.message) for p in export_problems(edition, today=during)}
    assert found == {
        (
            "Old",
            f"Dated 9 May 2021, outside the edition ({_long(edition.starts_on)} to "
            f"{_long(edition.ends_on)}).",
        ),
        ("Late", "Its report is not accepted: the summary leaves the session out."),
        ("Alone", "No moderator is named."),
    }
    # Once the event is over, "to be confirmed" times are a problem too.
    after = edition.ends_on + datetime.timedelta(days=1)
    titles = [p.title for p in export_problems(edition, today=after)]
    assert "TBC" in titles and "Fine" not in titles


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_the_draft_page_lists_the_problems_and_export_asks_for_a_confirmation(
    organizer_client, edition
):
    ReportFactory(session=SessionFactory(edition=edition, title="Without moderator"))
    draft = reverse("summaries:draft", args=[edition.slug])
    body = organizer_client.get(draft).content.decode()
    assert "Without moderator</a>: No moderator is named." in body

    export = reverse("summaries:export", args=[edition.slug])
    response = organizer_client.post(export, {"format": "md"}, follow=True)
    assert "The check before export lists problems" in response.content.decode()
    assert not SummaryExport.objects.exists()
    organizer_client.post(export, {"format": "md", "confirmed": "on"})
    assert SummaryExport.objects.count() == 1


def test_a_clean_edition_exports_without_confirmation(organizer_client, edition):
    ReportFactory(session=moderated(SessionFactory(edition=edition)))
    body = organizer_client.get(reverse("summaries:draft", args=[edition.slug])).content
    assert b"The check before export found no problem." in body
    organizer_client.post(reverse("summaries:export", args=[edition.slug]), {"format": "md"})
    assert SummaryExport.objects.count() == 1


def test_outsiders_cannot_export_even_confirmed(client, outsider, edition):
    client.force_login(outsider)
    url = reverse("summaries:export", args=[edition.slug])
    assert client.post(url, {"format": "md", "confirmed": "on"}).status_code == 403
    assert not SummaryExport.objects.exists()


def test_compile_summary_of_the_demo_lists_a_2021_session(tmp_path):
    with open(tmp_path / "demo.txt", "w") as out:
        call_command("load_demo", stdout=out)
    edition = ConferenceEdition.objects.get(slug="un-csc-2024")
    ReportFactory(
        session=moderated(
            SessionFactory(
                edition=edition, title="A 2021 side event", date=datetime.date(2021, 9, 1)
            )
        )
    )
    err = io.StringIO()
    call_command(
        "compile_summary",
        edition.slug,
        "--format",
        "md",
        "--output",
        str(tmp_path / "s.md"),
        stderr=err,
    )
    lines = err.getvalue().splitlines()
    assert any(line.startswith("Check before publishing:") for line in lines)
    assert (
        "- A 2021 side event: Dated 1 September 2021, outside the edition "
        "(9 May 2024 to 10 May 2024)." in lines
    )


def chosen_language(body: str) -> list[str]:
    """The options selected in the export's language menu (not the site's)."""
    menu = re.search(r'data-testid="export-language">(.*?)</select>', body, re.S)
    assert menu
    return re.findall(r'<option value="(\w*)" selected>', menu.group(1))


@pytest.mark.parametrize("language, fmt", [("fr", "pdf"), ("es", "docx")])
def test_the_check_sends_back_with_the_language_and_format_still_chosen(
    organizer_client, edition, language, fmt
):
    ReportFactory(session=SessionFactory(edition=edition, title="Without moderator"))
    export = reverse("summaries:export", args=[edition.slug])
    response = organizer_client.post(export, {"format": fmt, "language": language}, follow=True)
    assert not SummaryExport.objects.exists()
    body = response.content.decode()
    # The page is in English; the document's language menu still says the one chosen.
    selected = chosen_language(body)
    assert selected == [language]
    assert re.search(rf'value="{fmt}" data-testid="export-{fmt}" data-chosen>', body)
    # Ticking "Export anyway" sends the menu's choice: the export is in that language.
    organizer_client.post(export, {"format": fmt, "language": selected[0], "confirmed": "on"})
    job = SummaryExport.objects.get()
    assert (job.language, job.format) == (language, fmt)


def test_without_a_choice_the_menu_says_the_readers_language(organizer_client, edition):
    body = organizer_client.get(
        reverse("summaries:draft", args=[edition.slug]) + "?language=xx&format=exe",
        headers={"Accept-Language": "es"},
    ).content.decode()
    assert chosen_language(body) == ["es"]
    assert "data-chosen" not in body
