"""A new filer signs up, fills a complete EOI through the real form (adding members and
milestones), watches the checklist turn from unmet to met, submits and sees it listed."""

import importlib
import re

import pytest

from coalitions.enums import ProposalStatus
from coalitions.models import Organization, Proposal
from tests.conftest import screenshot
from tests.factories import TEST_PASSWORD, OrganizationFactory, UserFactory, region, sector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test may start from tables another one emptied: seed the reference
    data again, as the migration does (idempotent)."""
    from django.apps import apps

    from coalitions.criteria_bridge import forget_reference

    importlib.import_module("coalitions.migrations.0003_reference_data").forwards(apps, None)
    forget_reference()


PLAN = " ".join(["We will brief permanent missions in New York and Geneva"] * 4)
MEMBERS = [
    # name, sector, country, constituency types
    ("Kibera Youth Voices", "civil_society", "KE", ["children_youth", "ngos"]),
    ("Mekong Women's Forum", "civil_society", "VN", ["women"]),
    ("Red Andina de Derechos", "civil_society", "PE", ["indigenous_peoples"]),
    ("Nordic Policy Lab", "academia", "NO", ["science_technology"]),
]


def statuses(page):
    return [
        page.get_by_test_id(f"criterion-C{i}").get_attribute("data-status") for i in range(1, 5)
    ]


def add_member(page, name, sector_slug, country, constituencies, role="member"):
    """Through the page's member editor (a dialog; no page load)."""
    page.click("[data-add-member]")
    dialog = page.locator("dialog[open]")
    dialog.locator("#member-name").fill(name)
    dialog.locator("#member-sector").select_option(sector_slug)
    dialog.locator("#member-country").select_option(country)
    dialog.locator("#member-role").select_option(role)
    if constituencies:
        dialog.locator("details.constituencies summary").click()
        for slug in constituencies:
            dialog.locator(f'[name="constituencies"][value="{slug}"]').check()
    dialog.locator("[data-apply]").click()
    page.locator("dialog[open]").wait_for(state="detached")


