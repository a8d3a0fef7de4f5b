"""In Chromium, a signed-in filer opening /admin/ lands on the 403 page (no redirect loop)."""

import pytest

from tests.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_filer_opening_the_admin_sees_the_403_page(page, phone_page, owner):
    for shown, width in ((page, 1280), (phone_page, 390)):
        login(shown, owner)
        response = shown.goto("/admin/")
        assert response.status == 403
        assert "You cannot open this page" in shown.content()
        assert shown.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(shown, f"admin-403-filer-{width}")
