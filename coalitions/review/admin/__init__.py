"""Admin registrations, one module per concern."""

from . import hub, proposals, reference, review  # noqa: F401
