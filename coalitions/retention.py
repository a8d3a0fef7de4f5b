"""How long the portal keeps contact details: those of declined proposals are erased
`RETENTION_DECLINED_CONTACTS_DAYS` after their edition's last day (a nightly Beat job,
`coalitions.erase_declined_contacts`)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .enums import ProposalStatus
from .models import Contact, Proposal, ProposalVersion

logger = logging.getLogger(__name__)


def due_proposals(today: datetime.date | None = None):
    """Declined proposals whose edition ended at least the retention period before `today`
    and that still hold contact details (in their contacts or a version's copy)."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.RETENTION_DECLINED_CONTACTS_DAYS)
    declined = Proposal.all_objects.filter(
        status=ProposalStatus.DECLINED, edition__ends_on__lte=cutoff
    )
    # Unordered: the parts of a UNION take no ORDER BY (SQLite refuses it).
    with_contacts = Contact.objects.filter(proposal__in=declined).order_by().values("proposal_id")
    with_copies = (
        ProposalVersion.objects.filter(proposal__in=declined)
        .filter(data__contacts__0__isnull=False)
        .order_by()
        .values("proposal_id")
    )
    return declined.filter(pk__in=with_contacts.union(with_copies))


def erase_declined_contacts(today: datetime.date | None = None) -> int:
    """Erase the contact details of every due proposal: its contacts deleted, the copies its
    versions keep emptied. Idempotent: a second run finds nothing. Returns the proposals
    handled; each is logged."""
    count = 0
    for proposal in due_proposals(today).order_by("pk"):
        with transaction.atomic():
            contacts, _ = Contact.objects.filter(proposal=proposal).delete()
            versions = 0
            for version in ProposalVersion.objects.filter(proposal=proposal).select_for_update():
                if (version.data or {}).get("contacts"):
                    version.data = {**version.data, "contacts": []}
                    version.save(update_fields=["data"])
                    versions += 1
        logger.info(
            "contact details of declined proposal %s erased (%s contacts, %s versions)",
            proposal.pk,
            contacts,
            versions,
        )
        count += 1
    return count
