"""Admin registrations, one module per concern."""

from . import directory, hub, proposals, reference, review  # noqa: F401
