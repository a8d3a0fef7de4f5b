"""Every editing page, saved unchanged from a real browser in English, French and Spanish,
leaves the database as it was.

A form tested with the values the server wrote never sees what a browser does to them: an
`<input type="date">` handed `30/01/2027` shows an empty box and posts it back empty, and the
next save wipes the date. Here Chromium loads each page, its submit button is clicked
unchanged, and every row of every project model is compared before and after.

The pages are not listed by hand: every named URL pattern is opened (its arguments filled
from the demo data, `tests/e2e/roundtrip.py`) and every model of the admin's registry has its
change page opened; a page showing a form that POSTs with fields is walked. A page that
cannot be opened, or whose arguments cannot be built, fails the test until it is covered or
excluded below with a reason.
"""

from __future__ import annotations

import datetime
import importlib
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from coalitions.enums import ProposalStatus
from coalitions.models import (
    Assignment,
    AssignmentRun,
    CoalitionUpdate,
    EditorInvitation,
    JoinRequest,
    MergeConsent,
    MergeRequest,
    MergeSuggestion,
    Network,
    Organization,
    OrganizationCorrection,
    PartnerInvitation,
    Proposal,
    Representative,
    Review,
    Reviewer,
    SupportFollowUp,
    WorkPlanItem,
)
from impact.demo import DEMO_PASSWORD
from impact.models import ConferenceEdition, Notification, User
from impact.webhook_models import WebhookDelivery, WebhookEndpoint
from summaries.enums import ReportStatus
from summaries.models import Session, SummaryEntry, SummaryExport
from tests.conftest import login, screenshot
from tests.e2e.roundtrip import (
    CHROME_ACTIONS,
    MARK_FORMS_JS,
    differences,
    editing_forms,
    routes,
    snapshot,
    submit_unchanged,
)

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FILER = "filer@demo.impact-hub.org"
COEDITOR = "coeditor@demo.impact-hub.org"
ORGANIZER = "organizer@demo.impact-hub.org"
REVIEWER = "reviewer@demo.impact-hub.org"
ADMIN = "admin@demo.impact-hub.org"
# Each page is opened as the first of these who may: its filer or lead before the staff.
ACCOUNTS = (FILER, COEDITOR, ORGANIZER, REVIEWER, ADMIN)

# Whole groups of URL patterns left out, and why.
EXCLUDED_MODULES = {
    "allauth.": "allauth's account pages sign in, sign up and change passwords or addresses: "
    "a submission there is an action, never an edit of stored content",
}
EXCLUDED = {
    "coalitions:proposal-new": "creates a draft proposal: a submission there is never a no-op",
    "summaries:session-create": "creates a session: a submission there is never a no-op",
    "summaries:download": "serves the file of a finished export: no page, no form",
    "delete-account": "deletes the signed-in account: a submission there is never a no-op",
    "summaries:import": "imports a programme from an uploaded file, which a browser cannot "
    "send back unchanged",
    "api:api-root": "the JSON API's root: no page, a 404 that names the API's documentation page",
    "coalitions:assignment-decline": "POST only: the reviewer declines an assignment",
    "coalitions:declare-conflict": "POST only: declares or removes a conflict of interest",
}
# Forms that act rather than edit (by the URL name they post to): submitting one unchanged
# is meant to do something.
ACTIONS = {
    "coalitions:proposal-withdraw": "withdraws the proposal (its reason is optional)",
    "summaries:remind": "sends the late-report reminders",
    "summaries:export": "starts an export of the summary",
    "coalitions:discussion": "posts a message to the networks' discussion",
    "coalitions:declare-conflict": "declares (or removes) a conflict of interest",
}
# The pages this walk must find among the editing pages (a guard against a page silently
# answering 404 to everyone after a change of the demo data).
EXPECTED = {
    "coalitions:proposal-edit",
    "coalitions:proposal-member",
    "coalitions:hub-manage",
    "coalitions:my-organizations",
    "coalitions:organization-name-listing",
    "summaries:session-edit",
    "summaries:report",
    "summaries:draft",
    "summaries:entry",
    "profile",
}
# Not the proposal's: its change page is the reviewers' reading page, with no Save
# (ProposalAdmin.change_view); a review is written on the Review's page.
EXPECTED_ADMIN = {"coalitions.Review", "summaries.Session", "coalitions.Organization"}
# The admin's pages are opened by the staff who work there before the superuser.
ADMIN_ACCOUNTS = (REVIEWER, ORGANIZER, ADMIN)


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
    add_what_the_demo_lacks()
    # The rows added above bypass the forms: bring the criteria stored on proposals up to date
    # with them, as the portal does after any change (coalitions.derived), so that a save
    # that recomputes them is not taken for a change.
    call_command("recompute_criteria", "--all", stdout=io.StringIO())


