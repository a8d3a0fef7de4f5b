"""What axe-core does not check by itself: where the focus goes after a failed submit, the
size of tap targets, and a keyboard's way into the sticky checklist."""

from __future__ import annotations

import importlib

import pytest

from tests.conftest import login
from tests.factories import TEST_PASSWORD, ProposalFactory, ProposalMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_ALERT = """() => {
  const el = document.activeElement;
  return el && el.getAttribute('role') === 'alert' ? el.innerText : null;
}"""


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    from django.apps import apps

    from coalitions.criteria_bridge import forget_reference

    importlib.import_module("coalitions.migrations.0003_reference_data").forwards(apps, None)
    forget_reference()


def test_a_failed_sign_up_moves_the_focus_to_the_announced_errors(page):
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", "nadia@example.org")
    page.fill("input[name=password1]", "a-l0ng-passphrase")
    page.fill("input[name=password2]", "another-passphrase")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert page.evaluate(FOCUSED_ALERT), "the error summary should have the focus"


def test_the_eoi_form_focus_targets_and_checklist(page, owner, edition):
    proposal = ProposalFactory(owner=owner, edition=edition)
    ProposalMemberFactory(proposal=proposal)
    login(page, owner, TEST_PASSWORD)
    page.goto(f"/proposals/{proposal.pk}/edit/")
    # Every checkbox is a tap target of 24 px at least, in the member editor too.
    page.locator("[data-edit-member]").first.click()
    page.locator("dialog[open]").wait_for()
    assert page.evaluate("document.activeElement.id") == "member-name"
    page.locator("dialog[open] details.constituencies summary").click()
    sizes = page.eval_on_selector_all(
        "input[type=checkbox]",
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect())"
        ".map(r => Math.min(r.width, r.height))",
    )
    assert sizes and min(sizes) >= 24, sizes
    # The editor is a modal dialog with a name; Escape closes it and the focus goes back.
    dialog = page.locator("dialog[open]")
    assert dialog.get_attribute("aria-labelledby") == "member-dialog-title"
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-edit-member')")
    # The checklist scrolls on its own: the keyboard can reach it, and it has a name.
    checklist = page.locator(".checklist-wrap")
    assert checklist.get_attribute("tabindex") == "0"
    assert checklist.get_attribute("aria-label")
    # A failed save: the focus lands on the error summary, which is announced.
    page.fill("[name='contacts-0-name']", "Awa")
    page.fill("[name='contacts-0-email']", "not-an-address")
    with page.expect_navigation():
        page.locator("button.btn[name=action][value=save]").first.click()
    assert page.evaluate(FOCUSED_ALERT), "the error summary should have the focus"
