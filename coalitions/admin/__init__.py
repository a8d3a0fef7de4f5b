"""Admin registrations, one module per concern."""

from . import proposals, reference  # noqa: F401
