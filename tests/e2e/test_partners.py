"""Partner suggestions in a browser: a filer whose checklist shows C1 unmet opens a suggested
organization, invites it, its representative accepts, and the checklist turns C1 met."""

import pytest
from django.urls import reverse

from tests.coalitions.organizations.directorydata import lacking_one_south_region, looking
from tests.conftest import login, screenshot, seed_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    # What the migrations seed, again: an earlier transactional test may have flushed it.
    seed_migration_data()


def test_a_suggested_partner_closes_the_c1_gap(page, reference_data, edition, owner):
    proposal = lacking_one_south_region(edition, owner)
    partner = looking("Amman Water Forum", "western_asia", constituencies=("women",))
    representative = partner.representatives.get().user
    representative.set_password("pass-w0rd-for-tests")
    representative.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=representative,
        email=representative.email,
        defaults={"verified": True, "primary": True},
    )
    edit = reverse("coalitions:proposal-edit", args=[proposal.pk])

    login(page, owner)
    page.goto(edit)
    c1 = page.get_by_test_id("criterion-C1")
    assert c1.get_attribute("data-status") == "not_met"
    suggestion = c1.get_by_test_id("partner-suggestion").filter(has_text="Amman Water Forum")
    assert "Western Asia and the Arab States (global south)" in suggestion.inner_text()
    suggestion.get_by_test_id("partner-open").click()
    page.get_by_test_id("invite-panel").wait_for()
    page.fill("textarea[name=message]", "Your work on water would strengthen our coalition.")
    screenshot(page, "partners-invite")
    page.get_by_test_id("invite-submit").click()
    page.wait_for_url(f"**/proposals/{proposal.pk}/")
    assert "Amman Water Forum is invited" in page.content()

    page.context.clear_cookies()
    login(page, representative)
    page.goto(reverse("coalitions:dashboard"))
    invitation = page.get_by_test_id("partner-invitation")
    assert "Climate finance accountability" in invitation.inner_text()
    invitation.get_by_test_id("invitation-accept").click()
    page.wait_for_load_state()
    assert "Amman Water Forum is now a member" in page.content()

    page.context.clear_cookies()
    login(page, owner)
    page.goto(edit)
    assert page.get_by_test_id("criterion-C1").get_attribute("data-status") == "met"
    assert page.get_by_test_id("partners-C1").count() == 0
    screenshot(page, "partners-c1-met")
