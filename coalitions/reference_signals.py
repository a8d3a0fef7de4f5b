"""The caches built from the reference tables follow every change to them, whoever makes it
(the admin, a shell, a fixture, a migration): see `impact.caches`. `connect()` runs from
`CoalitionsConfig.ready`."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from .criteria_bridge import forget_reference
from .filing.formcache import organizations_constituencies_changed
from .models import ConstituencyType, Organization, Region, Sector, Theme

REFERENCE_TABLES = (Region, Sector, ConstituencyType, Theme)


def connect() -> None:
    """Connect the receivers (idempotent: each has a `dispatch_uid`)."""
    for model in REFERENCE_TABLES:
        name = model._meta.model_name
        post_save.connect(forget_reference, sender=model, dispatch_uid=f"reference-save-{name}")
        post_delete.connect(forget_reference, sender=model, dispatch_uid=f"reference-del-{name}")
    # A migration edits through historical models, whose signals reach no receiver above.
    post_migrate.connect(forget_reference, dispatch_uid="reference-migrate")
    m2m_changed.connect(
        organizations_constituencies_changed,
        sender=Organization.constituencies.through,
        dispatch_uid="formcache-organization-constituencies",
    )
