"""Decision letters quote the closed discussion's reasons, each in its recipient's language;
organizers preview the held letters as they will be sent, then release them once."""

from __future__ import annotations

import html

import pytest
from django.core import mail
from django.urls import reverse

from coalitions import workflow
from coalitions.models import DiscussionClosure
from coalitions.review import discussion
from impact.mailer import build_message
from impact.models import Notification
from tests.coalitions.review.review_helpers import fast_hashing, submitted  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
HELD = reverse("coalitions:held-decisions")
REASONS = "Strong regional spread.\nThe work plan's Summit milestone is vague: firm it up."
INTRO = {
    "en": "The reviewers' reasons:",
    "fr": "Les raisons des évaluateurs :",
    "es": "Los motivos de los revisores:",
}


@pytest.fixture
def filers():
    """A lead reading French, co-editors reading Spanish and English."""
    return {
        "fr": UserFactory(email="lea@example.org", name="Léa Martin", language="fr"),
        "es": UserFactory(email="ana@example.org", name="Ana Pérez", language="es"),
        "en": UserFactory(email="sam@example.org", name="Sam Hill", language="en"),
    }


def proposal_of(filers, title, reasons=REASONS, organizer=None):
    proposal = submitted(owner=filers["fr"], title=title)
    proposal.editors.add(filers["es"], filers["en"])
    if reasons:
        DiscussionClosure.objects.create(proposal=proposal, reasons=reasons, closed_by=organizer)
    return proposal


def letters_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_release_sends_each_filer_one_letter_in_their_language_quoting_the_reasons(
    client, reviewer, organizer, filers, django_capture_on_commit_callbacks
):
    kept = proposal_of(filers, "Water for all", organizer=organizer)
    turned_down = proposal_of(filers, "Seeds", reasons="Too narrow: one region only.")
    workflow.shortlist(kept, actor=reviewer, hold_key="round-1")
    workflow.decline(turned_down, actor=reviewer, reason="", hold_key="round-1")
    assert mail.outbox == []
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(HELD, {"hold_key": "round-1", "confirm": "yes", "expected": "6"})
    subjects = {
        "fr": ("Présélectionnée : Water for all", "À propos de votre proposition « Seeds »"),
        "es": ("Preseleccionada: Water for all", "Sobre su propuesta «Seeds»"),
        "en": ("Shortlisted: Water for all", 'About your proposal "Seeds"'),
    }
    for language, user in filers.items():
        got = {m.subject: m.body for m in letters_to(user)}
        assert sorted(got) == sorted(subjects[language]), language
        shortlisted, declined = (got[s] for s in subjects[language])
        assert f"{INTRO[language]}\n\n{REASONS}\n" in shortlisted  # verbatim, lines kept
        assert f"{INTRO[language]}\n\nToo narrow: one region only.\n" in declined
    assert len(mail.outbox) == 6
    with django_capture_on_commit_callbacks(execute=True):
        client.post(HELD, {"hold_key": "round-1", "confirm": "yes", "expected": "6"})
    assert len(mail.outbox) == 6  # released once: a second release sends nothing more
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


def test_a_decline_needs_a_reason_only_while_the_discussion_is_open(reviewer, filers):
    still_open = proposal_of(filers, "Open", reasons="")
    with pytest.raises(workflow.TransitionNotAllowed, match="reason"):
        workflow.decline(still_open, actor=reviewer, reason=" ")
    closed = proposal_of(filers, "Closed")
    workflow.decline(closed, actor=reviewer, reason="")
    assert closed.events.first().reason == REASONS  # the history says why
    body = Notification.objects.get(recipient=filers["en"]).body_text
    assert "The reviewers' reasons:" in body and REASONS in body


def test_the_deciders_message_follows_the_quote_and_is_not_repeated(reviewer, filers):
    both = proposal_of(filers, "Both")
    workflow.decline(both, actor=reviewer, reason="You may apply again next year.")
    body = Notification.objects.get(recipient=filers["en"]).body_text
    assert body.index(REASONS) < body.index("You may apply again next year.")
    Notification.objects.all().delete()
    same = proposal_of(filers, "Same")
    workflow.decline(same, actor=reviewer, reason=REASONS + "\n")
    body = Notification.objects.get(recipient=filers["en"]).body_text
    assert body.count("Strong regional spread.") == 1


def test_without_a_closed_discussion_the_letters_read_as_before(reviewer, filers):
    proposal = proposal_of(filers, "Plain", reasons="")
    workflow.decline(proposal, actor=reviewer, reason="Off topic.")
    body = Notification.objects.get(recipient=filers["en"]).body_text
    assert "for this reason:\n\nOff topic." in body and "reviewers' reasons" not in body


def test_closing_the_discussion_after_a_held_decision_quotes_it_in_the_held_letters(
    reviewer, organizer, filers
):
    proposal = proposal_of(filers, "Late", reasons="")
    workflow.shortlist(proposal, actor=reviewer, reason="Welcome!", hold_key="round-2")
    discussion.close(proposal, actor=organizer, reasons=REASONS)
    row = Notification.objects.get(recipient=filers["es"])
    assert row.state == "held"
    subject, body = build_message(row).subject, build_message(row).body
    assert subject == "Preseleccionada: Late"
    assert "Welcome!" in body and f"{INTRO['es']}\n\n{REASONS}" in body
    assert REASONS in row.body_text  # the outbox's admin lists the same text


