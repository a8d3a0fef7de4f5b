"""Matched assignment: conflicts of interest reviewers declare (and organizers pin or lift),
the solver's runs with their preview, and the networks' discussion of a proposal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import AssignmentRunState, ConflictState
from .proposals import Proposal
from .reference import Organization


class Conflict(models.Model):
    """A reviewer's conflict of interest with an organization, beyond their own organization and
    those they are a confirmed representative of (`coalitions.permissions.conflict_organizations`).

    Declared by the reviewer with a reason, pinned by organizers (the reviewer cannot remove
    it), or lifted by organizers (a representative relation or a declaration that should not
    count). A reviewer's own organization cannot be lifted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_conflicts",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="review_conflicts",
    )
    reason = models.CharField(_("reason"), max_length=300)
    state = models.CharField(
        _("state"), max_length=10, choices=ConflictState.choices, default=ConflictState.DECLARED
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["user", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ≠ {self.organization}"


class AssignmentRun(models.Model):
    """One solve of the matched assignment: its plan, shown to organizers before they confirm.

    `plan` holds `assignments` ([proposal id, network id, reviewer id, score]), `loads`
    ({reviewer id: count}) and `uncovered` ([{proposal, network, missing, reason}]).
    """

    edition = models.ForeignKey(
        "impact.ConferenceEdition", on_delete=models.CASCADE, related_name="assignment_runs"
    )
    proposals = models.JSONField(_("proposals"), default=list)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=AssignmentRunState.choices,
        default=AssignmentRunState.QUEUED,
    )
    plan = models.JSONField(_("plan"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment run")
        verbose_name_plural = _("assignment runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_state_display()})"


class DiscussionMessage(models.Model):
    """One message in the networks' discussion of a proposal (`coalitions.review.discussion`)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="discussion_messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("discussion message")
        verbose_name_plural = _("discussion messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.body[:40]}"


class DiscussionClosure(models.Model):
    """A proposal's discussion closed by organizers, with the decision's reasons: the text a
    decision letter quotes. No message is added after it."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="discussion_closure"
    )
    reasons = models.TextField(_("the decision's reasons"), max_length=5000)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), auto_now_add=True)

    class Meta:
        verbose_name = _("closed discussion")
        verbose_name_plural = _("closed discussions")

    def __str__(self) -> str:
        return str(self.proposal_id)
