"""Sessions as iCalendar files (RFC 5545): times with their zone (TZID and VTIMEZONE), so a
calendar shows each session at the right moment wherever its reader is."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .compiler import panel_groups, person
from .enums import ParticipantRole
from .models import Session
from .scheduling import official_times


def _description(session: Session) -> str:
    # Calendars show DTSTART in the reader's zone; the description keeps the announced ones.
    times = [
        f"{t.day:%Y-%m-%d} {t.start_clock}–"
        + (f"{t.end_day:%Y-%m-%d} " if t.two_days else "")
        + f"{t.end_clock} ({t.label})"
        for t in official_times(session)
    ]
    lines = [*times, str(session.get_kind_display()), str(session.get_format_display())]
    # The panel, grouped as on the session page: who is speaking is why people come.
    people = list(session.participants.all())
    moderators = [person(p) for p in people if p.role == ParticipantRole.MODERATOR]
    if moderators:
        lines.append(f"{_('Moderator')}: {'; '.join(moderators)}")
    panel = [p for p in people if p.role == ParticipantRole.PANELIST]
    for group, names in panel_groups(panel):
        lines.append(f"{group or _('Panelists')}: {'; '.join(names)}")
    speakers = [person(p) for p in people if p.role == ParticipantRole.SPEAKER]
    if speakers:
        lines.append(f"{_('Speakers')}: {'; '.join(speakers)}")
    if session.online_link:
        lines.append(session.online_link)
    if session.interpretation:
        lines.append(", ".join(session.interpretation_names))
    return "\n".join(lines)


def session_event(session: Session) -> Event:
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "impact-hub"
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("summary", session.title)
    event.add("dtstart", session.starts)
    event.add("dtend", session.ends)
    event.add("location", session.room or session.online_link)
    event.add("url", settings.SITE_URL + reverse("summaries:session", args=[session.pk]))
    event.add("description", _description(session))
    if session.times_to_be_confirmed:
        event.add("status", "TENTATIVE")
    return event


def calendar_for(sessions: Iterable[Session], *, name: str) -> bytes:
    """One calendar holding `sessions`, with the VTIMEZONE of every zone they use."""
    calendar = Calendar()
    calendar.add("prodid", "-//ImPACT Hub//Sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(session_event(session))
    calendar.add_missing_timezones()
    return calendar.to_ical()