def add_what_the_demo_lacks() -> None:
    """One row of each kind the demo does not make, so that every page and every admin change
    page has something to open and save: a dated milestone on the draft, a notification,
    invitations, a join request, a claim, an update, a review with its assignment, a merge
    suggestion and request, a support request, an export and a webhook endpoint with a
    delivery."""
    filer, coeditor = User.objects.get(email=FILER), User.objects.get(email=COEDITOR)
    reviewer = User.objects.get(email=REVIEWER)
    draft = Proposal.objects.get(owner=filer, status=ProposalStatus.DRAFT)
    led = Proposal.objects.published().filter(owner=filer).order_by("pk").first()
    other = Proposal.objects.exclude(pk__in=[draft.pk, led.pk]).order_by("pk").first()
    # Reviewed, as a proposal with a review is (a review of a submitted one starts its review).
    Proposal.objects.filter(pk=other.pk).update(status=ProposalStatus.IN_REVIEW)
    outside = Organization.objects.exclude(memberships__proposal=draft).order_by("pk").first()
    network = Network.objects.order_by("pk").first()
    Notification.objects.create(
        recipient=filer,
        email=filer.email,
        kind="eoi_submitted",
        subject="…",
        body_text="…",
        dedup_key="round-trip",
        url=draft.get_absolute_url(),
    )
    # A dated milestone and a text of two lines on the EOI form (the demo draft has neither).
    WorkPlanItem.objects.create(
        proposal=draft, date=datetime.date(2027, 1, 30), title="Atelier", description="Un.\nDeux."
    )
    EditorInvitation.objects.create(proposal=draft, email=coeditor.email, invited_by=filer)
    JoinRequest.objects.create(
        proposal=led, organization=outside, requested_by=coeditor, message="Nous aimerions."
    )
    Representative.objects.create(organization=outside, user=coeditor)
    PartnerInvitation.objects.create(proposal=draft, organization=outside, invited_by=filer)
    CoalitionUpdate.objects.create(proposal=led, author=filer, body="Première réunion tenue.")
    Assignment.objects.create(proposal=other, network=network, reviewer=reviewer)
    AssignmentRun.objects.create(edition=other.edition, proposals=[other.pk])
    Reviewer.objects.get_or_create(user=reviewer, defaults={"network": network})
    Review.objects.create(
        proposal=other,
        reviewer=reviewer,
        network=network,
        recommendation="shortlist",
        relevance=4,
        diversity=3,
        feasibility=5,
        comment="Solide.",
    )
    MergeSuggestion.objects.create(
        proposal_a=led, proposal_b=other, score=0.5, text_score=0.4, member_score=0.25
    )
    merge = MergeRequest.objects.create(title="Ensemble", reason="Mêmes objectifs.")
    MergeConsent.objects.create(request=merge, proposal=led)
    MergeConsent.objects.create(request=merge, proposal=other)
    SupportFollowUp.objects.create(proposal=other, assignee=reviewer)
    SummaryExport.objects.create(
        edition=ConferenceEdition.objects.get(slug="un-csc-2024"), format="docx", version=1
    )
    OrganizationCorrection.objects.create(
        organization=outside,
        proposed_by=coeditor,
        proposal=draft,
        values={"acronym": "RÉS"},
        before={"acronym": outside.acronym},
    )
    # A public address, written as one, so saving the endpoint checks it without a lookup.
    hook = WebhookEndpoint.objects.create(
        url="https://9.9.9.9/hooks/impact", events=["coalition.published"], secret="s3cret"
    )
    WebhookDelivery.objects.create(endpoint=hook, event="coalition.published", body="{}")
    # Someone with an authenticator app and a single sign-on link (not an account the walk
    # signs in with, which would then be asked for a code).
    keyholder = User.objects.create_user(email="keys@demo.impact-hub.org", password=None)
    TOTP.activate(keyholder, generate_totp_secret())
    SocialAccount.objects.create(
        user=keyholder, provider="institution", uid="keyholder", extra_data={"sub": "keyholder"}
    )


