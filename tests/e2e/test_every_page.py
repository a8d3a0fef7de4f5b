"""Every main page, walked in English, French and Spanish: no English left in French and
Spanish outside what people typed, and no serious or critical axe-core violation in any.

One browser, one context per language; the demo data (`load_demo`) plus a draft with ten
members stand in for a real edition.
"""

from __future__ import annotations

import importlib
import io
import shutil

import pytest
from django.core.management import call_command

from coalitions.enums import ProposalStatus
from coalitions.models import (
    AssignmentRun,
    Organization,
    Proposal,
    ProposalMember,
    Region,
    Sector,
)
from coalitions.review import assigning
from impact.demo import DEMO_PASSWORD
from impact.models import ConferenceEdition, Notification, User
from impact.notify import notify
from tests.conftest import _missing, login, screenshot
from tests.e2e.walk import AXE, VNU, axe_violations, english_left, user_data, vnu_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pages that show a person's stored rows as they are kept (texts in the language they were
# typed in, a version's note, a notification's text as it was sent): those values, marked
# `data-stored`, are left out of the English check; the page's own words are checked.
STORED_VALUES_SHOWN = {"my-data"}

FILER = "filer@demo.impact-hub.org"
REVIEWER = "reviewer@demo.impact-hub.org"
ORGANIZER = "organizer@demo.impact-hub.org"


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.apps import apps

    from coalitions.criteria_bridge import forget_reference

    for module in (
        "impact.migrations.0002_roles_and_2024_edition",
        "coalitions.migrations.0003_reference_data",
        "coalitions.migrations.0006_review_seed",
    ):
        importlib.import_module(module).forwards(apps, None)
    forget_reference()
    call_command("load_demo", stdout=io.StringIO())
    draft = Proposal.objects.get(owner__email=FILER, status=ProposalStatus.DRAFT)
    sector, region = Sector.objects.get(slug="civil_society"), Region.objects.get(slug="africa")
    for i in range(10 - draft.members.count()):
        org = Organization.objects.create(name=f"Réseau Sahel {i}", sector=sector, region=region)
        ProposalMember.objects.create(proposal=draft, organization=org)
    # A matched assignment solved and waiting for confirmation, for its preview page.
    edition = ConferenceEdition.objects.get(slug="un-csc-2024")
    run = AssignmentRun.objects.create(
        edition=edition,
        proposals=list(
            Proposal.objects.exclude(status=ProposalStatus.DRAFT).values_list("pk", flat=True)
        ),
    )
    assigning.solve_run(run)
    return {
        "run": run,
        "draft": draft,
        "coalition": Proposal.objects.published().first(),
        # The demo coalition whose lead is the demo filer (it reported progress once).
        "led": Proposal.objects.published().filter(milestone_updates__isnull=False).first(),
        "reviewed": Proposal.objects.exclude(status=ProposalStatus.DRAFT)
        .filter(events__action="start_review")
        .first(),
        "edition": ConferenceEdition.objects.get(slug="un-csc-2024"),
    }


def speak(email: str, lang: str) -> User:
    user = User.objects.get(email=email)
    user.language = lang
    user.save(update_fields=["language"])
    return user


