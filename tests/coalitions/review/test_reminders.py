"""EOI deadline reminders and the reviewers' digest: sent once, whatever how often they run."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from coalitions.enums import ProposalStatus
from coalitions.models import Assignment, Network, Reviewer
from coalitions.review import reminders
from impact.celery import app
from impact.models import Notification
from tests.factories import ProposalFactory, ProposalMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def noon():
    # A fixed time of day, so "N days before" never straddles midnight.
    return timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)


def deadline_in(edition, days: int, noon) -> None:
    edition.eoi_deadline = noon + datetime.timedelta(days=days, hours=6)
    edition.save()


@pytest.mark.parametrize(
    ("days_left", "offset"),
    [(9, None), (8, None), (7, 7), (5, 7), (2, 7), (1, 1), (0, 1), (-1, None)],
)
def test_each_day_maps_to_the_reminder_due(days_left, offset):
    assert reminders.deadline_offset(days_left) == offset


def test_the_deadline_reminder_run_twice_on_the_same_day_sends_once(
    owner, edition, noon, django_capture_on_commit_callbacks
):
    deadline_in(edition, 7, noon)
    draft = ProposalFactory(owner=owner, edition=edition, title="Clean air")
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_deadline_reminders(now=noon) == 1
        assert reminders.send_deadline_reminders(now=noon + datetime.timedelta(hours=3)) == 0
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert message.subject == '7 days left to submit "Clean air"'
    assert draft.get_absolute_url() in message.body
    row = Notification.objects.get()
    assert row.dedup_key == f"eoi_deadline:{edition.slug}:d7:{draft.pk}:{owner.pk}"


def test_only_owners_of_drafts_are_reminded(owner, coeditor, outsider, edition, noon):
    deadline_in(edition, 1, noon)
    draft = ProposalFactory(owner=owner, edition=edition)
    draft.editors.add(coeditor)
    ProposalFactory(owner=outsider, edition=edition, status=ProposalStatus.SUBMITTED)
    assert reminders.send_deadline_reminders(now=noon) == 1
    assert list(Notification.objects.values_list("email", flat=True)) == [owner.email]
    assert Notification.objects.get().subject.startswith("1 day left")


def test_the_seven_day_and_the_one_day_reminders_each_go_once(owner, edition, noon):
    ProposalFactory(owner=owner, edition=edition)
    deadline = noon + datetime.timedelta(days=7, hours=6)
    edition.eoi_deadline = deadline
    edition.save()
    sent_per_day = [
        reminders.send_deadline_reminders(now=noon + datetime.timedelta(days=day))
        for day in range(8)  # 7 days left … 0 days left
    ]
    assert sent_per_day == [1, 0, 0, 0, 0, 0, 1, 0]
    assert {
        key.split(":")[2] for key in Notification.objects.values_list("dedup_key", flat=True)
    } == {
        "d7",
        "d1",
    }


def test_a_missed_day_is_caught_up(owner, edition, noon):
    deadline_in(edition, 5, noon)  # beat was down on the 7th day before
    ProposalFactory(owner=owner, edition=edition)
    assert reminders.send_deadline_reminders(now=noon) == 1
    assert Notification.objects.get().subject.startswith("5 days left")


def test_nothing_is_sent_far_from_or_after_the_deadline(owner, edition, noon):
    ProposalFactory(owner=owner, edition=edition)
    deadline_in(edition, 10, noon)
    assert reminders.send_deadline_reminders(now=noon) == 0
    edition.eoi_deadline = noon - datetime.timedelta(hours=1)
    edition.save()
    assert reminders.send_deadline_reminders(now=noon) == 0
    assert not Notification.objects.exists()


def test_each_edition_has_its_own_reminders(owner, edition, noon):
    from tests.factories import EditionFactory

    other = EditionFactory(slug="other-conference", name="Other", is_current=False)
    for e in (edition, other):
        deadline_in(e, 7, noon)
        ProposalFactory(owner=owner, edition=e)
    assert reminders.send_deadline_reminders(now=noon) == 2
    keys = Notification.objects.values_list("dedup_key", flat=True)
    assert {k.split(":")[1] for k in keys} == {edition.slug, other.slug}


def test_the_reminder_is_in_the_owners_language(owner, edition, noon):
    owner.language = "fr"
    owner.save()
    deadline_in(edition, 7, noon)
    ProposalFactory(owner=owner, edition=edition)
    reminders.send_deadline_reminders(now=noon)
    assert Notification.objects.get().language == "fr"


def test_every_scheduled_task_exists():
    """A beat entry naming a task nobody registered would fail every day, silently."""
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


# --- the reviewers' digest -----------------------------------------------------------------


def test_the_digest_does_nothing_without_assignments():
    assert reminders.send_reviewer_digests() == 0


def test_the_digest_lists_new_assignments_once_per_reviewer(
    reviewer, expert, edition, django_capture_on_commit_callbacks
):
    network = Network.objects.create(name="Test network", slug="test-network")
    colleague = UserFactory(email="colleague@example.org")
    Reviewer.objects.create(user=reviewer, network=network)
    Reviewer.objects.create(user=colleague, network=network)
    conflicted = Reviewer.objects.create(user=expert, network=network)
    first = ProposalFactory(edition=edition, title="First proposal")
    second = ProposalFactory(edition=edition, title="Second proposal")
    # The expert's organization is a member of the second proposal: not theirs to review.
    conflicted.organization = ProposalMemberFactory(proposal=second).organization
    conflicted.save()
    Assignment.objects.create(proposal=first, network=network, reviewer=reviewer)
    Assignment.objects.create(proposal=second, network=network, reviewer=None)

    now = timezone.now() + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reviewer_digests(now=now) == 2
        assert reminders.send_reviewer_digests(now=now) == 0  # same day: once
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_person) == {reviewer.email, colleague.email}  # not the conflicted expert
    assert "First proposal" in by_person[reviewer.email]
    assert "Second proposal" in by_person[reviewer.email]
    assert "Second proposal" in by_person[colleague.email]
    assert "First proposal" not in by_person[colleague.email]

    # The next day, only what was assigned since.
    third = ProposalFactory(edition=edition, title="Third proposal")
    Assignment.objects.create(proposal=third, network=network, reviewer=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reviewer_digests(now=now + datetime.timedelta(days=1)) == 1
    latest = mail.outbox[-1]
    assert latest.to == [reviewer.email]
    assert "Third proposal" in latest.body and "First proposal" not in latest.body
