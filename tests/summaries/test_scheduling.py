"""Session times in any zone, and room clashes (summaries/scheduling.py, summaries/zones.py)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from summaries.models import Session
from summaries.scheduling import clashes_with, find_clashes, times_in
from summaries.zones import validate_time_zone, viewer_zone
from tests.summaries.factories import SessionFactory

DAY = datetime.date(2024, 5, 10)


def session(pk, room, start, end, zone="Africa/Nairobi", day=DAY) -> Session:
    return Session(
        pk=pk,
        room=room,
        date=day,
        starts_at=datetime.time.fromisoformat(start),
        ends_at=datetime.time.fromisoformat(end),
        time_zone=zone,
    )


def test_overlapping_sessions_in_one_room_clash_both_ways():
    a, b = session(1, "CR-8", "12:30", "14:00"), session(2, "cr-8 ", "13:30", "15:00")
    clashes = find_clashes([a, b])
    assert clashes == {1: [b], 2: [a]}


def test_back_to_back_sessions_and_other_rooms_do_not_clash():
    sessions = [
        session(1, "CR-8", "12:30", "14:00"),
        session(2, "CR-8", "14:00", "15:00"),
        session(3, "CR-7", "12:30", "14:00"),
        session(4, "", "12:30", "14:00"),
        session(5, "", "12:30", "14:00"),
        session(6, "CR-8", "12:30", "14:00", day=DAY + datetime.timedelta(days=1)),
    ]
    assert find_clashes(sessions) == {}


def test_times_in_different_zones_compare_as_instants():
    # 10:00–11:00 in Nairobi (UTC+3) is 09:00–10:00 in Paris (UTC+2 in May): they overlap.
    nairobi = session(1, "Room A", "10:00", "11:00")
    paris = session(2, "Room A", "09:30", "10:30", zone="Europe/Paris")
    assert find_clashes([nairobi, paris]) == {1: [paris], 2: [nairobi]}
    # 08:00–09:00 in Paris is 09:00–10:00 in Nairobi: it ends when the other starts.
    earlier = session(3, "Room A", "08:00", "09:00", zone="Europe/Paris")
    assert find_clashes([nairobi, earlier]) == {}


def test_a_session_clashing_with_two_lists_both():
    long = session(1, "CR-1", "09:00", "12:00")
    first, second = session(2, "CR-1", "09:30", "10:00"), session(3, "CR-1", "11:00", "11:30")
    assert find_clashes([long, first, second]) == {1: [first, second], 2: [long], 3: [long]}


def test_times_in_another_zone():
    dialogue = session(1, "", "15:00", "17:00", zone="Europe/Paris")
    own = times_in(dialogue, "Europe/Paris")
    assert (own.span, own.abbreviation, own.label) == ("15:00–17:00", "CEST", "Europe/Paris, CEST")
    new_york = times_in(dialogue, "America/New_York")
    assert (new_york.span, new_york.abbreviation, new_york.day) == ("09:00–11:00", "EDT", DAY)
    assert times_in(dialogue, "UTC").span == "13:00–15:00"


def test_viewer_zone_is_the_accounts_zone_or_none():
    class WithZone:
        time_zone = "America/Bogota"

    assert viewer_zone(WithZone()) == "America/Bogota"
    assert viewer_zone(object()) == ""
    assert viewer_zone(None) == ""


def test_unknown_time_zones_are_refused():
    validate_time_zone("Africa/Dakar")
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus_Mons")


def test_clashes_with_looks_in_the_same_edition_and_room(edition, django_assert_num_queries):
    mine = SessionFactory(edition=edition, room="CR-8", date=DAY)
    other = SessionFactory(edition=edition, room="cr-8", date=DAY, starts_at=datetime.time(11))
    SessionFactory(edition=edition, room="CR-9", date=DAY)
    with django_assert_num_queries(1):
        assert clashes_with(mine) == [other]
