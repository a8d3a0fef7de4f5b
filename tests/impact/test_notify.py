"""notify(): one outbox row per message, written with the change, sent after commit."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction

from impact.models import Notification
from impact.notify import discard_held, normalize_dedup_key, notify, release_held
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _submitted(proposal, user, key="k1", **extra):
    class Version:
        number = 1

    return notify(
        kind="eoi_submitted",
        user=user,
        context={"proposal": proposal, "version": Version()},
        url=proposal.get_absolute_url(),
        dedup_key=key,
        **extra,
    )


def test_it_renders_subject_text_and_html_and_sends_after_commit(
    owner, edition, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(owner=owner, edition=edition, title="Water for all")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = _submitted(proposal, owner)
        # Nothing leaves before the transaction commits.
        assert mail.outbox == []
        assert row.state == Notification.State.PENDING
    assert len(callbacks) == 1
    row.refresh_from_db()
    assert row.state == Notification.State.SENT
    assert row.attempts == 1
    assert row.subject == "Expression of interest submitted: Water for all"
    assert "Dear Olive," in row.body_text
    assert proposal.get_absolute_url() in row.body_text
    assert row.body_html.startswith("<!DOCTYPE html>") and "Water for all" in row.body_html
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.extra_headers["Message-ID"].startswith(f"<notification-{row.pk}.")


def test_the_same_dedup_key_is_queued_once(owner, edition, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(owner=owner, edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        first = _submitted(proposal, owner, key="same")
        second = _submitted(proposal, owner, key="same")
    assert first is not None and second is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def _release_when_blocked(release: threading.Event) -> None:
    """Let the first transaction commit once another backend waits on a lock (our insert)."""
    try:
        for _ in range(200):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    break
            time.sleep(0.05)
    finally:
        release.set()
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_racing_duplicate_is_refused_without_spoiling_the_callers_transaction(owner, edition):
    """Two transactions queue the same key at once: the database's unique index decides."""
    proposal = ProposalFactory(owner=owner, edition=edition)
    inserted, release = threading.Event(), threading.Event()

    def first():
        try:
            with transaction.atomic():
                _submitted(proposal, owner, key="race")
                inserted.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert inserted.wait(10)
    with transaction.atomic():
        # Our pre-check cannot see the uncommitted row; the insert waits on the index
        # until the first transaction commits, then is refused.
        threading.Thread(target=_release_when_blocked, args=(release,)).start()
        assert _submitted(proposal, owner, key="race") is None
        proposal.title = "Still writable"
        proposal.save()  # the refused insert did not break this transaction
    thread.join(10)
    assert Notification.objects.filter(dedup_key="race").count() == 1
    proposal.refresh_from_db()
    assert proposal.title == "Still writable"


def test_a_rolled_back_change_sends_nothing(owner, edition, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(owner=owner, edition=edition)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                _submitted(proposal, owner)
                raise RuntimeError("the change failed")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_it_renders_in_the_recipients_language(owner, edition):
    owner.language = "fr"
    owner.save()
    proposal = ProposalFactory(owner=owner, edition=edition)
    row = _submitted(proposal, owner)
    assert row.language == "fr"


def test_a_bare_address_gets_a_message_too(edition, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        row = _submitted(proposal, None, email="someone@example.net")
    assert row.recipient is None
    assert [m.to for m in mail.outbox] == [["someone@example.net"]]
    with pytest.raises(ValueError):
        notify(kind="eoi_submitted", dedup_key="x", context={})


def test_long_dedup_keys_stay_distinct():
    a = normalize_dedup_key("x" * 300 + "a")
    b = normalize_dedup_key("x" * 300 + "b")
    assert len(a) == len(b) == 255
    assert a != b
    assert normalize_dedup_key("short") == "short"


def test_held_messages_wait_for_their_release(
    owner, coeditor, edition, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(owner=owner, edition=edition)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        held = _submitted(proposal, owner, key="h1", hold_key="round-1")
        _submitted(proposal, coeditor, key="h2", hold_key="round-1")
        other = _submitted(proposal, owner, key="h3", hold_key="round-2")
    assert callbacks == []  # nothing enqueued while held
    assert mail.outbox == []
    assert held.state == Notification.State.HELD
    # Held messages are not on the recipient's page either, until released.
    assert not Notification.objects.unread_for(owner).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert release_held("round-1") == 2
    assert sorted(m.to[0] for m in mail.outbox) == [coeditor.email, owner.email]
    with django_capture_on_commit_callbacks(execute=True):
        assert release_held("round-1") == 0  # idempotent
    assert len(mail.outbox) == 2
    other.refresh_from_db()
    assert other.state == Notification.State.HELD

    assert discard_held("round-2") == 1
    assert not Notification.objects.filter(pk=other.pk).exists()
    with pytest.raises(ValueError):
        release_held("")
