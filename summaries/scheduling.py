"""When sessions happen: their times in any zone, and sessions that clash over a room."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

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
