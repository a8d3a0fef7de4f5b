"""Keeping the hub's search index and page cache in step with the data, whoever changes it
(the review workflow publishes, leads accept members, admins edit). `connect()` runs from
`CoalitionsConfig.ready`."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from ..enums import ProposalStatus
from ..models import (
    CoalitionUpdate,
    Contact,
    MilestoneUpdate,
    Network,
    Organization,
    Proposal,
    ProposalMember,
    Region,
    Theme,
    WorkPlanItem,
)
from . import cache as hub_cache
from . import search


def _is_public(proposal: Proposal) -> bool:
    # A proposal with a public address was published once: leaving the hub changes it too.
    return proposal.status == ProposalStatus.PUBLISHED or bool(proposal.public_slug)


def proposal_changed(sender, instance: Proposal, **kwargs) -> None:
    if not _is_public(instance):
        return
    if kwargs.get("signal") is post_save and instance.status == ProposalStatus.PUBLISHED:
        search.refresh(instance.pk)
    hub_cache.invalidate()


def membership_changed(sender, instance: ProposalMember, **kwargs) -> None:
    proposal = Proposal.objects.filter(pk=instance.proposal_id).only("status", "public_slug")
    proposal = proposal.first()
    if proposal is None or not _is_public(proposal):
        return
    search.refresh(proposal.pk)
    hub_cache.invalidate()


def organization_changed(sender, instance: Organization, created: bool, **kwargs) -> None:
    if created:
        return
    public = Proposal.objects.published().filter(members__organization=instance)
    ids = list(public.values_list("pk", flat=True))
    for pk in ids:
        search.refresh(pk)
    if ids:
        hub_cache.invalidate()


def page_content_changed(sender, instance, **kwargs) -> None:
    # Drafts are edited all day during a call; only a public page's content matters here.
    if Proposal.objects.filter(pk=instance.proposal_id, status=ProposalStatus.PUBLISHED).exists():
        hub_cache.invalidate()


def themes_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        hub_cache.invalidate()


def reference_changed(sender, raw: bool = False, **kwargs) -> None:
    # Themes and regions are named on the hub's pages; networks, themes and regions are the
    # choices of the reviewers' filters (coalitions.review.admin.sidebar), cached alike.
    if not raw:
        hub_cache.invalidate()


def connect() -> None:
    """Connect the receivers (idempotent: each has a `dispatch_uid`)."""
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(proposal_changed, sender=Proposal, dispatch_uid=f"hub-proposal-{name}")
        signal.connect(membership_changed, sender=ProposalMember, dispatch_uid=f"hub-member-{name}")
        for model in (Network, Theme, Region):
            signal.connect(
                reference_changed,
                sender=model,
                dispatch_uid=f"hub-reference-{model._meta.model_name}-{name}",
            )
        for model in (WorkPlanItem, Contact, CoalitionUpdate):
            signal.connect(
                page_content_changed,
                sender=model,
                dispatch_uid=f"hub-page-{model._meta.model_name}-{name}",
            )
    # A progress report is only ever added, never deleted.
    post_save.connect(page_content_changed, sender=MilestoneUpdate, dispatch_uid="hub-progress")
    post_save.connect(organization_changed, sender=Organization, dispatch_uid="hub-organization")
    m2m_changed.connect(themes_changed, sender=Proposal.themes.through, dispatch_uid="hub-themes")
