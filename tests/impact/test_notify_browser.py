"""The notifications page in a real browser, desktop and phone, with the unread badge."""

import pytest

from impact.models import Notification
from tests.conftest import login, screenshot
from tests.impact.test_mailer import make_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seed(user) -> None:
    subjects = [
        "Expression of interest submitted: Coalition for accountable global governance",
        '7 days left to submit "Water for all: a coalition of river-basin communities"',
        "2 proposals newly assigned to you for review",
    ]
    for n, subject in enumerate(subjects):
        make_row(
            n,
            recipient=user,
            email=user.email,
            subject=subject,
            state=Notification.State.SENT,
            url="/" if n else "",
            read_at=None if n else "2024-03-01T10:00Z",
        )


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_page_shows_unread_first_class_and_marks_them_read(request, device, owner):
    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    seed(owner)
    login(page, owner)
    page.goto("/notifications/")
    badge = page.locator(".nav-notifications .badge")
    if device == "phone":
        page.click(".navbar-toggler")
    assert badge.get_attribute("data-unread") == "2"
    assert page.locator(".notification-unread").count() == 2
    screenshot(page, f"notifications-{device}")

    page.locator(".notification-unread button", has_text="Mark as read").first.click()
    page.wait_for_load_state()
    assert page.locator(".notification-unread").count() == 1
    page.click("text=Mark all as read")
    page.wait_for_load_state()
    assert page.locator(".notification-unread").count() == 0
    assert page.locator(".nav-notifications .badge").count() == 0
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_html_email_layout_reads_well(request, device, owner, edition):
    """A reminder rendered with the shared e-mail layout, as a mail client would show it."""
    import datetime

    from django.utils import timezone

    from coalitions.review import reminders
    from tests.factories import ProposalFactory

    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    now = timezone.now().replace(hour=12)
    edition.eoi_deadline = now + datetime.timedelta(days=7, hours=6)
    edition.save()
    ProposalFactory(owner=owner, edition=edition, title="Water for all")
    reminders.send_deadline_reminders(now=now)
    row = Notification.objects.get()
    page.set_content(row.body_html)
    assert page.locator("a", has_text="Finish and submit").get_attribute("href").endswith(row.url)
    assert "Dear Olive," in page.content()
    screenshot(page, f"email-deadline-reminder-{device}")
