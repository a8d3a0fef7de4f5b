"""The organization directory: people who act for an organization, and invitations a
coalition sends to an organization that would close its criteria gaps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import InvitationState, RepresentativeState
from .proposals import Proposal
from .reference import Organization


class Representative(models.Model):
    """A person who acts for an organization: confirmed, or claimed and waiting."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="representatives",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=RepresentativeState.choices,
        default=RepresentativeState.PENDING,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("claimed"), auto_now_add=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["organization__name", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="representative_once_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"


class PartnerInvitation(models.Model):
    """A coalition invites an organization to join it; a representative accepts or declines."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("coalition"),
        on_delete=models.CASCADE,
        related_name="partner_invitations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="partner_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=InvitationState.choices,
        default=InvitationState.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("invited"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"],
                condition=models.Q(state="pending"),
                name="partner_invitation_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal} → {self.organization}"
