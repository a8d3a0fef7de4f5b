"""A lead reports progress in a browser; the hub shows it, with the activity badge and filter."""

import datetime
import re

import pytest
from django.utils import timezone

from coalitions.hub import progress
from tests.coalitions.hub.hubdata import published
from tests.conftest import login, screenshot, seed_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quiet_coalition(transactional_db, edition, owner):
    """A coalition published 100 days ago that never reported: its report is due."""
    seed_migration_data()
    water = published(
        "Water commons alliance",
        edition=edition,
        owner=owner,
        members=5,
        milestones=0,
        published_at=timezone.now() - datetime.timedelta(days=100),
    )
    start = timezone.localdate() - datetime.timedelta(days=20)
    for days, title in [(0, "Regional consultations"), (200, "Summit side event")]:
        water.work_plan.create(date=start + datetime.timedelta(days=days), title=title)
    published("Digital rights compact", edition=edition, owner=owner, members=2)
    progress.refresh_all()
    return water


def test_a_lead_marks_a_milestone_done_and_the_hub_shows_it(page, quiet_coalition, owner):
    slug = quiet_coalition.public_slug
    page.goto("/coalitions/")
    page.select_option("select[name=activity]", "report_due")
    page.click("[data-testid=hub-filters] button[type=submit]")
    page.wait_for_url(re.compile(r"activity=report_due"))
    assert page.get_by_test_id("result-count").inner_text() == "1 coalition"
    assert "Activity: Report due" in page.get_by_test_id("hub-results").inner_text()

    login(page, owner)
    page.goto(f"/coalitions/{slug}/manage/")
    form = page.locator("[data-testid=progress-form]", has_text="Regional consultations")
    form.locator("select[name$=status]").select_option("done")
    form.locator("input[name$=note]").fill("Consultations held in Nairobi, Bangkok and Lima.")
    form.locator("input[name$=evidence_url]").fill("example.org/consultations-report")
    screenshot(page, "hub-progress-form-desktop")
    form.get_by_role("button", name="Report progress").click()
    page.wait_for_url(re.compile(rf"/coalitions/{slug}/manage/#progress$"))
    assert "is on the coalition's page" in page.content()

    page.context.clear_cookies()  # what anyone sees
    page.goto(f"/coalitions/{slug}/")
    step = page.get_by_test_id("milestone").filter(has_text="Regional consultations")
    assert step.get_by_test_id("milestone-status").inner_text() == "Done"
    assert page.get_by_test_id("activity-badge").inner_text() == "Activity: Active"
    history = page.get_by_test_id("progress-history").inner_text()
    assert "Consultations held in Nairobi, Bangkok and Lima." in history
    assert "Planned → Done" in history
    assert page.get_by_test_id("horizon").is_visible()
    screenshot(page, "hub-progress-detail-desktop")

    page.goto("/coalitions/")
    page.select_option("select[name=activity]", "active")
    page.click("[data-testid=hub-filters] button[type=submit]")
    page.wait_for_url(re.compile(r"activity=active"))
    results = page.get_by_test_id("hub-results").inner_text()
    assert "Water commons alliance" in results and "Activity: Active" in results
    page.select_option("select[name=activity]", "report_due")
    page.click("[data-testid=hub-filters] button[type=submit]")
    page.wait_for_url(re.compile(r"activity=report_due"))
    assert page.get_by_test_id("no-results").is_visible()
