"""When sessions happen: their times in any zone, and sessions that clash over a room."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format

from .models import Session
from .zones import zone


@dataclass(frozen=True)
class ShownTimes:
    """A session's start and end as read in one time zone."""

    zone: str
    abbreviation: str  # "CEST", "EDT", "UTC"; some zones only have an offset ("+03")
    starts: datetime.datetime
    ends: datetime.datetime

    @property
    def day(self) -> datetime.date:
        return self.starts.date()

    @property
    def end_day(self) -> datetime.date:
        return self.ends.date()

    @property
    def start_clock(self) -> str:
        return f"{self.starts:%H:%M}"

    @property
    def end_clock(self) -> str:
        return f"{self.ends:%H:%M}"

    @property
    def two_days(self) -> bool:
        """Read in this zone, the session ends on a later date than it starts."""
        return self.end_day != self.day

    @property
    def span(self) -> str:
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def label(self) -> str:
        if self.abbreviation and self.abbreviation != self.zone:
            return f"{self.zone.replace('_', ' ')}, {self.abbreviation}"
        return self.zone.replace("_", " ")


def times_in(session: Session, zone_name: str) -> ShownTimes:
    """The session's times in `zone_name` (its own zone: the times as entered)."""
    tz = zone(zone_name)
    starts, ends = session.starts.astimezone(tz), session.ends.astimezone(tz)
    return ShownTimes(
        zone=str(tz.key), abbreviation=starts.strftime("%Z"), starts=starts, ends=ends
    )


def describe(times: ShownTimes, day_format: str = "j F Y") -> str:
    """ "9 May 2024, 15:00–17:00 (Europe/Paris, CEST)"; a session read as crossing midnight
    names both dates: "9 May 2024, 23:00 – 10 May 2024, 01:00 (Africa/Nairobi, EAT)"."""
    first = date_format(times.day, day_format)
    if times.two_days:
        last = date_format(times.end_day, day_format)
        return f"{first}, {times.starts:%H:%M} – {last}, {times.ends:%H:%M} ({times.label})"
    return f"{first}, {times.span} ({times.label})"


def official_times(session: Session) -> list[ShownTimes]:
    """The session's times in its own zone, then in each additional official zone."""
    return [times_in(session, name) for name in session.official_zones]


def when_text(session: Session, day_format: str = "j F Y") -> str:
    """Every official zone's times in one line, the session's own zone first."""
    return "; ".join(describe(times, day_format) for times in official_times(session))


def time_order_key(session: Session) -> tuple:
    """Sessions by the instant they start, wherever they are held, then by title."""
    return (session.starts, session.ends, session.title.lower(), session.pk)


def in_time_order(sessions: Iterable[Session]) -> list[Session]:
    """Sessions in different zones ordered by their absolute start, not their clock time."""
    return sorted(sessions, key=time_order_key)


def room_key(room: str) -> str:
    """ "CR-8", "cr-8 " and "CR-8" are one room."""
    return " ".join((room or "").split()).casefold()


def find_clashes(sessions: Iterable[Session]) -> dict[int, list[Session]]:
    """For each session that clashes, the other sessions in the same room at overlapping times.

    Times are compared as instants, so sessions entered in different zones compare correctly.
    One session ending when the next starts is no clash; sessions without a room never clash.
    """
    by_room: dict[str, list[Session]] = defaultdict(list)
    for session in sessions:
        if room_key(session.room):
            by_room[room_key(session.room)].append(session)
    clashes: dict[int, list[Session]] = defaultdict(list)
    for group in by_room.values():
        group.sort(key=lambda s: (s.starts, s.pk))
        for index, first in enumerate(group):
            for later in group[index + 1 :]:
                if later.starts >= first.ends:
                    break  # sorted by start: no later session can overlap `first` either
                clashes[first.pk].append(later)
                clashes[later.pk].append(first)
    return dict(clashes)


def clashes_with(session: Session) -> list[Session]:
    """The edition's other sessions in the same room at overlapping times (one query)."""
    if not room_key(session.room):
        return []
    # Same day give or take one: sessions in zones far apart can overlap across midnight.
    nearby = Session.objects.filter(
        edition_id=session.edition_id,
        room__iexact=session.room.strip(),
        date__range=(
            session.date - datetime.timedelta(days=1),
            session.date + datetime.timedelta(days=1),
        ),
    ).exclude(pk=session.pk)
    found = find_clashes([session, *nearby])
    return found.get(session.pk, [])
