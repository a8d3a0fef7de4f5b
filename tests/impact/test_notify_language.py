"""Notifications are kept as a kind and a context, and read in the reader's language of the
moment: on the notifications page in the request's language, in the e-mail in the recipient's
account language at send time."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from coalitions import workflow
from impact.mailer import send_one
from impact.models import Notification
from impact.notify import notify, release_held
from impact.rendering import message_of
from tests.coalitions.review.review_helpers import fast_hashing, submitted  # noqa: F401
from tests.factories import ProposalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]


def _plain(text: str) -> str:
    # French puts a no-break space before a colon.
    return text.replace("\u00a0", " ")


def _read_page_in(client, user, language: str) -> str:
    """The notifications page as `user` reads it after switching the site to `language`."""
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("notifications"))
    assert response.status_code == 200
    return _plain(response.content.decode())


def _shortlist_and_publish(owner, reviewer, organizer, edition, capture, **extra):
    proposal = submitted(owner=owner, edition=edition, title="Water commons", **extra)
    with capture(execute=True):
        workflow.shortlist(proposal, actor=reviewer)
        workflow.publish(proposal, actor=organizer)
    return proposal


@pytest.mark.parametrize(
    ("language", "shortlisted", "published"),
    [
        ("fr", "Présélectionnée : Water commons", "Publiée dans le hub : Water commons"),
        ("es", "Preseleccionada: Water commons", "Publicada en el hub: Water commons"),
    ],
)
def test_the_page_shows_messages_queued_in_english_in_the_readers_language(
    client,
    owner,
    reviewer,
    organizer,
    edition,
    django_capture_on_commit_callbacks,
    language,
    shortlisted,
    published,
):
    # English is active and the owner's account is in English while the decisions are made.
    _shortlist_and_publish(owner, reviewer, organizer, edition, django_capture_on_commit_callbacks)
    kept = dict(Notification.objects.values_list("kind", "subject"))
    assert kept == {
        "shortlisted": "Shortlisted: Water commons",
        "published": "Published in the hub: Water commons",
    }
    html = _read_page_in(client, owner, language)
    assert shortlisted in html and published in html
    assert "Shortlisted:" not in html and "Published in the hub" not in html
    # Back in English, the same rows read in English again.
    html = _read_page_in(client, owner, "en")
    assert "Shortlisted: Water commons" in html and "Published in the hub: Water commons" in html


def test_the_context_keeps_ids_and_the_values_the_templates_read(
    owner, reviewer, organizer, edition, django_capture_on_commit_callbacks
):
    proposal = _shortlist_and_publish(
        owner, reviewer, organizer, edition, django_capture_on_commit_callbacks
    )
    row = Notification.objects.get(kind="shortlisted")
    assert row.context == {
        "proposal": {
            "pk": proposal.pk,
            "title": "Water commons",
            "edition": {"pk": edition.pk, "name": edition.name},
        },
        "reason": "",
        "reviewers_reasons": "",  # the discussion is open: nothing to quote
    }


def test_the_title_is_shown_as_it_was_when_the_message_was_queued(
    client, owner, reviewer, organizer, edition, django_capture_on_commit_callbacks
):
    """A message tells of an event: renaming the proposal later does not rewrite it."""
    proposal = _shortlist_and_publish(
        owner, reviewer, organizer, edition, django_capture_on_commit_callbacks
    )
    proposal.title = "Renamed coalition"
    proposal.save(update_fields=["title"])
    html = _read_page_in(client, owner, "fr")
    assert "Présélectionnée : Water commons" in html
    assert "Renamed coalition" not in html


def test_mail_is_written_in_the_recipients_language_when_it_is_sent(
    owner, coeditor, reviewer, edition, django_capture_on_commit_callbacks
):
    """Decisions held for a review round are queued in English; the owner switches to Spanish
    and the co-editor to French before the round is released: each reads their own."""
    proposal = submitted(owner=owner, edition=edition, title="Clean air")
    proposal.editors.add(coeditor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.shortlist(proposal, actor=reviewer, hold_key="round-1")
    assert mail.outbox == []
    owner.language, coeditor.language = "es", "fr"
    owner.save(update_fields=["language"])
    coeditor.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        assert release_held("round-1") == 2
    sent = {message.to[0]: message for message in mail.outbox}
    assert sent[owner.email].subject == "Preseleccionada: Clean air"
    assert sent[owner.email].body.startswith("Hola, Olive:\n\nEnhorabuena")
    assert _plain(sent[coeditor.email].subject) == "Présélectionnée : Clean air"
    assert sent[coeditor.email].body.startswith("Bonjour Cora,")
    # The row records the language it went out in.
    rows = Notification.objects.filter(kind="shortlisted")
    assert dict(rows.values_list("email", "language")) == {owner.email: "es", coeditor.email: "fr"}


def test_dates_are_kept_as_dates_and_written_in_the_readers_language(owner, edition):
    deadline = datetime.datetime(2026, 3, 15, 17, 0, tzinfo=datetime.UTC)
    proposal = ProposalFactory(owner=owner, edition=edition, title="Clean air")
    row = notify(
        kind="eoi_deadline_reminder",
        user=owner,
        context={"proposal": proposal, "edition": edition, "deadline": deadline, "days_left": 3},
        url=proposal.get_absolute_url(),
        dedup_key="deadline:1",
    )
    assert row.context["deadline"] == {"__datetime__": "2026-03-15T17:00:00+00:00"}
    row.refresh_from_db()
    assert "15 March 2026" in message_of(row, "en")[1]
    subject, text, html = message_of(row, "fr")
    assert "15 mars 2026" in text and "15 mars 2026" in html
    assert "3 jours" in subject
    assert "15 marzo 2026" in message_of(row, "es")[1].replace("de ", "")


def test_lists_of_objects_are_kept_item_by_item(reviewer, edition):
    first = ProposalFactory(edition=edition, title="First coalition")
    second = ProposalFactory(edition=edition, title="Second coalition")

    class Assignment:  # what the digest reads of an assignment
        def __init__(self, proposal):
            self.proposal = proposal

    row = notify(
        kind="review_digest",
        user=reviewer,
        context={"assignments": [Assignment(first), Assignment(second)]},
        url="/admin/",
        dedup_key="digest:1",
    )
    row.refresh_from_db()
    assert [a["proposal"]["title"] for a in row.context["assignments"]] == [
        "First coalition",
        "Second coalition",
    ]
    subject, text, _html = message_of(row, "es")
    assert "2 nuevas propuestas" in subject and "- First coalition" in text
    assert "- Second coalition (Test Conference)" in text


def test_a_message_whose_templates_are_gone_still_shows_its_queued_subject(client, owner, edition):
    proposal = ProposalFactory(owner=owner, edition=edition, title="Clean air")
    row = notify(
        kind="published",
        user=owner,
        context={"proposal": proposal},
        url="/",
        dedup_key="gone:1",
    )
    Notification.objects.filter(pk=row.pk).update(kind="retired_kind")
    html = _read_page_in(client, owner, "fr")
    assert "Published in the hub: Clean air" in html


def test_a_row_queued_before_contexts_were_kept_is_sent_with_its_stored_text(owner):
    row = Notification.objects.create(
        recipient=owner,
        email=owner.email,
        kind="published",
        language="en",
        subject="Published in the hub: Old times",
        body_text="Stored body\n",
        dedup_key="legacy:1",
    )
    assert row.context is None
    assert send_one(row.pk) == Notification.State.SENT
    assert (mail.outbox[0].subject, mail.outbox[0].body) == (row.subject, "Stored body\n")


def _queue(owner, edition, count: int) -> None:
    kinds = ["shortlisted", "published", "eoi_submitted"]

    class Version:
        number = 2

    for n in range(count):
        proposal = ProposalFactory(owner=owner, edition=edition, title=f"Coalition {n}")
        notify(
            kind=kinds[n % len(kinds)],
            user=owner,
            context={"proposal": proposal, "version": Version(), "reason": ""},
            url=proposal.get_absolute_url(),
            dedup_key=f"page:{n}",
        )
    Notification.objects.update(state=Notification.State.SENT, sent_at=timezone.now())


@pytest.mark.parametrize("count", [1, 10])
def test_the_translated_page_runs_a_constant_number_of_queries(
    client, owner, edition, count, django_assert_num_queries
):
    _queue(owner, edition, count)
    _read_page_in(client, owner, "fr")  # the session and the user's roles are then cached
    # user, COUNT for the paginator, the page of rows, the unread COUNT for the badge: rendering
    # each row's subject from its context asks the database nothing.
    with django_assert_num_queries(4):
        response = client.get(reverse("notifications"))
    html = _plain(response.content.decode())
    assert html.count('class="list-group-item') == count
    assert "Présélectionnée : Coalition 0" in html
    if count > 2:
        assert "Manifestation d'intérêt soumise : Coalition 2" in html.replace("&#x27;", "'")


def test_lazy_translations_and_numbers_are_kept_for_every_language():
    """Account mail's templates print `subject` and `body` whole: a convenient kind to show a
    lazy translation kept in every language, and a decimal formatted the reader's way."""
    row = notify(
        kind="account",
        email="someone@example.net",
        context={"subject": gettext_lazy("Shortlisted"), "body": Decimal("1.50")},
        dedup_key="lazy:1",
    )
    row.refresh_from_db()
    assert row.context["subject"]["__i18n__"]["fr"] == "Présélectionnée"
    assert row.context["body"] == {"__decimal__": "1.50"}
    assert message_of(row, "fr")[:2] == ("Présélectionnée", "1,50\n")
    assert message_of(row, "en")[:2] == ("Shortlisted", "1.50\n")


def test_organizers_see_the_queued_text_and_the_context_in_the_admin(client, organizer, owner):
    proposal = ProposalFactory(owner=owner, title="Clean air")
    row = notify(
        kind="published", user=owner, context={"proposal": proposal}, url="/", dedup_key="adm:1"
    )
    client.force_login(organizer)
    html = client.get(f"/admin/impact/notification/{row.pk}/change/").content.decode()
    assert "Published in the hub: Clean air" in html
    assert f"&quot;pk&quot;: {proposal.pk}" in html
    listing = client.get("/admin/impact/notification/?q=Clean+air").content.decode()
    assert owner.email in listing
