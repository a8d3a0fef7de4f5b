"""Time zones: the IANA names sessions and accounts may use, and the zone a viewer reads
times in (the account's own; without one, the browser's, which only a script knows)."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

UTC = "UTC"


@cache
def time_zone_names() -> list[str]:
    """Every IANA zone name of the system's database, sorted, without the legacy aliases."""
    names = {
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    }
    return sorted(names | {UTC})


def zone(name: str) -> ZoneInfo:
    """The zone called `name`; UTC when the name is unknown (stored data stays readable)."""
    try:
        return ZoneInfo(name or UTC)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(UTC)


def validate_time_zone(name: str) -> None:
    if name not in time_zone_names():
        raise ValidationError(
            _("%(name)s is not a time zone: choose one from the list, e.g. Europe/Paris."),
            params={"name": name},
        )


def viewer_zone(user) -> str:
    """The zone a signed-in viewer chose in their profile, or "" when the server cannot know
    it (anonymous, or no setting): the page then asks the browser rather than assume UTC."""
    name = getattr(user, "time_zone", "") if user is not None else ""
    return name if name in time_zone_names() else ""