def test_a_duplicate_letter_quotes_the_closed_discussion(reviewer, filers):
    original = submitted(title="The original")
    proposal = proposal_of(filers, "The copy")
    workflow.mark_duplicate(proposal, actor=reviewer, original=original)
    body = build_message(Notification.objects.get(recipient=filers["fr"])).body
    assert f"{INTRO['fr']}\n\n{REASONS}" in body


def test_the_preview_shows_each_kind_and_language_as_sent(
    client, reviewer, organizer, filers, django_assert_num_queries
):
    kept = proposal_of(filers, "Water for all")
    workflow.shortlist(kept, actor=reviewer, hold_key="round-1")
    client.force_login(organizer)
    client.get(HELD)  # the session and the organizer's roles are then cached
    # session, user, the counts per group/kind/language, their sample letters, the
    # (group, proposal) pairs, the proposals: the same six with 3 letters or 12.
    with django_assert_num_queries(6):
        page = client.get(HELD).content.decode()
    for n in range(3):
        extra = proposal_of(filers, f"Extra {n}")
        workflow.decline(extra, actor=reviewer, hold_key="round-1" if n else "round-2")
    with django_assert_num_queries(6):
        page = client.get(HELD).content.decode()
    for language, user in filers.items():
        row = Notification.objects.filter(recipient=user, kind="shortlisted").get()
        sent = build_message(row)
        assert f'data-testid="letter-shortlisted-{language}"' in page
        assert sent.subject in html.unescape(page)
        assert sent.body.strip() in html.unescape(page)  # the body the mailer sends, whole
    assert page.count('data-testid="letter-declined-') == 6  # 3 languages in 2 groups
    assert "2 letters" in page  # round-1's declines: two proposals, one letter per language each
    assert "Extra 0" in page and "Extra 1" in page and "Water for all" in page


def test_a_recipient_who_changes_language_is_previewed_in_the_new_one(
    client, reviewer, organizer, filers
):
    workflow.shortlist(proposal_of(filers, "Water"), actor=reviewer, hold_key="round-1")
    filers["en"].language = "fr"
    filers["en"].save(update_fields=["language"])
    client.force_login(organizer)
    page = client.get(HELD).content.decode()
    assert 'data-testid="letter-shortlisted-en"' not in page
    assert "2 letters" in page  # French: the lead and the editor who switched


@pytest.mark.parametrize("who", ["lead", "coeditor", "reviewer", "expert"])
def test_filers_and_reviewers_who_do_not_organize_get_no_preview(
    client, who, reviewer, expert, filers
):
    workflow.shortlist(proposal_of(filers, "Water"), actor=reviewer, hold_key="round-1")
    users = {"lead": filers["fr"], "coeditor": filers["es"], "reviewer": reviewer, "expert": expert}
    client.force_login(users[who])
    response = client.get(HELD)
    assert response.status_code == 403 and REASONS.encode() not in response.content
    assert client.post(HELD, {"hold_key": "round-1"}).status_code == 403
    assert Notification.objects.filter(state="held").count() == 3


def test_anonymous_visitors_are_sent_to_sign_in(client, reviewer, filers):
    workflow.shortlist(proposal_of(filers, "Water"), actor=reviewer, hold_key="round-1")
    response = client.get(HELD)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(HELD, {"hold_key": "round-1"}).status_code == 302
    assert Notification.objects.filter(state="held").count() == 3


def test_the_admin_decline_quotes_a_closed_discussion_and_asks_a_reason_for_an_open_one(
    client, organizer, filers
):
    closed, still_open = proposal_of(filers, "Closed"), proposal_of(filers, "Open", reasons="")
    changelist = reverse("admin:coalitions_proposal_changelist")
    client.force_login(organizer)

    def decline(*proposals, reason=""):
        data = {"action": "decline_selected", "apply": "1", "reason": reason}
        return client.post(changelist, {**data, "_selected_action": [p.pk for p in proposals]})

    page = decline(closed, still_open)
    assert page.status_code == 200
    assert "the discussion of “Open” is not closed" in page.content.decode()
    assert not Notification.objects.exists()
    decline(closed)
    closed.refresh_from_db()
    assert closed.status == "declined"
    assert REASONS in Notification.objects.get(recipient=filers["en"]).body_text


def test_a_release_without_a_group_says_so_and_sends_nothing(client, reviewer, organizer, filers):
    workflow.shortlist(proposal_of(filers, "Water"), actor=reviewer, hold_key="round-1")
    client.force_login(organizer)
    page = client.post(HELD, {"hold_key": " ", "confirm": "yes", "expected": "0"}, follow=True)
    assert page.status_code == 200
    assert "Nothing is held in this group any more." in page.content.decode()
    assert Notification.objects.filter(state="held").count() == 3
    page = client.post(HELD, {"hold_key": "no-such-group", "confirm": "yes"}, follow=True)
    assert "Nothing is held in this group any more." in page.content.decode()
    assert Notification.objects.filter(state="held").count() == 3
