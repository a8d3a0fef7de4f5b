"""Every state change of a session report, in one place (who may: `summaries.permissions`).

Each transition locks the report row, checks the actor and the state (raising
`TransitionNotAllowed`), changes the state and queues its notifications through
`impact.notify` inside the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from impact import roles
from impact.models import ConferenceEdition
from impact.notify import notify

from .enums import ReportStatus
from .models import Session, SessionReport
from .permissions import can_edit_report

# Reminders are repeated at most this often for the same session (manual or scheduled).
REMIND_EVERY_DAYS = 3
# Scheduled reminders stop this long after the session: by then the summary is out.
REMIND_FOR_DAYS = 60


class TransitionNotAllowed(Exception):
    """The actor may not do this, or not from the report's current state."""


def _lock(report: SessionReport) -> SessionReport:
    return SessionReport.objects.select_for_update().select_related("session").get(pk=report.pk)


def _notify_session_organizers(report: SessionReport, *, kind: str, key: str, **context) -> int:
    session = report.session
    url = reverse("summaries:report", args=[session.pk])
    sent = 0
    for user in session.organizers.all():
        row = notify(
            kind=kind,
            dedup_key=f"{kind}:{report.pk}:{user.pk}:{key}",
            context={"session": session, "report": report, **context},
            user=user,
            url=url,
        )
        sent += row is not None
    return sent


def submit(report: SessionReport, *, actor) -> SessionReport:
    """Draft or returned → submitted.

    Side effects: validates every field (word limits, links) and that key messages are
    written (`ValidationError` otherwise); records who submitted and when.
    """
    with transaction.atomic():
        locked = _lock(report)
        if not can_edit_report(actor, locked.session, locked):
            raise TransitionNotAllowed(_("You cannot submit this report."))
        if locked.status not in ReportStatus.editable_by_session_organizers():
            raise TransitionNotAllowed(_("This report has already been submitted."))
        locked.full_clean(exclude=["session"])
        if locked.missing_for_submission():
            raise ValidationError({"key_messages": _("Write the key messages before submitting.")})
        locked.status = ReportStatus.SUBMITTED
        locked.submitted_by = actor
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    return locked


def accept(report: SessionReport, *, actor) -> SessionReport:
    """Submitted → accepted, by a conference organizer.

    Side effects: records the reviewer and time; tells the session's organizers.
    """
    with transaction.atomic():
        locked = _lock(report)
        if not roles.is_organizer(actor):
            raise TransitionNotAllowed(_("Only conference organizers accept reports."))
        if locked.status != ReportStatus.SUBMITTED:
            raise TransitionNotAllowed(_("Only a submitted report can be accepted."))
        locked.status = ReportStatus.ACCEPTED
        locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
        locked.return_comment = ""
        locked.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "return_comment", "updated_at"]
        )
        _notify_session_organizers(
            locked, kind="session_report_accepted", key=locked.reviewed_at.isoformat()
        )
    return locked


def return_for_changes(report: SessionReport, *, actor, comment: str) -> SessionReport:
    """Submitted or accepted → returned with a comment, by a conference organizer.

    Side effects: records the reviewer, time and comment; tells the session's organizers.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(report)
        if not roles.is_organizer(actor):
            raise TransitionNotAllowed(_("Only conference organizers return reports."))
        if locked.status not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
            raise TransitionNotAllowed(_("Only a submitted or accepted report can be returned."))
        if not comment:
            raise ValidationError({"comment": _("Say what should change.")})
        locked.status = ReportStatus.RETURNED
        locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
        locked.return_comment = comment
        locked.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "return_comment", "updated_at"]
        )
        _notify_session_organizers(
            locked,
            kind="session_report_returned",
            key=locked.reviewed_at.isoformat(),
            comment=comment,
        )
    return locked


# --- late reports ------------------------------------------------------------------------------


def late_sessions(edition, *, today: datetime.date | None = None):
    """Sessions of `edition` that are over and have no submitted report, in programme order.

    Three queries when iterated: the sessions with their reports, and their organizers.
    """
    today = today or timezone.localdate()
    return (
        Session.objects.filter(edition=edition, date__lt=today)
        .exclude(report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("report")
        .prefetch_related("organizers")
        .in_programme_order()
    )


def remind(sessions: Iterable[Session], *, now: datetime.datetime | None = None) -> int:
    """Remind each session's organizers that its report is due.

    Side effects: one `session_report_reminder` notification per organizer and session, at
    most once per REMIND_EVERY_DAYS-day round (the dedup key carries the round, so a manual
    reminder and the scheduled one in the same round send one message); stamps
    `last_reminded_at` on the sessions reminded. Returns the number of messages queued.
    """
    now = now or timezone.now()
    round_number = now.date().toordinal() // REMIND_EVERY_DAYS
    queued = 0
    reminded: list[int] = []
    with transaction.atomic():
        for session in sessions:
            url = reverse("summaries:report", args=[session.pk])
            for user in session.organizers.all():
                row = notify(
                    kind="session_report_reminder",
                    dedup_key=f"session_report_reminder:{session.pk}:{user.pk}:{round_number}",
                    context={"session": session, "edition": session.edition},
                    user=user,
                    url=url,
                )
                if row is not None:
                    queued += 1
                    reminded.append(session.pk)
        if reminded:
            Session.objects.filter(pk__in=reminded).update(last_reminded_at=now)
    return queued


def remind_all_late(*, today: datetime.date | None = None) -> int:
    """The scheduled sweep: remind every late session that ended in the last REMIND_FOR_DAYS."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=REMIND_FOR_DAYS)
    queued = 0
    editions = ConferenceEdition.objects.filter(ends_on__gte=since, starts_on__lt=today)
    for edition in editions:
        sessions = late_sessions(edition, today=today).filter(date__gte=since)
        queued += remind(sessions.select_related("edition"))
    return queued