def pages(demo) -> dict[str, list[tuple[str, str]]]:
    """Per account (None: anonymous), the pages to walk: (name, path)."""
    reviewed, edition = demo["reviewed"], demo["edition"]
    return {
        None: [
            ("home", "/"),
            ("hub", "/coalitions/"),
            ("coalition", f"/coalitions/{demo['coalition'].public_slug}/"),
            ("sign-up", "/accounts/signup/"),
            ("privacy", "/privacy/"),
        ],
        FILER: [
            ("dashboard", "/dashboard/"),
            ("eoi-form", f"/proposals/{demo['draft'].pk}/edit/"),
            ("notifications", "/notifications/"),
            ("coalition-manage", f"/coalitions/{demo['led'].public_slug}/manage/"),
            ("my-data", "/accounts/data/"),
            ("delete-account", "/accounts/delete/"),
            (
                "name-listing",
                f"/organizations/{demo['draft'].members.first().organization_id}/name/",
            ),
        ],
        REVIEWER: [
            ("admin-list", "/admin/coalitions/proposal/"),
            ("admin-change", f"/admin/coalitions/proposal/{reviewed.pk}/change/"),
            ("reviewer-profile", "/review/profile/"),
        ],
        ORGANIZER: [
            ("organizers-start", "/organizers/"),
            ("organizers", "/organizers/summaries/"),
            ("organizer-edition", f"/organizers/summaries/{edition.slug}/"),
            ("organizer-late", f"/organizers/summaries/{edition.slug}/late/"),
            ("organizer-summary", f"/organizers/summaries/{edition.slug}/summary/"),
            ("organizer-progress", "/organizers/coalitions/"),
            ("audit", "/audit/"),
            ("two-factor", "/accounts/2fa/"),
            ("two-factor-setup", "/accounts/2fa/totp/activate/"),
            ("portfolio", f"/review/portfolio/?edition={edition.slug}"),
            ("discussion", f"/review/proposals/{reviewed.pk}/discussion/"),
            ("assignment-run", f"/review/assignment/{demo['run'].pk}/"),
        ],
    }


def walk(browser, live_server, demo, lang: str):
    """Each page of the walk in `lang`, signed in as its account: yields (name, page, the
    HTML it was served with)."""
    for email, paths in pages(demo).items():
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1280, "height": 900},
            locale=lang,
            extra_http_headers={"Accept-Language": lang},
            # axe-core is injected as an inline script; tests/e2e/test_csp.py covers the policy.
            bypass_csp=True,
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        if email:
            login(page, speak(email, lang), DEMO_PASSWORD)
        for name, path in paths:
            response = page.goto(path)
            assert response.ok, f"{name} ({path}) answered {response.status}"
            assert page.locator("html").get_attribute("lang").startswith(lang), name
            yield name, page, response.text()
        context.close()


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_every_main_page_speaks_the_language_and_passes_axe(browser, live_server, demo, lang):
    if not AXE.exists():
        _missing("needs axe-core: `make install` with npm (apt-get install npm)")
    filer = speak(FILER, lang)
    notify(
        kind="eoi_submitted",
        user=filer,
        context={"proposal": demo["draft"], "version": None},
        url=demo["draft"].get_absolute_url(),
        dedup_key=f"walk:{lang}",
    )
    stored = user_data()
    english, violations = {}, {}
    for name, page, _html in walk(browser, live_server, demo, lang):
        if found := axe_violations(page):
            violations[name] = found
            screenshot(page, f"axe-{name}-{lang}")
        if name in STORED_VALUES_SHOWN:
            page.evaluate(
                "() => document.querySelectorAll('[data-stored]').forEach(e => e.remove())"
            )
        if lang != "en" and (left := english_left(page, stored)):
            english[name] = left
    Notification.objects.filter(dedup_key=f"walk:{lang}").delete()
    assert not english and not violations, (
        f"English left in {lang}: {english}\naxe-core in {lang}: {violations}"
    )


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_every_main_page_is_valid_html(browser, live_server, demo, lang, tmp_path):
    """The Nu Html Checker (vnu-jar from npm) finds no error in the HTML each page is served
    with (what the browser receives, before any script)."""
    if not VNU.exists():
        _missing("needs vnu-jar: `make install` with npm (apt-get install npm)")
    if not shutil.which("java"):
        _missing("needs Java for the Nu Html Checker (apt-get install default-jre-headless)")
    files = {}
    for name, _page, html in walk(browser, live_server, demo, lang):
        files[name] = tmp_path / f"{name}.html"
        files[name].write_text(html, encoding="utf-8")
    errors = vnu_errors(files)
    assert not errors, f"Nu Html Checker in {lang}: {errors}"
