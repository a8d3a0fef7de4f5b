"""The editable draft of an edition's Co-Chairs' Summary, its entries and its exports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from impact.concurrency import Versioned
from impact.models import ConferenceEdition

from ..enums import ExportFormat, ExportState
from .sessions import Session


class SummaryDraft(Versioned):
    """One per edition. The introduction and cross-cutting recommendations are the organizers'
    own text: recompiling never touches them."""

    edition = models.OneToOneField(
        ConferenceEdition, on_delete=models.CASCADE, related_name="summary_draft"
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for “Co-Chairs' Summary” in the language of each export."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    cross_cutting = models.TextField(
        _("cross-cutting recommendations"),
        blank=True,
        help_text=_("Recommendations that run through several sessions; one per line."),
    )
    reordered = models.BooleanField(
        _("sessions reordered by hand"),
        default=False,
        help_text=_("Once reordered, recompiling appends new sessions instead of re-sorting."),
    )
    compiled_at = models.DateTimeField(_("compiled"), null=True, blank=True)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Co-Chairs' Summary draft")
        verbose_name_plural = _("Co-Chairs' Summary drafts")

    def __str__(self) -> str:
        title = self.title or _("Co-Chairs' Summary")
        return f"{title} — {self.edition}"

    def get_absolute_url(self) -> str:
        return reverse("summaries:draft", args=[self.edition.slug])


class SummaryEntry(Versioned):
    """A session's part of the summary: a copy of its accepted report that organizers may edit."""

    draft = models.ForeignKey(SummaryDraft, on_delete=models.CASCADE, related_name="entries")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="summary_entries")
    position = models.PositiveIntegerField(_("position"), default=0)
    included = models.BooleanField(_("included"), default=True)
    title = models.CharField(_("title"), max_length=250)
    key_messages = models.TextField(_("key messages"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    next_steps = models.TextField(_("commitments and next steps"), blank=True)
    edited = models.BooleanField(
        _("text edited by the organizers"),
        default=False,
        help_text=_("Edited text is kept when the summary is recompiled."),
    )

    class Meta:
        verbose_name = _("summary entry")
        verbose_name_plural = _("summary entries")
        ordering = ["draft", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "session"], name="summary_entry_once")
        ]

    def __str__(self) -> str:
        return self.title


def export_path(instance: SummaryExport, filename: str) -> str:
    return f"summaries/exports/{instance.edition.slug}/{filename}"


class SummaryExport(models.Model):
    """One produced file, versioned per edition and format, with who made it and when."""

    edition = models.ForeignKey(
        ConferenceEdition, on_delete=models.CASCADE, related_name="summary_exports"
    )
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Headings, labels and dates are in this language; people's texts as typed."),
    )
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True, max_length=300)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sessions = models.PositiveIntegerField(_("sessions included"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("produced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("summary export")
        verbose_name_plural = _("summary exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "format", "version"], name="summary_export_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition.slug} {self.format} v{self.version}"

    @property
    def is_unfinished(self) -> bool:
        return self.state in ExportState.unfinished()

    def filename(self) -> str:
        return (
            f"co-chairs-summary-{self.edition.slug}-v{self.version}-{self.language}.{self.format}"
        )
