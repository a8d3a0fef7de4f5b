"""An organizer opens the held decisions, reads a French letter as it will be sent, on a
desktop and on a phone, and releases the group: each filer gets one e-mail."""

import pytest
from django.core import mail

from coalitions import workflow
from coalitions.models import DiscussionClosure
from impact.models import Notification
from tests.coalitions.review.review_helpers import reseeded, submitted  # noqa: F401
from tests.conftest import login, screenshot
from tests.e2e.walk import axe_violations, english_left, user_data
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reseeded"),
]
REASONS = (
    "Strong regional spread across five regions.\n"
    "The work plan's Summit milestone is vague: firm it up before the conference."
)


@pytest.fixture
def held(reviewer, organizer):
    lead = UserFactory(email="lea.martin@example.org", name="Léa Martin", language="fr")
    editor = UserFactory(email="ana.perez@example.org", name="Ana Pérez", language="es")
    kept = submitted(owner=lead, title="Water for all: community-led water governance")
    kept.editors.add(editor)
    DiscussionClosure.objects.create(proposal=kept, reasons=REASONS, closed_by=organizer)
    workflow.shortlist(kept, actor=reviewer, hold_key="round-1")
    other = submitted(owner=UserFactory(language="en"), title="Seeds")
    workflow.decline(other, actor=reviewer, reason="Too narrow.", hold_key="round-1")
    return lead, editor


def open_letter(page, kind, language):
    letter = page.locator(f'[data-testid="letter-{kind}-{language}"]')
    letter.locator("summary").click()
    return letter


def test_the_organizer_reads_the_letters_then_releases_them(page, organizer, held):
    lead, editor = held
    login(page, organizer)
    page.goto("/review/decisions/")
    page.locator('[data-testid="proposals"] summary').click()
    letter = open_letter(page, "shortlisted", "fr")
    assert letter.locator('[data-testid="subject"]').inner_text().startswith("Présélectionnée")
    body = letter.locator('[data-testid="body"]').inner_text()
    assert "Les raisons des évaluateurs :" in body and REASONS in body
    screenshot(page, "held-decisions-desktop")
    page.click('[data-testid="hold-round-1"] button[type=submit]')
    # A confirmation first, stating what goes to whom; nothing is sent before it.
    assert "holds 3 letters, to 3 people" in page.inner_text('[data-testid="release-size"]')
    assert Notification.objects.filter(state="held").count() == 3
    page.check("#release-confirm-box")
    page.click('[data-testid="release-confirm"] button[type=submit]')
    page.wait_for_selector("text=Nothing is held.")
    assert not Notification.objects.filter(state="held").exists()
    sent = {m.to[0]: m for m in mail.outbox}
    assert (
        REASONS in sent[lead.email].body
        and "Los motivos de los revisores:" in sent[editor.email].body
    )
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_page_speaks_the_organizers_language_and_passes_axe(
    browser, live_server, organizer, held, lang
):
    organizer.language = lang
    organizer.save(update_fields=["language"])
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale=lang,
        extra_http_headers={"Accept-Language": lang},
        bypass_csp=True,  # axe-core is injected as an inline script
    )
    page = context.new_page()
    login(page, organizer)
    page.goto("/review/decisions/")
    for letter in page.locator("details").all():
        letter.locator("summary").click()
    # The letters' texts are in their recipients' languages, whatever the organizer reads.
    texts = user_data() + [
        page.locator('[data-testid="body"]').nth(i).inner_text()
        for i in range(page.locator('[data-testid="body"]').count())
    ]
    texts += [s.inner_text() for s in page.locator('[data-testid="subject"]').all()]
    assert english_left(page, texts) == []
    assert axe_violations(page) == []
    context.close()


def test_a_letter_reads_on_a_phone(phone_page, organizer, held):
    login(phone_page, organizer)
    phone_page.goto("/review/decisions/")
    open_letter(phone_page, "shortlisted", "es")
    open_letter(phone_page, "declined", "en")
    screenshot(phone_page, "held-decisions-phone")
    # Nothing wider than the screen: the letter's long lines wrap.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_the_admin_decline_asks_a_reason_only_for_an_open_discussion(screen, organizer, request):
    page = request.getfixturevalue(screen)
    closed = submitted(title="Closed discussion")
    DiscussionClosure.objects.create(proposal=closed, reasons=REASONS, closed_by=organizer)
    still_open = submitted(title="Open discussion")
    login(page, organizer)
    page.goto("/admin/coalitions/proposal/")
    for p in (closed, still_open):
        page.check(f"input[name=_selected_action][value='{p.pk}']")
    page.select_option("select[name=action]", "decline_selected")
    page.click("button[name=index]")
    assert "quote the reasons it was closed with" in page.inner_text("#content-main")
    page.click("input[type=submit][value=Confirm]")
    error = page.locator(".form-row.errors .errorlist").inner_text()
    assert "the discussion of “Open discussion” is not closed" in error
    screenshot(page, f"admin-decline-reason-{screen}")
    assert not Notification.objects.exists()
