"""What happens to an organization's shared details: corrections suggested by filers who may
not change them, and every change kept as a version (see `coalitions.organizations.changes`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import CorrectionState, OrganizationChange
from .proposals import Proposal
from .reference import Organization


class OrganizationCorrection(models.Model):
    """A change to an organization's details proposed from a member line by someone who may
    not make it: its representatives (or organizers) accept or decline it."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suggested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Only the fields that differ, as `changes.details` writes them (slugs, codes, lists).
    values = models.JSONField(_("suggested values"), default=dict)
    # The same fields as they were when it was suggested (to show, and to tell a stale one).
    before = models.JSONField(_("values then"), default=dict)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=CorrectionState.choices,
        default=CorrectionState.PENDING,
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
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "state"], name="correction_org_state")]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_state_display()})"


class OrganizationVersion(models.Model):
    """One change of an organization's shared details: who, when, why, before and after."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("why"), max_length=12, choices=OrganizationChange.choices)
    correction = models.ForeignKey(
        OrganizationCorrection,
        verbose_name=_("suggested correction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="versions",
    )
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization version")
        verbose_name_plural = _("organization versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="organization_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} v{self.number}"
