"""The public hub: organizations asking to join a coalition, and updates posted by its leads.

`coalitions.hub.signals` keeps the hub's search index and page cache in step with the data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import JoinRequestState
from .proposals import Proposal
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
