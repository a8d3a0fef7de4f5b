"""Progress on a published coalition's work plan: every change a lead makes to a milestone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import MilestoneStatus
from .proposals import Proposal, WorkPlanItem


class MilestoneUpdate(models.Model):
    """One progress report on one milestone: its new status, a note, evidence, who and when.

    Rows are never changed or deleted by the leads: together they are the milestone's history.
    """

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("coalition"),
        on_delete=models.CASCADE,
        related_name="milestone_updates",
    )
    milestone = models.ForeignKey(
        WorkPlanItem,
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_status = models.CharField(
        _("previous status"), max_length=12, choices=MilestoneStatus.choices
    )
    status = models.CharField(_("status"), max_length=12, choices=MilestoneStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    happened_on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("milestone progress update")
        verbose_name_plural = _("milestone progress updates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.get_status_display()}"
