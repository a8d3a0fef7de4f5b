"""The one access helper of the organizer pages (shared with the hub's organizer overview)."""

from __future__ import annotations

from impact.roles import organizer_required

__all__ = ["organizer_required"]
