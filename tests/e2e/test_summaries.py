"""A session organizer submits a report; a conference organizer accepts it, compiles the
Co-Chairs' Summary and downloads it as DOCX and PDF. Screenshots: the late-report overview and
the first page of the PDF."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from summaries.enums import ReportStatus, SessionFormat, SessionKind
from tests.conftest import ARTIFACTS, login, screenshot
from tests.factories import EditionFactory, UserFactory
from tests.summaries.factories import ReportFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "Small organizations need predictable access to UN meetings."


@pytest.fixture
def programme(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    starts = timezone.localdate() - datetime.timedelta(days=5)
    edition = EditionFactory(
        name="2024 UN Civil Society Conference",
        slug="csc",
        city="Nairobi",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=1),
    )
    lead = UserFactory(email="lead@example.org", name="Lena Lead")
    mine = SessionFactory(
        edition=edition,
        title="Civil society – Member States dialogue",
        kind=SessionKind.DIALOGUE,
        format=SessionFormat.ONLINE,
        online_link="https://meet.example.org/x",
        interpretation=["en", "fr", "es"],
        organizers=[lead],
        starts_at=datetime.time(15),
        ends_at=datetime.time(16, 30),
    )
    for title, kind, start in [
        ("Opening plenary", SessionKind.PLENARY, 9),
        ("ImPACT Coalition session: financing", SessionKind.COALITION, 12),
    ]:
        ReportFactory(
            session=SessionFactory(
                edition=edition,
                title=title,
                kind=kind,
                starts_at=datetime.time(start),
                ends_at=datetime.time(start + 1, 30),
            ),
            status=ReportStatus.ACCEPTED,
        )
    for title in ("Workshop on local action", "Side event on digital rights"):
        SessionFactory(
            edition=edition, title=title, room="CR-8", organizers=[UserFactory(name="Late Lucy")]
        )
    return edition, mine, lead


def test_report_submitted_accepted_compiled_and_downloaded(
    browser, live_server, page, phone_page, programme, organizer
):
    edition, session, lead = programme

    # 1. The session's organizer writes and submits the report.
    login(page, lead)
    page.goto("/sessions/")
    page.click(f"text={session.title}")
    page.wait_for_load_state("load")  # the deferred counter script is attached
    counter = page.locator('[data-word-count-for="id_key_messages"]')
    expect(counter).to_have_text(re.compile(r"^\s*0 / 300"))
    page.fill("#id_key_messages", MESSAGE)
    expect(counter).to_have_text(re.compile(r"^\s*8 / 300"))  # counted as you type
    page.fill("#id_recommendations", "Hold the dialogue before every review forum.")
    page.fill("#id_next_steps", "Send a summary of inputs to the co-facilitators.")
    page.fill("#id_attendance", "240")
    page.click("button[value=submit]")
    page.wait_for_load_state()
    assert page.get_by_test_id("status").inner_text() == "Submitted"

    # 2. A conference organizer sees the late reports, accepts this one, compiles, exports.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    org = context.new_page()
    login(org, organizer)
    org.goto("/organizers/summaries/")
    org.click(f"text={edition.name}")
    org.click("text=Late reports")
    late = org.get_by_test_id("late-table")
    assert "Workshop on local action" in late.inner_text()
    assert session.title not in late.inner_text()  # submitted: not late any more
    org.click("button[name=session] >> nth=0")
    assert "1 reminder queued." in org.content()
    screenshot(org, "summaries-late-reports-desktop")
    login(phone_page, organizer)
    phone_page.goto(f"/organizers/summaries/{edition.slug}/late/")
    screenshot(phone_page, "summaries-late-reports-phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    org.goto(f"/sessions/{session.pk}/report/")
    org.click("text=Accept report")
    assert org.get_by_test_id("status").inner_text() == "Accepted"
    org.goto(f"/organizers/summaries/{edition.slug}/summary/")
    org.get_by_test_id("compile").click()
    assert "Compiled: 3 sessions" in org.content()
    org.fill("#id_introduction", "The conference met in Nairobi.")
    org.click("text=Save text")

    # The check before export lists the late session; exporting asks for a confirmation.
    check = org.get_by_test_id("export-check")
    assert "Workshop on local action: Its report is not accepted" in check.inner_text()
    org.get_by_test_id("export-pdf").click()
    assert "The check before export lists problems" in org.content()
    files = {}
    for fmt in ("docx", "pdf"):
        org.get_by_test_id("export-confirm").check()
        org.get_by_test_id(f"export-{fmt}").click()
        with org.expect_download() as download:
            org.get_by_test_id(f"download-{fmt}").first.click()
        files[fmt] = open(download.value.path(), "rb").read()
        assert re.match(rf"co-chairs-summary-csc-v1-en\.{fmt}", download.value.suggested_filename)
    screenshot(org, "summaries-draft-desktop")
    context.close()

    paragraphs = [p.text for p in Document(io.BytesIO(files["docx"])).paragraphs]
    assert MESSAGE in paragraphs and session.title in paragraphs
    assert "The conference met in Nairobi." in paragraphs

    assert files["pdf"].startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "summaries-co-chairs-summary.pdf"
    pdf.write_bytes(files["pdf"])
    if not shutil.which("pdftoppm"):
        pytest.skip("needs pdftoppm (poppler-utils) for the first-page picture")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / "summaries-pdf-first-page"),
        ],
        check=True,
    )
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    assert MESSAGE.encode() in b" ".join(text.split())
    assert (ARTIFACTS / "summaries-pdf-first-page.png").stat().st_size > 1000
