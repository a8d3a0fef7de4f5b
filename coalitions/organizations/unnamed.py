"""Organizations listed without their name (`Organization.listed_without_name`): for an
organization that cannot risk being named in its own country. Every public page, feed, open
data record and the Co-Chairs' Summary then show it as "an organization from <region>" with
its constituency types (`Organization.public_name`); the criteria still count it, and
reviewers and organizers still see its name."""

from __future__ import annotations

import logging

from django.db import transaction

from coalitions.models import Organization

logger = logging.getLogger(__name__)


def set_listed_without_name(org: Organization, *, hidden: bool, actor) -> bool:
    """Hide or show the organization's name; returns whether anything changed. Side effects:
    the organization saved (its signals, `hub.signals.organization_changed`, rebuild the
    search vectors of the coalitions listing it, so a search by its name finds none of them,
    and drop the hub's cached pages), logged. The caller checks `permissions.may_hide_name` /
    `may_show_name`."""
    if org.listed_without_name == hidden:
        return False
    with transaction.atomic():
        org.listed_without_name = hidden
        org.save(update_fields=["listed_without_name", "updated_at"])
    logger.info(
        "organization %s %s by user %s",
        org.pk,
        "listed without its name" if hidden else "listed by its name again",
        getattr(actor, "pk", None),
    )
    return True
