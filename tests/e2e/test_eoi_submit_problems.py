""" "Enregistrer et soumettre" in French, from Chromium, with and without JavaScript: every
problem that keeps the proposal from being submitted is shown at once, at its field and listed
at the top with a link to it, and nothing typed is lost."""

import importlib
import re

import pytest

from coalitions.enums import MemberRole, ProposalStatus
from coalitions.models import Proposal
from tests.conftest import screenshot
from tests.factories import TEST_PASSWORD, ProposalFactory, ProposalMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_SUMMARY = " ".join(["mot"] * 162)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    from django.apps import apps

    from coalitions.criteria_bridge import forget_reference

    importlib.import_module("coalitions.migrations.0003_reference_data").forwards(apps, None)
    forget_reference()


def french_page(browser, live_server, *, javascript: bool, width: int = 1280):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr",
        extra_http_headers={"Accept-Language": "fr"},
        java_script_enabled=javascript,
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def listed(page) -> list[tuple[str, str]]:
    links = page.locator("[data-testid=form-error-list] a")
    return [
        (links.nth(i).get_attribute("href"), links.nth(i).inner_text())
        for i in range(links.count())
    ]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_problem_at_once_at_its_field(browser, live_server, edition, javascript):
    user = UserFactory(email=f"filer-{int(javascript)}@example.org", language="fr")
    context, page = french_page(browser, live_server, javascript=javascript)
    sign_in(page, user)
    page.goto("/proposals/new/")
    page.fill("#id_summary", LONG_SUMMARY)
    page.fill("#id_principles", "Des institutions ouvertes à la société civile.")
    page.fill('[name="contacts-0-name"]', "Amina Diallo")
    page.fill('[name="contacts-0-email"]', "amina-chez-exemple.org")
    page.click("button[value=submit]")
    page.locator("[data-testid=form-errors]").wait_for()

    assert not Proposal.objects.exists()  # nothing half-saved
    # Each problem at its field...
    assert page.locator("#id_title_error").inner_text() == "Donnez un titre à la proposition."
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    assert "150" in page.locator("#id_summary_error").inner_text()
    assert page.locator("#id_contacts-0-email_error").is_visible()
    assert "chef de file" in page.locator("#members-errors").inner_text()
    # ...and all of them listed at the top, in the page's order, each leading to its field.
    assert [href for href, _text in listed(page)] == [
        "#id_title",
        "#id_summary",
        "#members-errors",
        "#id_contacts-0-email",
    ]
    assert listed(page)[0][1] == "Titre : Donnez un titre à la proposition."
    assert listed(page)[3][1].startswith("Contacts, ligne 1 : Courriel : ")
    assert "4 points demandent votre attention" in page.get_by_test_id("form-errors").inner_text()
    # Nothing typed is lost.
    assert page.locator("#id_summary").input_value() == LONG_SUMMARY
    assert page.locator("#id_principles").input_value().startswith("Des institutions")
    assert page.locator('[name="contacts-0-email"]').input_value() == "amina-chez-exemple.org"
    screenshot(page, f"eoi-submit-problems-fr-{'js' if javascript else 'nojs'}")
    page.click("[data-testid=form-error-list] a[href='#id_contacts-0-email']")
    assert page.url.endswith("#id_contacts-0-email")
    assert page.locator("#id_contacts-0-email").is_visible()

    # Corrected, but still no lead: the draft is saved, and what is missing is still marked.
    page.fill("#id_title", "Pour une ONU ouverte")
    page.fill("#id_summary", "Une coalition pour une ONU ouverte.")
    page.fill('[name="contacts-0-email"]', "amina@exemple.org")
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/edit/\?check=submit$"))
    proposal = Proposal.objects.get()
    assert proposal.title == "Pour une ONU ouverte"
    assert proposal.status == ProposalStatus.DRAFT
    assert [href for href, _text in listed(page)] == ["#members-errors"]
    assert "Enregistrée comme brouillon" in page.get_by_test_id("form-errors").inner_text()
    assert page.locator("#id_title").input_value() == "Pour une ONU ouverte"
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_emptied_title_is_marked_when_submitting(browser, live_server, edition, javascript):
    user = UserFactory(email=f"lead-{int(javascript)}@example.org", language="fr")
    proposal = ProposalFactory(owner=user, edition=edition, title="Une coalition")
    ProposalMemberFactory(proposal=proposal, role=MemberRole.LEAD)
    context, page = french_page(browser, live_server, javascript=javascript, width=390)
    sign_in(page, user)
    page.goto(f"/proposals/{proposal.pk}/edit/")
    page.fill("#id_title", "")
    page.fill("#id_asks", "Ouvrir les négociations à la société civile.")
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/edit/\?check=submit$"))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.asks == "Ouvrir les négociations à la société civile."
    assert page.locator("#id_title_error").inner_text() == "Donnez un titre à la proposition."
    assert listed(page) == [("#id_title", "Titre : Donnez un titre à la proposition.")]
    screenshot(page, f"eoi-submit-untitled-fr-phone-{'js' if javascript else 'nojs'}")
    page.fill("#id_title", "Une coalition, enfin titrée")
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(rf"/proposals/{proposal.pk}/$"))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    context.close()
