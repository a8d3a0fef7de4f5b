"""Sign up, verify the e-mail address from the outbox, log in, see the dashboard."""

import re

import pytest
from django.core import mail

from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_log_in_and_see_the_dashboard(page, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    page.goto("/")
    page.click("text=Propose a coalition")
    page.fill("input[name=email]", "new.filer@example.org")
    page.fill("input[name=password1]", "a-Strong-passphrase-42")
    page.fill("input[name=password2]", "a-Strong-passphrase-42")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    assert "Verify Your Email Address" in page.content() or "verify" in page.content().lower()

    # Log-in is refused until the address is verified.
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "new.filer@example.org")
    page.fill("input[name=password]", "a-Strong-passphrase-42")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    confirmation = [m for m in mail.outbox if "new.filer@example.org" in m.to][-1]
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", confirmation.body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/"))
    assert page.locator("h1").inner_text() == "My proposals"
    assert page.get_by_test_id("no-proposals").is_visible()

    from impact.models import User

    user = User.objects.get(email="new.filer@example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["Filers"]


def test_home_page_screenshots(page, phone_page, edition):
    for name, p in (("home-desktop", page), ("home-phone", phone_page)):
        p.goto("/")
        assert p.locator("h1").is_visible()
        assert p.get_by_test_id("deadline").is_visible()
        screenshot(p, name)
    # On a phone the navigation collapses behind the toggler, and nothing overflows sideways.
    assert phone_page.locator(".navbar-toggler").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
