"""A person's data in the browser, on a phone: the privacy notice from the footer, their data
page and its download, a wrong password kept next to the field, then the account deleted;
an organization's representative lists it without its name, by keyboard."""

from __future__ import annotations

import json

import pytest

from coalitions.enums import RepresentativeState
from coalitions.models import Organization, Representative
from impact.models import User
from tests.conftest import login, screenshot, seed_migration_data
from tests.factories import OrganizationFactory, ProposalFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_filer_downloads_their_data_then_deletes_their_account(phone_page, edition):
    page = phone_page
    filer = UserFactory(email="amara.filer@example.org", name="Amara Filer")
    ProposalFactory(owner=filer, edition=edition, title="Coalition for open courts")
    page.goto("/")
    page.get_by_role("link", name="Privacy").click()
    assert page.get_by_role("heading", name="Privacy notice").is_visible()
    screenshot(page, "privacy-notice-phone")

    login(page, filer)
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="See and download your data").click()
    assert page.get_by_text("Coalition for open courts").first.is_visible()
    screenshot(page, "my-data-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["account"]["email"] == "amara.filer@example.org"

    page.get_by_role("link", name="Delete my account").first.click()
    page.get_by_label("Your password").fill("wrong")
    page.get_by_role("button", name="Delete my account for good").click()
    assert page.get_by_text("This is not your password.").is_visible()
    screenshot(page, "delete-account-error-phone")
    page.get_by_label("Your password").fill("pass-w0rd-for-tests")
    page.get_by_label("Your password").press("Enter")
    page.wait_for_url("**/")
    assert page.get_by_text("Your account and your personal data are deleted.").is_visible()
    assert not User.objects.filter(email="amara.filer@example.org").exists()


def test_a_representative_lists_their_organization_without_its_name(page, edition, outsider):
    seed_migration_data()  # the sectors and regions an organization needs
    org = OrganizationFactory(name="Defenders of the Lake", acronym="DLK")
    Representative.objects.create(
        organization=org, user=outsider, state=RepresentativeState.CONFIRMED
    )
    login(page, outsider)
    page.goto(f"/organizations/{org.pk}/name/")
    box = page.get_by_label("List this organization without its name")
    box.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("It is now listed without its name.").wait_for()
    screenshot(page, "name-listing-desktop")
    assert Organization.objects.get(pk=org.pk).listed_without_name
