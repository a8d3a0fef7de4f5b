"""The short report each session's organizers submit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalitions.filing.wordlimits import MaxWordsValidator
from impact.concurrency import Versioned

from ..enums import ReportStatus
from .sessions import Session

MAX_LINKS = 5


def validate_links(value: str) -> None:
    """One URL a line, at most MAX_LINKS."""
    links = [line.strip() for line in (value or "").splitlines() if line.strip()]
    if len(links) > MAX_LINKS:
        raise ValidationError(
            _("Give at most %(max)d links."), code="too_many", params={"max": MAX_LINKS}
        )
    check = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            check(link)
        except ValidationError as exc:
            raise ValidationError(
                _("“%(link)s” is not a web address (http:// or https://)."),
                code="invalid_link",
                params={"link": link[:80]},
            ) from exc


class SessionReport(Versioned):
    """Key outputs of one session: draft → submitted → accepted, or returned with a comment."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="report")
    key_messages = models.TextField(
        _("key messages"),
        blank=True,
        validators=[MaxWordsValidator(300)],
        help_text=_("The main points made in the session; one per line."),
    )
    recommendations = models.TextField(
        _("recommendations"),
        blank=True,
        validators=[MaxWordsValidator(200)],
        help_text=_("What the session recommends, and to whom; one per line."),
    )
    next_steps = models.TextField(
        _("commitments and next steps"),
        blank=True,
        validators=[MaxWordsValidator(150)],
        help_text=_("Commitments made and what happens next; one per line."),
    )
    attendance = models.PositiveIntegerField(
        _("approximate attendance"), null=True, blank=True, help_text=_("In the room and online.")
    )
    links = models.TextField(
        _("links"),
        blank=True,
        validators=[validate_links],
        help_text=_("Recordings, slides or outcome documents; one web address per line."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    return_comment = models.TextField(_("comment from the organizers"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")
        ordering = ["session__date", "session__starts_at", "pk"]

    def __str__(self) -> str:
        return str(self.session)

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def missing_for_submission(self) -> list[str]:
        """Fields a report must have before it can be submitted."""
        return [] if self.key_messages.strip() else ["key_messages"]
