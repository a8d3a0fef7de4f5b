"""Every main page, walked in English, French and Spanish: no English left in French and
Spanish outside what people typed, and no serious or critical axe-core violation in any.

One browser, one context per language; the demo data (`load_demo`) plus a draft with ten
members stand in for a real edition.
"""

from __future__ import annotations

import importlib
import io

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
from tests.e2e.walk import AXE, axe_violations, english_left, user_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
        ],
        FILER: [
            ("dashboard", "/dashboard/"),
            ("eoi-form", f"/proposals/{demo['draft'].pk}/edit/"),
            ("notifications", "/notifications/"),
            ("coalition-manage", f"/coalitions/{demo['led'].public_slug}/manage/"),
        ],
        REVIEWER: [
            ("admin-list", "/admin/coalitions/proposal/"),
            ("admin-change", f"/admin/coalitions/proposal/{reviewed.pk}/change/"),
            ("reviewer-profile", "/review/profile/"),
        ],
        ORGANIZER: [
            ("organizers", "/organizers/summaries/"),
            ("organizer-edition", f"/organizers/summaries/{edition.slug}/"),
            ("organizer-late", f"/organizers/summaries/{edition.slug}/late/"),
            ("organizer-summary", f"/organizers/summaries/{edition.slug}/summary/"),
            ("organizer-progress", "/organizers/coalitions/"),
            ("discussion", f"/review/proposals/{reviewed.pk}/discussion/"),
            ("assignment-run", f"/review/assignment/{demo['run'].pk}/"),
        ],
    }


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
    for email, walk in pages(demo).items():
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
        for name, path in walk:
            response = page.goto(path)
            assert response.ok, f"{name} ({path}) answered {response.status}"
            assert page.locator("html").get_attribute("lang").startswith(lang), name
            if lang != "en" and (left := english_left(page, stored)):
                english[name] = left
            if found := axe_violations(page):
                violations[name] = found
                screenshot(page, f"axe-{name}-{lang}")
        context.close()
    Notification.objects.filter(dedup_key=f"walk:{lang}").delete()
    assert not english and not violations, (
        f"English left in {lang}: {english}\naxe-core in {lang}: {violations}"
    )