def test_sign_up_fill_an_eoi_watch_the_checklist_submit(page, phone_page, edition, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    # An organization already in the hub: typing its name reuses it instead of duplicating.
    OrganizationFactory(
        name="Gulf Civic Alliance",
        country="JO",
        region=region("western_asia"),
        sector=sector("civil_society"),
        constituencies=["workers_trade_unions"],
    )

    page.goto("/accounts/signup/")
    page.fill("input[name=email]", "amani@example.org")
    page.fill("input[name=password1]", "a-Strong-passphrase-42")
    page.fill("input[name=password2]", "a-Strong-passphrase-42")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/dashboard/"))
    page.click("text=New expression of interest")
    page.wait_for_url(re.compile(r"/proposals/new/"))
    assert statuses(page) == ["not_met"] * 4

    page.fill("#id_title", "Just Institutions and the International Court of Justice")
    page.fill("#id_summary", "Civil society for a stronger, more accessible World Court.")
    page.fill("#id_principles", "Accountability, access to justice and the rule of law.")
    page.fill("#id_asks", "Broaden acceptance of the Court's compulsory jurisdiction.")
    counter = page.locator("#id_summary_words")
    assert counter.inner_text() == "9 of 150 words"

    add_member(page, *MEMBERS[0], role="lead")
    for details in MEMBERS[1:]:
        add_member(page, *details)
    assert page.locator('[data-row="members"]').count() == 4
    # The region follows the country, filled in by the editor.
    page.click("[data-add-member]")
    dialog = page.locator("dialog[open]")
    dialog.locator("#member-country").select_option("PE")
    assert dialog.locator("#member-region").input_value() == "latin_america_caribbean"
    # An organization already in the hub is offered as its name is typed, and reused.
    dialog.locator("#member-country").select_option("")
    dialog.locator("#member-region").select_option("")
    dialog.locator("#member-name").press_sequentially("Gulf Civic Alliance", delay=20)
    # Predicates are functions, not expressions: a string expression is polled with eval,
    # which the Content-Security-Policy forbids.
    page.wait_for_function("() => document.querySelector('#member-organization').value !== ''")
    assert dialog.locator("#member-country").input_value() == "JO"
    dialog.locator("[data-apply]").click()
    assert "Jordan" in page.locator('[data-row="members"]').nth(4).inner_text()

    page.check('[name="engagement_targets"][value="member_states"]')
    page.fill("#id_engagement_plan", PLAN)

    end, horizon = edition.ends_on.isoformat(), edition.horizon_date.isoformat()
    page.fill('[name="work_plan-0-date"]', end)
    page.fill('[name="work_plan-0-title"]', "Coalition session at the conference")
    page.click("text=+ Add a milestone")
    page.fill('[name="work_plan-1-date"]', horizon)
    page.fill('[name="work_plan-1-title"]', "Side event at the review summit")
    page.click("text=+ Add a milestone")
    page.fill('[name="work_plan-2-date"]', end)
    page.fill('[name="work_plan-2-title"]', "Briefing for permanent missions")

    page.fill('[name="contacts-0-name"]', "Amani Njeri")
    page.fill('[name="contacts-0-email"]', "amani@example.org")

    # The checklist follows what is typed, through POST /api/criteria/check.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-criterion]')]"
        ".every(li => li.dataset.status === 'met')"
    )
    assert statuses(page) == ["met"] * 4
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "eoi-form-desktop")

    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    assert "submitted" in page.get_by_test_id("status").inner_text().lower()

    proposal = Proposal.objects.get(title__startswith="Just Institutions")
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.eligible is True
    assert proposal.members.count() == 5
    assert proposal.work_plan.count() == 3
    assert Organization.objects.filter(name="Gulf Civic Alliance").count() == 1

    page.goto("/dashboard/")
    row = page.get_by_test_id("proposal-row")
    assert "Just Institutions" in row.inner_text()
    assert row.get_by_test_id("status").inner_text() == "Submitted"
    assert row.get_by_test_id("criteria").inner_text() == "All criteria met"

    # The same form on a phone: one column, nothing overflowing sideways.
    phone_page.goto("/accounts/login/")
    phone_page.fill("input[name=login]", "amani@example.org")
    phone_page.fill("input[name=password]", "a-Strong-passphrase-42")
    phone_page.click("form button[type=submit]")
    phone_page.goto(f"/proposals/{proposal.pk}/edit/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone_page.get_by_test_id("criterion-C1").get_attribute("data-status") == "met"
    screenshot(phone_page, "eoi-form-phone")
    phone_page.goto("/dashboard/")
    screenshot(phone_page, "eoi-dashboard-phone")


def test_milestones_are_added_without_javascript_keeping_what_was_typed(
    browser, live_server, edition
):
    user = UserFactory(email="nojs@example.org")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    # Without JavaScript the language switcher shows its own button: aim at the log-in form.
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.goto("/proposals/new/")
    page.fill("#id_title", "Drug policy coalition")
    page.fill('[name="work_plan-0-title"]', "Kick-off")
    page.click("text=+ Add a milestone")
    page.wait_for_url(re.compile(r"/edit/\?add=work_plan"))
    assert page.locator("#id_title").input_value() == "Drug policy coalition"
    assert page.locator('[name="work_plan-0-title"]').input_value() == "Kick-off"
    assert page.locator('[data-row="work_plan"]').count() == 2
    page.fill('[name="contacts-0-email"]', "not an address")
    page.click("button[value=save] >> nth=1")
    # A mistake is shown next to the field, nothing typed lost.
    assert "e-mail" in page.locator('[data-row="contacts"]').inner_text().lower()
    assert page.locator("#id_title").input_value() == "Drug policy coalition"
    context.close()
