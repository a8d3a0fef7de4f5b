"""What of coalitions goes into the audit trail (impact.audit): every transition a reviewer or
organizer makes on a proposal (decisions, merges, reopening...), assignments, reviewers,
conflicts of interest (declared, removed, pinned, lifted), and organization records and their
corrections."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from impact import audit, audit_display

from .enums import EventAction
from .models import (
    Assignment,
    Conflict,
    Organization,
    OrganizationCorrection,
    ProposalEvent,
    Reviewer,
)


def _proposal_event(sender, instance: ProposalEvent, created, raw=False, **kwargs):
    if raw or not created or not audit.is_privileged(instance.actor):
        return
    after = {"status": instance.to_status}
    if instance.reason:
        after["reason"] = instance.reason
    if instance.data:
        after["details"] = instance.data
    audit.record(
        f"proposal.{instance.action}",
        target=instance.proposal,
        actor=instance.actor,
        before={"status": instance.from_status},
        after=after,
    )


def _proposal_action(code: str) -> str:
    return _("Proposal: %(action)s") % {"action": EventAction.label_of(code)}


def connect() -> None:
    audit_display.register_prefix("proposal", _proposal_action)
    post_save.connect(_proposal_event, sender=ProposalEvent, dispatch_uid="audit:proposal-event")
    audit.track(Assignment, action="assignment")
    audit.track(Reviewer, action="reviewer")
    # Declared or removed by the reviewer, pinned or lifted by organizers (`review.conflicts`).
    audit.track(Conflict, action="conflict")
    audit.track(Organization, action="organization")
    audit.track(OrganizationCorrection, action="organization_correction")
