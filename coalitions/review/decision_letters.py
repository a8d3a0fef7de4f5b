"""The held decision letters, group by group, as organizers check them before release.

Per group (`hold_key`): per kind of letter and per language its recipients read, how many
letters and one of them rendered exactly as it will be sent: for a real recipient, by the
mailer's own code (`impact.mailer.send_language`, `impact.rendering.message_of`); and the
proposals the group decides. Four queries whatever the number of letters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import CharField, Count, IntegerField, Min, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Lower, NullIf
from django.utils.translation import gettext as _

from impact.mailer import send_language
from impact.models import Notification
from impact.rendering import message_of

from ..models import Proposal


@dataclass
class Letter:
    """One kind of letter in one language: how many, and one of them as it will be sent."""

    kind: str
    language: str
    count: int
    email: str
    subject: str
    body: str

    @property
    def kind_label(self) -> str:
        labels = {
            "shortlisted": _("Shortlisted"),
            "declined": _("Declined"),
            "duplicate_marked": _("Marked as a duplicate"),
        }
        return labels.get(self.kind, self.kind)

    @property
    def language_label(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


@dataclass
class HeldGroup:
    hold_key: str
    letters: list[Letter] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(letter.count for letter in self.letters)


def held_counts() -> list[dict]:
    """Each group of held letters and how many it holds: [{hold_key, count}] (one query), for
    the start pages that only point to this one."""
    return list(
        Notification.objects.filter(state=Notification.State.HELD)
        .values("hold_key")
        .annotate(count=Count("pk"))
        .order_by("hold_key")
    )


def group_size(hold_key: str) -> tuple[int, int]:
    """How many letters a group holds and to how many people (one query), for the
    confirmation before it is released."""
    held = Notification.objects.filter(state=Notification.State.HELD, hold_key=hold_key)
    found = held.aggregate(
        letters=Count("pk"),
        people=Count(Coalesce(Cast("recipient_id", CharField()), Lower("email")), distinct=True),
    )
    return found["letters"], found["people"]


def held_groups() -> list[HeldGroup]:
    """Every group of held letters, by key; in each, its letters by kind then language."""
    held = Notification.objects.filter(state=Notification.State.HELD)
    # The language the mailer will send in: the recipient's now, else the one queued in.
    language = Coalesce(
        NullIf("recipient__language", Value("")),
        NullIf("language", Value("")),
        Value(settings.LANGUAGE_CODE),
    )
    counts = list(
        held.annotate(send_in=language)
        .values("hold_key", "kind", "send_in")
        .annotate(count=Count("pk"), sample=Min("pk"))
        .order_by("hold_key", "kind", "send_in")
    )
    samples = {
        row.pk: row
        for row in Notification.objects.select_related("recipient").filter(
            pk__in=[c["sample"] for c in counts]
        )
    }
    groups: dict[str, HeldGroup] = {}
    for c in counts:
        row = samples[c["sample"]]
        subject, body, _html = message_of(row, send_language(row))
        group = groups.setdefault(c["hold_key"], HeldGroup(c["hold_key"]))
        group.letters.append(Letter(c["kind"], c["send_in"], c["count"], row.email, subject, body))
    for key, proposals in _proposals_by_key(held).items():
        if key in groups:
            groups[key].proposals = proposals
    return list(groups.values())


def _proposals_by_key(held) -> dict[str, list[Proposal]]:
    """The proposals each group's letters are about, by title (two queries)."""
    pairs = set(
        held.annotate(proposal_pk=Cast(KT("context__proposal__pk"), IntegerField()))
        .exclude(proposal_pk=None)
        .values_list("hold_key", "proposal_pk")
        .distinct()
    )
    proposals = Proposal.objects.only("pk", "title", "status").in_bulk({pk for _key, pk in pairs})
    found: dict[str, list[Proposal]] = defaultdict(list)
    for key, pk in pairs:
        if pk in proposals:
            found[key].append(proposals[pk])
    return {key: sorted(ps, key=lambda p: (p.title, p.pk)) for key, ps in found.items()}
