"""A shared organization corrected from another filer's EOI on a phone: the correction waits
for its representative, who accepts it in one tap under "My organizations"."""

import importlib

import pytest

from coalitions.enums import MemberRole
from coalitions.models import OrganizationCorrection
from tests.coalitions.organizations.directorydata import represent
from tests.conftest import screenshot
from tests.e2e.test_eoi_members import PHONE, signed_in
from tests.factories import OrganizationFactory, ProposalFactory, ProposalMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    from django.apps import apps

    from coalitions.criteria_bridge import forget_reference

    importlib.import_module("coalitions.migrations.0003_reference_data").forwards(apps, None)
    forget_reference()


def test_a_correction_waits_for_the_representative_who_accepts_it(browser, live_server, edition):
    org = OrganizationFactory(name="Lake Chad Forum", acronym="LCF", country="NE")
    rep = represent(org, UserFactory(email="rep@example.org", name="Rhea Representative"))
    filer = UserFactory(email="filer@example.org", name="Bea Filer")
    draft = ProposalFactory(owner=filer, edition=edition, title="Sahel youth voices")
    ProposalMemberFactory(proposal=draft, organization=org, role=MemberRole.LEAD)

    context, page = signed_in(browser, live_server, filer, **PHONE)
    page.goto(f"/proposals/{draft.pk}/edit/#members")
    page.locator('[data-row="members"]').nth(0).locator("[data-edit-member]").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("#member-acronym").fill("LCF-Youth")
    dialog.locator("[data-apply]").click()
    with page.expect_navigation():
        page.locator("button[value=save]").last.click()
    assert "was sent to the organization's representatives" in page.inner_text("body")
    org.refresh_from_db()
    assert org.acronym == "LCF"
    context.close()

    context, page = signed_in(browser, live_server, rep, **PHONE)
    page.goto("/organizations/mine/")
    row = page.locator('[data-testid="correction-row"]')
    assert "LCF-Youth" in row.inner_text()
    screenshot(page, "organization-correction-phone")
    with page.expect_navigation():
        row.locator('[data-testid="correction-accept"]').click()
    assert "Correction accepted" in page.inner_text("body")
    org.refresh_from_db()
    assert org.acronym == "LCF-Youth"
    assert OrganizationCorrection.objects.get().state == "accepted"
    context.close()
