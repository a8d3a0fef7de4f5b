"""The networks' discussion of a proposal: messages, @mentions and where the networks stand.

Who may read and write is `permissions.may_discuss`. A mention is `@` followed by a
participant's e-mail address (`@ana@example.org`); each person mentioned in a message is
notified once for it, through the outbox.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from impact import roles
from impact.notify import notify

from ..models import DiscussionClosure, DiscussionMessage, Network, Proposal
from ..permissions import may_discuss
from ..workflow import TransitionNotAllowed
from ..workflow.letters import quote_in_held_letters
from . import reviewing

MENTION = re.compile(r"(?<![\w.])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def mentioned(body: str) -> set[str]:
    """The e-mail addresses mentioned in `body`, lower-cased, each once."""
    return {m.lower().rstrip(".") for m in MENTION.findall(body)}


def post(proposal: Proposal, *, author, body: str) -> DiscussionMessage:
    """Add a message to the proposal's discussion.

    Refused to anyone `may_discuss` refuses. Side effects: the message row and, for each
    person mentioned who may read the discussion (not the author), one `discussion_mention`
    message. Mentions of anyone else are ignored: the discussion never reaches them.
    """
    if not may_discuss(author, proposal):
        raise TransitionNotAllowed(_("You may not take part in this discussion."))
    if DiscussionClosure.objects.filter(proposal=proposal).exists():
        raise TransitionNotAllowed(_("This discussion is closed."))
    body = body.strip()
    if not body:
        raise TransitionNotAllowed(_("Write a message."))
    with transaction.atomic():
        message = DiscussionMessage.objects.create(proposal=proposal, author=author, body=body)
        addresses = mentioned(body)
        people = get_user_model().objects.filter(email__iregex=_any_of(addresses), is_active=True)
        url = reverse("coalitions:discussion", args=[proposal.pk])
        for person in people if addresses else ():
            if person.pk == author.pk or not may_discuss(person, proposal):
                continue
            notify(
                kind="discussion_mention",
                user=person,
                context={"proposal": proposal, "author": author, "message": message},
                url=url,
                dedup_key=f"discussion_mention:{message.pk}:{person.pk}",
            )
    return message


def close(proposal: Proposal, *, actor, reasons: str) -> DiscussionClosure:
    """Close the discussion with the decision's reasons (organizers): the text a decision
    letter quotes. Side effects: the closure row; no message can be added after it; decision
    letters of the proposal still held for release quote the reasons too."""
    if not roles.is_organizer(actor) or not may_discuss(actor, proposal):
        raise TransitionNotAllowed(_("Only organizers close a discussion."))
    reasons = reasons.strip()
    if not reasons:
        raise TransitionNotAllowed(_("Give the decision's reasons."))
    with transaction.atomic():
        closure, created = DiscussionClosure.objects.get_or_create(
            proposal=proposal, defaults={"reasons": reasons, "closed_by": actor}
        )
        if not created:
            raise TransitionNotAllowed(_("This discussion is closed."))
        quote_in_held_letters(proposal, reasons)
    return closure


def _any_of(addresses: set[str]) -> str:
    return "^(" + "|".join(re.escape(a) for a in sorted(addresses)) + ")$"


def standing(proposal: Proposal) -> str:
    """One line: where each network that reviewed stands (leaning, reviews, mean)."""
    networks = list(Network.objects.all())
    summaries = reviewing.network_summary(
        proposal.reviews.only(
            "proposal_id", "network_id", "recommendation", "relevance", "diversity", "feasibility"
        ),
        networks,
    )
    parts = []
    for s in summaries:
        if not s.reviews:
            continue
        leaning = (
            reviewing.RECOMMENDATION_LABELS.get(s.leaning, _("split")) if s.leaning else _("split")
        )
        parts.append(
            _("%(network)s: %(leaning)s (%(count)s, mean %(mean)s)")
            % {"network": _(s.network), "leaning": leaning, "count": s.reviews, "mean": s.mean}
        )
    return "; ".join(parts) or _("No network has reviewed it yet.")
