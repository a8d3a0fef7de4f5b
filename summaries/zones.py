"""Time zones of sessions: the names and helpers live with the accounts (`impact.zones`),
which use them too."""

from impact.zones import UTC, time_zone_names, validate_time_zone, viewer_zone, zone

__all__ = ["UTC", "time_zone_names", "validate_time_zone", "viewer_zone", "zone"]
