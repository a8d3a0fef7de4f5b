"""Read on a 390 px phone: the dialogue's agenda fits the screen; the organization directory's
badges are at least 12 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summaries.models import Session
from tests.conftest import screenshot
from tests.e2e.test_every_page import demo  # noqa: F401  (the demo data, seeded as in a walk)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_agenda_fits_a_phone_and_badges_are_readable(phone_page, demo):  # noqa: F811
    dialogue = Session.objects.filter(kind="dialogue").exclude(agenda=None).first()
    phone_page.goto(f"/sessions/{dialogue.pk}/")
    expect(phone_page.get_by_test_id("agenda")).to_be_visible()
    screenshot(phone_page, "session-agenda-phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone_page.get_by_test_id("agenda").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390

    phone_page.goto("/organizations/")
    sizes = phone_page.eval_on_selector_all(
        ".badge", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 12, sizes