def argument_values() -> dict:
    """Values for URL arguments, by (segment before, argument name), then by name alone."""
    draft = Proposal.objects.get(owner__email=FILER, status=ProposalStatus.DRAFT)
    led = Proposal.objects.published().filter(owner__email=FILER).order_by("pk").first()
    session = (
        Session.objects.filter(organizers__email__in=ACCOUNTS, report__status=ReportStatus.DRAFT)
        .order_by("pk")
        .first()
    )
    entry = SummaryEntry.objects.filter(draft__edition=session.edition).order_by("pk").first()
    member = draft.members.order_by("pk").first()
    # A draft is nobody's to discuss: the networks' discussion is walked on a proposal in review.
    in_review = Proposal.objects.filter(status=ProposalStatus.IN_REVIEW).order_by("pk").first()
    return {
        ("coalitions:discussion", "pk"): in_review.pk,
        ("proposals", "pk"): draft.pk,
        ("members", "org"): member.organization_id,
        ("partners", "org"): member.organization_id,
        ("versions", "number"): 1,
        ("coalitions", "slug"): led.public_slug,
        ("milestones", "pk"): WorkPlanItem.objects.filter(proposal=led).first().pk,
        ("sessions", "pk"): session.pk,
        ("summaries", "slug"): session.edition.slug,
        ("entries", "pk"): entry.pk,
        ("organizations", "pk"): member.organization_id,
        ("coalitions", "table"): "coalitions",
        ("", "decision"): "accept",
        ("", "answer"): "accept",
        ("notifications", "pk"): Notification.objects.get(dedup_key="round-trip").pk,
        ("invitations", "token"): EditorInvitation.objects.get(proposal=draft).token,
        ("requests", "pk"): JoinRequest.objects.get(proposal=led).pk,
        ("claims", "pk"): Representative.objects.filter(user__email=COEDITOR).first().pk,
        ("partner-invitations", "pk"): PartnerInvitation.objects.get(proposal=draft).pk,
        ("merge-requests", "pk"): MergeRequest.objects.get().pk,
        ("support", "pk"): SupportFollowUp.objects.get().proposal_id,
        ("exports", "pk"): SummaryExport.objects.get().pk,
        ("corrections", "pk"): OrganizationCorrection.objects.get().pk,
        ("assignment", "pk"): AssignmentRun.objects.get().pk,
    }


def build(route, values: dict) -> dict | None:
    """The route's arguments: a value for the route itself first, else by segment and name."""
    kwargs = {}
    for segment, name in route.args:
        key = (route.name, name) if (route.name, name) in values else (segment, name)
        if key not in values:
            return None
        kwargs[name] = values[key]
    return kwargs


def clients() -> dict[str, Client]:
    found = {}
    for email in ACCOUNTS:
        found[email] = Client()
        found[email].force_login(User.objects.get(email=email))
    return found


def opened(client: Client, path: str) -> tuple[int, str]:
    response = client.get(path)
    html = response["Content-Type"].startswith("text/html") if response.status_code == 200 else 0
    return response.status_code, response.content.decode() if html else ""


def url_pages(visitors: dict[str, Client]) -> tuple[dict, list[str]]:
    """{URL name: (path, account)} of the editing pages, and what could not be walked."""
    values, pages, problems = argument_values(), {}, []
    for route in routes():
        if route.name.startswith("admin:") or route.name in EXCLUDED:
            continue  # the admin's pages come from its registry
        if any(route.module.startswith(prefix) for prefix in EXCLUDED_MODULES):
            continue
        kwargs = build(route, values)
        if kwargs is None:
            problems.append(f"{route.name}: no value for {route.args} in argument_values()")
            continue
        path, statuses = reverse(route.name, kwargs=kwargs), set()
        for email, client in visitors.items():
            status, html = opened(client, path)
            statuses.add(status)
            if html and editing_forms(html):
                pages[route.name] = (path, email)
                break
        # POST-only actions answer 405; redirects and files are no pages with a form.
        if route.name not in pages and not statuses & {200, 302, 405}:
            problems.append(f"{route.name}: {path} answered {sorted(statuses)} to everyone")
    return pages, problems


