"""The expert weighs the portfolio: the global south under its target, two candidates ticked,
the meters move, they are shortlisted and the page shows the new shares; then the same
without JavaScript."""

import pytest

from coalitions.enums import ProposalStatus
from coalitions.models import Proposal
from tests.coalitions.review.review_helpers import reseeded, submitted  # noqa: F401
from tests.conftest import login, screenshot
from tests.factories import EditionFactory, OrganizationFactory, UserFactory, region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded"),
]
SOUTH = '[data-testid="meter-global_south-members"]'


def org(slug):
    return OrganizationFactory(region=region(slug))


@pytest.fixture
def weighed():
    from impact import roles

    EditionFactory()
    submitted(ProposalStatus.SHORTLISTED, lead=org("europe"), members=[org("north_america")])
    submitted(ProposalStatus.PUBLISHED, lead=org("north_america"), members=[org("africa")])
    picks = [
        submitted(title="Southern voices", lead=org("africa"), members=[org("asia_pacific")]),
        submitted(title="Andes and Pacific", lead=org("latin_america_caribbean")),
        submitted(title="Northern club", lead=org("europe")),
    ]
    expert = UserFactory(email="expert@example.org", groups=[roles.EXPERT_REVIEWERS], is_staff=True)
    return expert, picks


def shortlisted_titles():
    return set(
        Proposal.objects.filter(status=ProposalStatus.SHORTLISTED).values_list("title", flat=True)
    )


def test_the_expert_ticks_two_candidates_and_watches_the_meters_move(page, weighed):
    expert, picks = weighed
    login(page, expert)
    page.goto("/review/portfolio/")
    south = page.locator(SOUTH)
    assert south.get_attribute("data-share") == "25.0"
    assert "under" in south.inner_text()  # 25% against 60%
    page.check(f"#tick-{picks[0].pk}")
    page.wait_for_selector(f'{SOUTH}[data-after="50.0"]')
    page.check(f"#tick-{picks[1].pk}")
    page.wait_for_selector(f'{SOUTH}[data-after="57.1"]')
    assert "57.1%" in page.locator(SOUTH).inner_text()
    screenshot(page, "portfolio-what-if")
    page.click("button[value=shortlist]")
    page.wait_for_selector(f'{SOUTH}[data-share="57.1"]')
    assert "Southern voices" in shortlisted_titles() and "Andes and Pacific" in shortlisted_titles()
    assert "Northern club" not in shortlisted_titles()
    assert page.locator(f"{SOUTH}[data-after]").count() == 0
    screenshot(page, "portfolio-after")


def test_the_same_without_javascript(browser, live_server, page, weighed):
    expert, picks = weighed
    login(page, expert)  # signed in with a script, then the same session without one
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        storage_state=page.context.storage_state(),
    )
    page = context.new_page()
    try:
        page.goto("/review/portfolio/")
        assert page.locator(SOUTH).get_attribute("data-share") == "25.0"
        page.check(f"#tick-{picks[0].pk}")
        page.check(f"#tick-{picks[1].pk}")
        assert page.locator(f"{SOUTH}[data-after]").count() == 0  # nothing live without a script
        page.click("button[value=preview]")
        assert page.locator(SOUTH).get_attribute("data-after") == "57.1"
        assert page.is_checked(f"#tick-{picks[0].pk}")  # the ticks are kept
        page.click("button[value=shortlist]")
        assert page.locator(SOUTH).get_attribute("data-share") == "57.1"
        assert {"Southern voices", "Andes and Pacific"} <= shortlisted_titles()
    finally:
        context.close()


def test_the_portfolio_on_a_phone(phone_page, weighed):
    expert, picks = weighed
    login(phone_page, expert)
    phone_page.goto(f"/review/portfolio/?tick={picks[0].pk}")
    assert phone_page.locator(SOUTH).get_attribute("data-after") == "50.0"
    screenshot(phone_page, "portfolio-phone")
    wide = phone_page.evaluate(
        "Array.from(document.querySelectorAll('body *'))"
        ".filter(e => e.getBoundingClientRect().right > 391)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert wide == []


def test_the_admin_shortlist_shows_the_balance_before_confirming(page, weighed):
    expert, picks = weighed
    login(page, expert)
    page.goto("/admin/coalitions/proposal/?status__exact=submitted")
    page.check(f"input[name=_selected_action][value='{picks[0].pk}']")
    page.select_option("select[name=action]", "shortlist_selected")
    page.click("button[name=index]")
    assert page.locator(SOUTH).get_attribute("data-after") == "50.0"
    screenshot(page, "portfolio-admin-shortlist")
    page.click("input[type=submit][value=Confirm]")
    page.wait_for_load_state()
    assert "Southern voices" in shortlisted_titles()
