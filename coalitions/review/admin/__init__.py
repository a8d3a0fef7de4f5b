"""Admin registrations, one module per concern (the organizations' own in
`coalitions.organizations.admin`)."""

from coalitions.organizations import admin as organizations  # noqa: F401

from . import hub, proposals, reference, review  # noqa: F401
