"""Who may see and change a session report, as named predicates, in one place. (Site-wide
roles and the organizer pages' `organizer_required` are `impact.roles`.)"""

from __future__ import annotations

from impact import roles

from .enums import ReportStatus
from .models import Session, SessionReport


def is_session_organizer(user, session: Session) -> bool:
    if not user or not user.is_authenticated:
        return False
    cached = getattr(session, "_prefetched_objects_cache", {}).get("organizers")
    if cached is not None:
        return any(u.pk == user.pk for u in cached)
    return session.organizers.filter(pk=user.pk).exists()


def can_view_report(user, session: Session) -> bool:
    return roles.is_organizer(user) or is_session_organizer(user, session)


def can_edit_report(user, session: Session, report: SessionReport | None) -> bool:
    """Conference organizers may always edit; session organizers until it is submitted."""
    if roles.is_organizer(user):
        return True
    if not is_session_organizer(user, session):
        return False
    return report is None or report.status in ReportStatus.editable_by_session_organizers()
