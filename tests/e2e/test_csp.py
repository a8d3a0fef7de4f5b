"""Every main page under the Content-Security-Policy, in Chromium: the header is sent and the
browser reports no violation (no inline script or style, nothing from elsewhere), including
what the pages' own JavaScript does (rows added, the live checklist, the language menu)."""

from __future__ import annotations

import pytest

from summaries.enums import ReportStatus
from tests.coalitions.hub.hubdata import published
from tests.conftest import login, seed_migration_data
from tests.factories import ProposalFactory, ProposalMemberFactory, UserFactory
from tests.summaries.factories import ReportFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script, outside the page's policy: records what the browser refuses.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def world(transactional_db, edition, owner):
    """Reference data (an earlier transactional test may have flushed it), a published
    coalition with members, the owner's draft, an accepted session report."""
    seed_migration_data()
    coalition = published("Water commons", members=4, edition=edition, owner=owner)
    draft = ProposalFactory(owner=owner, edition=edition, title="Drug policy futures")
    ProposalMemberFactory(proposal=draft, role="lead")
    ReportFactory(session=SessionFactory(edition=edition), status=ReportStatus.ACCEPTED)
    return {"coalition": coalition, "draft": draft}


class Watch:
    """The page's CSP headers, console errors and policy violations."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.headers: dict[str, str] = {}
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.console.append(message.text)

    def _response(self, response) -> None:
        if response.request.resource_type == "document":
            self.headers[response.url] = response.headers.get("content-security-policy", "")

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response.status == 200, path
        self.page.wait_for_load_state("load")
        self.check(path)

    def check(self, where: str) -> None:
        violations = self.page.evaluate("window.__cspViolations")
        csp_console = [m for m in self.console if "Content Security Policy" in m]
        assert violations == [], f"{where}: {violations}"
        assert csp_console == [], f"{where}: {csp_console}"
        policy = self.headers.get(self.page.url, "")
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, where


def test_every_main_page_runs_under_the_policy_without_a_violation(page, world, owner):
    watch = Watch(page)
    coalition, draft = world["coalition"], world["draft"]
    for path in (
        "/",
        "/coalitions/",
        f"/coalitions/{coalition.public_slug}/",  # with its members' progress bar
        "/accounts/login/",
        "/accounts/signup/",
    ):
        watch.visit(path)
    # The share of global-south members is drawn by a class, not an inline width.
    bar = page.locator(".hub-south .progress-bar")
    page.goto(f"/coalitions/{coalition.public_slug}/")
    assert bar.evaluate("el => el.getBoundingClientRect().width") > 0

    # The language menu submits itself (static JavaScript, no inline handler).
    page.goto("/coalitions/")
    with page.expect_navigation():
        page.select_option("#lang-select", "fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    watch.check("language menu")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")

    login(page, owner)
    for path in ("/dashboard/", "/notifications/"):
        watch.visit(path)
    watch.visit(f"/proposals/{draft.pk}/edit/")
    # The form's script opens the member editor it fetches, adds the member from a template
    # and asks the criteria API as one types.
    page.click("text=+ Add a member")
    page.locator("#member-name").fill("Asia Org")
    page.select_option("#member-sector", "civil_society")
    page.select_option("#member-country", "IN")
    page.click("dialog [data-apply]")
    page.fill("#id_engagement_plan", "We will brief permanent missions. " * 5)
    # A function: a string expression would be polled with eval, which the policy forbids.
    page.wait_for_function(
        "() => document.querySelector('[data-criterion]') && "
        "[...document.querySelectorAll('[data-criterion]')].every(li => li.dataset.status)"
    )
    watch.check("EOI form after typing")


def test_admin_and_organizer_pages_run_under_the_policy(page, world):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    watch = Watch(page)
    login(page, admin)
    draft = world["draft"]
    edition = draft.edition
    for path in (
        "/admin/",
        "/admin/coalitions/proposal/",
        f"/admin/coalitions/proposal/{draft.pk}/change/",
        "/admin/impact/notification/",
        "/organizers/",
        "/organizers/summaries/",
        f"/organizers/summaries/{edition.slug}/",
        f"/organizers/summaries/{edition.slug}/late/",
        f"/organizers/summaries/{edition.slug}/summary/",
        "/organizers/coalitions/",
    ):
        watch.visit(path)
