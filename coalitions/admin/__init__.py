"""Admin registrations, one module per concern."""

from . import proposals, reference, review  # noqa: F401
