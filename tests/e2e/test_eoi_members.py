"""The members of an EOI on a phone (390 px), with JavaScript and without, and a save cut
off by a dropped connection: nothing typed is lost."""

import importlib
import re

import pytest

from coalitions.enums import MemberRole
from coalitions.models import Proposal
from tests.conftest import screenshot
from tests.factories import (
    TEST_PASSWORD,
    OrganizationFactory,
    ProposalFactory,
    ProposalMemberFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    from django.apps import apps

    from coalitions.criteria_bridge import forget_reference

    importlib.import_module("coalitions.migrations.0003_reference_data").forwards(apps, None)
    forget_reference()


@pytest.fixture
def draft(edition):
    owner = UserFactory(email="filer@example.org")
    p = ProposalFactory(owner=owner, edition=edition, title="Water justice")
    org = OrganizationFactory(name="Lake Chad Forum", country="NE", constituencies=["women"])
    ProposalMemberFactory(proposal=p, organization=org, role=MemberRole.LEAD)
    return p


def signed_in(browser, live_server, user, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/(dashboard|review)/"))
    return context, page


def members_of(proposal):
    return {
        m.organization.name: m.role
        for m in proposal.members.select_related("organization").order_by("organization__name")
    }


def test_members_added_edited_and_removed_in_place_on_a_phone(browser, live_server, draft):
    context, page = signed_in(browser, live_server, draft.owner, **PHONE)
    page.goto(f"/proposals/{draft.pk}/edit/#members")
    page.evaluate("window.notReloaded = true")

    for name, country in (("Andean Water Network", "PE"), ("Mekong Delta Voices", "VN")):
        page.click("[data-add-member]")
        dialog = page.locator("dialog[open]")
        dialog.locator("#member-name").fill(name)
        dialog.locator("#member-sector").select_option("civil_society")
        dialog.locator("#member-country").select_option(country)
        dialog.locator("[data-apply]").click()
    lines = page.locator('[data-row="members"]')
    assert lines.count() == 3
    assert "Peru" in lines.nth(1).inner_text()
    # A mistake in the editor is shown next to the field, the editor stays open.
    page.click("[data-add-member]")
    dialog = page.locator("dialog[open]")
    dialog.locator("#member-name").fill("Nowhere Org")
    dialog.locator("[data-apply]").click()
    assert "Choose the sector" in dialog.inner_text()
    dialog.locator("[data-cancel]").click()
    assert lines.count() == 3

    lines.nth(0).locator("[data-edit-member]").click()
    dialog = page.locator("dialog[open]")
    assert dialog.locator("#member-name").input_value() == "Lake Chad Forum"
    dialog.locator("#member-role").select_option("member")
    dialog.locator("[data-apply]").click()
    lines.nth(2).locator("[data-edit-member]").click()
    page.locator("dialog[open] #member-role").select_option("lead")
    page.locator("dialog[open] [data-apply]").click()
    lines.nth(1).locator("[data-remove-member]").click()
    assert "removing" in lines.nth(1).get_attribute("class")
    assert page.locator("[data-member-count]").inner_text() == "2"

    assert page.evaluate("window.notReloaded") is True  # all of it without a page load
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "eoi-members-phone")
    with page.expect_navigation():
        page.locator("button[value=save]").last.click()
    assert members_of(draft) == {"Lake Chad Forum": "member", "Mekong Delta Voices": "lead"}
    context.close()


def test_members_added_edited_and_removed_without_javascript_on_a_phone(
    browser, live_server, draft
):
    context, page = signed_in(browser, live_server, draft.owner, java_script_enabled=False, **PHONE)
    page.goto(f"/proposals/{draft.pk}/edit/")
    page.fill("#id_summary", "Typed before adding a member")
    page.click("[data-add-member]")
    # The draft is saved on the way (nothing typed lost), then a small page for one member.
    page.wait_for_url(re.compile(r"/members/new/$"))
    assert len(page.content()) < 30_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#member-name", "Andean Water Network")
    page.select_option("#member-sector", "civil_society")
    page.select_option("#member-country", "PE")
    screenshot(page, "eoi-member-page-phone-nojs")
    page.click("button[value=save]")
    page.wait_for_url(re.compile(r"/edit/#members$"))
    assert page.locator('[data-row="members"]').count() == 2
    assert Proposal.objects.get(pk=draft.pk).summary == "Typed before adding a member"

    page.locator('[data-row="members"]').nth(1).locator("[data-edit-member]").click()
    page.wait_for_url(re.compile(r"/members/\d+/$"))
    assert page.locator("#member-name").input_value() == "Andean Water Network"
    page.select_option("#member-role", "lead")
    page.click("button[value=save]")
    page.wait_for_url(re.compile(r"/edit/#members$"))

    lines = page.locator('[data-row="members"]')
    lines.filter(has_text="Lake Chad Forum").locator("[data-remove-member]").click()
    page.wait_for_url(re.compile(r"/edit/#members$"))
    assert page.locator('[data-row="members"]').count() == 1
    assert members_of(draft) == {"Andean Water Network": "lead"}
    context.close()


def test_a_save_cut_off_by_the_network_keeps_what_was_typed(browser, live_server, draft):
    context, page = signed_in(browser, live_server, draft.owner, **PHONE)
    page.goto(f"/proposals/{draft.pk}/edit/")
    page.fill("#id_summary", "Typed on a train between two towers")
    page.click("text=+ Add a milestone")
    page.fill('[name="work_plan-1-title"]', "Briefing in Geneva")

    context.set_offline(True)
    page.locator("button[value=save]").last.click()
    status = page.get_by_test_id("save-status")
    status.get_by_text("kept on this device").wait_for()
    context.set_offline(False)
    page.reload()
    # The server never got it.
    assert page.locator("#id_summary").input_value() != "Typed on a train between two towers"
    banner = page.get_by_test_id("draft-banner")
    banner.wait_for()
    banner.locator("[data-draft-restore]").click()
    assert page.locator("#id_summary").input_value() == "Typed on a train between two towers"
    assert page.locator('[name="work_plan-1-title"]').input_value() == "Briefing in Geneva"

    # Offline again; back online, "Try again" sends it once.
    context.set_offline(True)
    page.locator("button[value=save]").last.click()
    status.get_by_text("kept on this device").wait_for()
    context.set_offline(False)
    with page.expect_navigation():
        status.locator("[data-save-retry]").click()
    draft.refresh_from_db()
    assert draft.summary == "Typed on a train between two towers"
    assert list(draft.work_plan.values_list("title", flat=True)) == ["Briefing in Geneva"]
    # Saved: nothing is offered back any more.
    page.reload()
    assert page.get_by_test_id("draft-banner").is_hidden()
    context.close()
