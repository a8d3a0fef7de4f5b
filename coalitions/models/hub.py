"""The public hub: organizations asking to join a coalition, and updates posted by its leads.

The receivers at the end keep the hub's search index and page cache in step with the data,
whoever changes it (the review workflow publishes, leads accept members, admins edit).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from ..enums import JoinRequestState, ProposalStatus
from .progress import MilestoneUpdate
from .proposals import Contact, Proposal, ProposalMember, WorkPlanItem
from .reference import Organization


class JoinRequest(models.Model):
    """An organization asks to join a published coalition; a lead accepts or declines."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("coalition"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    message = models.TextField(_("why you want to join"), max_length=2000)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=JoinRequestState.choices,
        default=JoinRequestState.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note to the organization"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open request per organization and coalition; decided ones stay as history.
            models.UniqueConstraint(
                fields=["proposal", "organization"],
                condition=models.Q(state="pending"),
                name="join_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.proposal}"


class CoalitionUpdate(models.Model):
    """A short news item a lead posts on the coalition's public page."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("update"), max_length=2000)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("coalition update")
        verbose_name_plural = _("coalition updates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.body[:60]


# --- keeping the search index and the page cache current ------------------------------------


def _is_public(proposal: Proposal) -> bool:
    # A proposal with a public address was published once: leaving the hub changes it too.
    return proposal.status == ProposalStatus.PUBLISHED or bool(proposal.public_slug)


@receiver(post_save, sender=Proposal)
@receiver(post_delete, sender=Proposal)
def _proposal_changed(sender, instance: Proposal, **kwargs) -> None:
    from .. import hub_cache, search

    if not _is_public(instance):
        return
    if kwargs.get("signal") is post_save and instance.status == ProposalStatus.PUBLISHED:
        search.refresh(instance.pk)
    hub_cache.invalidate()


@receiver(post_save, sender=ProposalMember)
@receiver(post_delete, sender=ProposalMember)
def _membership_changed(sender, instance: ProposalMember, **kwargs) -> None:
    from .. import hub_cache, search

    proposal = Proposal.objects.filter(pk=instance.proposal_id).only("status", "public_slug")
    proposal = proposal.first()
    if proposal is None or not _is_public(proposal):
        return
    search.refresh(proposal.pk)
    hub_cache.invalidate()


@receiver(post_save, sender=Organization)
def _organization_changed(sender, instance: Organization, created: bool, **kwargs) -> None:
    from .. import hub_cache, search

    if created:
        return
    public = Proposal.objects.published().filter(members__organization=instance)
    ids = list(public.values_list("pk", flat=True))
    for pk in ids:
        search.refresh(pk)
    if ids:
        hub_cache.invalidate()


@receiver(post_save, sender=WorkPlanItem)
@receiver(post_delete, sender=WorkPlanItem)
@receiver(post_save, sender=Contact)
@receiver(post_delete, sender=Contact)
@receiver(post_save, sender=CoalitionUpdate)
@receiver(post_delete, sender=CoalitionUpdate)
@receiver(post_save, sender=MilestoneUpdate)
def _page_content_changed(sender, instance, **kwargs) -> None:
    from .. import hub_cache

    # Drafts are edited all day during a call; only a public page's content matters here.
    if Proposal.objects.filter(pk=instance.proposal_id, status=ProposalStatus.PUBLISHED).exists():
        hub_cache.invalidate()


@receiver(m2m_changed, sender=Proposal.themes.through)
def _themes_changed(sender, instance, action: str, **kwargs) -> None:
    from .. import hub_cache

    if action.startswith("post_"):
        hub_cache.invalidate()
