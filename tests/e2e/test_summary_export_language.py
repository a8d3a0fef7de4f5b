"""The check before export sends the organizer back to the draft page with the document's
language and format still chosen: ticking "Export anyway" then exports in that language."""

import pytest

from summaries.models import SummaryExport
from tests.conftest import login, screenshot
from tests.summaries.factories import ReportFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_french_pdf_stays_chosen_through_the_check(
    browser, live_server, organizer, edition, settings, tmp_path, width
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A report whose session has no moderator: the check before export lists it.
    ReportFactory(session=SessionFactory(edition=edition, title="Workshop without moderator"))
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, organizer)
    page.goto(f"/organizers/summaries/{edition.slug}/summary/")
    page.get_by_test_id("export-language").select_option("fr")
    page.get_by_test_id("export-pdf").click()
    page.wait_for_load_state()
    assert "The check before export lists problems" in page.content()
    assert not SummaryExport.objects.exists()
    assert page.get_by_test_id("export-language").input_value() == "fr"
    assert page.get_by_test_id("export-pdf").get_attribute("data-chosen") is not None
    page.get_by_test_id("export-check").scroll_into_view_if_needed()
    screenshot(page, f"summary-export-check-kept-french-{width}")
    page.get_by_test_id("export-confirm").check()
    page.get_by_test_id("export-pdf").click()
    page.wait_for_load_state()
    job = SummaryExport.objects.get()
    assert (job.language, job.format) == ("fr", "pdf")
    context.close()