def admin_pages(visitors: dict[str, Client]) -> tuple[dict, list[str]]:
    """{model label: (change page, account)} for every registered model with a change page
    someone may save."""
    pages, problems = {}, []
    for model in admin.site._registry:
        label, opts = model._meta.label, model._meta
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            problems.append(f"admin {label}: no row in the demo data to open")
            continue
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        statuses = set()
        for email in ADMIN_ACCOUNTS:
            status, html = opened(visitors[email], path)
            statuses.add(status)
            if html and editing_forms(html):
                pages[f"admin {label}"] = (path, email)
                break
        if 200 not in statuses:
            problems.append(f"admin {label}: {path} answered {sorted(statuses)} to the staff")
    return pages, problems


# --- the browser ---------------------------------------------------------------------------


def acts(path: str) -> bool:
    try:
        return resolve(path).view_name in ACTIONS
    except Resolver404:
        return False


def go(page, path: str) -> None:
    """Open `path`, once more if a navigation the last page started (a script reloading it
    after a save) interrupted it."""
    for attempt in range(3):
        try:
            page.goto(path)
            return
        except Exception as exc:  # noqa: BLE001 - Playwright's error for an interrupted navigation
            if "interrupted by another navigation" not in str(exc) or attempt == 2:
                raise
            page.wait_for_load_state()
            page.wait_for_timeout(500)


def walk(page, name: str, path: str, lang: str, outcomes: dict) -> list[str]:
    """Save each editing form of the page unchanged; what changed in the database. What the
    server answered each form goes into `outcomes`."""
    found, first = [], True
    go(page, path)
    actions = page.evaluate(MARK_FORMS_JS, list(CHROME_ACTIONS))
    for index, action in enumerate(actions):
        if acts(action):
            continue
        if not first:
            go(page, path)
            page.evaluate(MARK_FORMS_JS, list(CHROME_ACTIONS))
        first = False
        before = snapshot()
        status = submit_unchanged(page, index)
        changed = differences(before, snapshot())
        outcomes[(name, index)] = status.split(":")[0]
        if status.startswith(("5", "not sent", "no submit")) or changed:
            screenshot(page, f"round-trip-{name.replace(':', '-').replace(' ', '-')}-{lang}")
            found.append(f"{name} [{lang}] form {index} ({path}) answered {status}: {changed}")
    return found


def speak(email: str, lang: str) -> User:
    user = User.objects.get(email=email)
    user.language = lang
    user.save(update_fields=["language"])
    return user


def test_every_editing_page_saves_unchanged_in_every_language(browser, live_server, demo):
    visitors = clients()
    pages, problems = url_pages(visitors)
    on_admin, admin_problems = admin_pages(visitors)
    assert not problems + admin_problems, "\n".join(problems + admin_problems)
    assert EXPECTED <= set(pages), EXPECTED - set(pages)
    assert {f"admin {label}" for label in EXPECTED_ADMIN} <= set(on_admin)
    pages.update(on_admin)
    found, outcomes = [], {"en": {}, "fr": {}, "es": {}}
    for lang in outcomes:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1280, "height": 900},
            locale=lang,
            extra_http_headers={"Accept-Language": lang},
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        for email in ACCOUNTS:
            context.clear_cookies()
            login(page, speak(email, lang), DEMO_PASSWORD)
            for name, (path, account) in pages.items():
                if account == email:
                    found += walk(page, name, path, lang, outcomes[lang])
        context.close()
    # A form refused in one language (a date the browser emptied, a required box left blank)
    # saves nothing either: the answer must not depend on the language.
    for lang in ("fr", "es"):
        found += [
            f"{name} form {index}: {outcomes['en'][(name, index)]} in English, {status} in {lang}"
            for (name, index), status in outcomes[lang].items()
            if status != outcomes["en"].get((name, index))
        ]
    # An admin Save of an unchanged page is never refused.
    found += [
        f"{name} form {index}: {status}"
        for (name, index), status in outcomes["en"].items()
        if name.startswith("admin ") and status != "302"
    ]
    assert not found, "\n".join(found)
