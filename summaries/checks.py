"""What a secretariat must fix before publishing the Co-Chairs' Summary: the check shown on
the draft page before export and printed by `compile_summary`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from impact.models import ConferenceEdition

from .dates import long_date
from .enums import ParticipantRole, ReportStatus
from .models import Session
from .scheduling import in_time_order


@dataclass(frozen=True)
class Problem:
    session_id: int
    title: str
    message: str


def export_problems(
    edition: ConferenceEdition, *, today: datetime.date | None = None
) -> list[Problem]:
    """Each session's problems, sessions in time order. One query.

    - dated outside the edition's dates (a 2021 session in the 2024 summary);
    - "times to be confirmed" once the edition is over;
    - no accepted report (the session is missing from the summary's sections);
    - no moderator named.
    """
    today = today or timezone.localdate()
    over = edition.ends_on < today
    sessions = in_time_order(
        Session.objects.filter(edition=edition)
        .select_related("report")
        .annotate(
            moderators=Count("participants", filter=Q(participants__role=ParticipantRole.MODERATOR))
        )
    )
    problems: list[Problem] = []
    for session in sessions:

        def add(message: str, session: Session = session) -> None:
            problems.append(Problem(session.pk, session.title, message))

        if not edition.starts_on <= session.date <= edition.ends_on:
            add(
                _("Dated %(date)s, outside the edition (%(first)s to %(last)s).")
                % {
                    "date": long_date(session.date),
                    "first": long_date(edition.starts_on),
                    "last": long_date(edition.ends_on),
                }
            )
        if over and session.times_to_be_confirmed:
            add(_("Its times are still to be confirmed, and the event is over."))
        report = getattr(session, "report", None)
        if report is None or report.status != ReportStatus.ACCEPTED:
            add(_("Its report is not accepted: the summary leaves the session out."))
        if not session.moderators:
            add(_("No moderator is named."))
    return problems
