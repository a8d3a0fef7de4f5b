"""Two-factor sign-in in a real browser, by keyboard: an organizer is sent to set it up on
first sign-in, enrols an authenticator app, signs in again with a code; a recovery code works
once; a filer is not asked to."""

import re

import pytest

from tests.conftest import login, screenshot
from tests.factories import TEST_PASSWORD
from tests.totp import totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def password_sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.goto("/accounts/logout/")
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"://[^/]+/$"))


def second_step(page, code: str) -> None:
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("input[name=code]", code)
    page.press("input[name=code]", "Enter")
    page.wait_for_load_state()


def test_an_organizer_enrols_then_signs_in_with_a_code_and_a_recovery_code_once(
    page, phone_page, organizer, owner
):
    password_sign_in(page, organizer)
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert "Your role needs two-factor sign-in" in page.content()
    # Any other page leads back here.
    page.goto("/organizers/coalitions/")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    page.goto("/admin/")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    screenshot(page, "second-factor-setup-desktop")

    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    page.fill("input[name=code]", "123456" if totp(secret) != "123456" else "654321")
    page.press("input[name=code]", "Enter")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert page.locator(".invalid-feedback, .text-danger, .errorlist").count() >= 1

    page.fill("input[name=code]", totp(secret))
    page.press("input[name=code]", "Enter")
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    screenshot(page, "second-factor-recovery-codes-desktop")
    page.goto("/review/")
    assert page.url.endswith("/review/")

    # Again: password, then a code from the app.
    sign_out(page)
    password_sign_in(page, organizer)
    screenshot(page, "second-factor-code-desktop")
    second_step(page, totp(secret))
    page.wait_for_url(re.compile(r"/organizers/$"))  # the organizer's start page

    # A recovery code instead of the app: once.
    sign_out(page)
    password_sign_in(page, organizer)
    second_step(page, codes[0])
    page.wait_for_url(re.compile(r"/organizers/$"))
    sign_out(page)
    password_sign_in(page, organizer)
    second_step(page, codes[0])
    assert "/accounts/2fa/authenticate/" in page.url
    assert "/organizers/" not in page.url

    # On a phone, the setup page fits.
    login(phone_page, owner)
    phone_page.goto("/accounts/2fa/totp/activate/")
    screenshot(phone_page, "second-factor-setup-phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_filer_signs_in_without_being_asked(page, owner):
    password_sign_in(page, owner)
    page.wait_for_url(re.compile(r"/dashboard/"))
    page.goto("/accounts/2fa/")
    assert page.locator("h1").count() >= 1
