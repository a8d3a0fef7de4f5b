"""Targets for the balance of an edition's portfolio (what is shortlisted or published)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from impact.models import ConferenceEdition

from ..enums import PortfolioDimension


class PortfolioTarget(models.Model):
    """ "At least `min_percent` % of the portfolio" for one value of one dimension.

    `key` is a region, constituency type or theme slug, a language code, or for the global
    south `members` (member organizations) or `leads` (proposals whose lead is from it).
    An edition without any target uses `coalitions.review.portfolio.DEFAULT_TARGETS`.
    """

    edition = models.ForeignKey(
        ConferenceEdition,
        verbose_name=_("conference edition"),
        on_delete=models.CASCADE,
        related_name="portfolio_targets",
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=PortfolioDimension.choices)
    key = models.SlugField(
        _("value"),
        max_length=60,
        help_text=_(
            "A region, constituency type or theme slug, a language code (en, fr, es), or for "
            "the global south: members or leads."
        ),
    )
    min_percent = models.PositiveSmallIntegerField(
        _("at least (%)"), validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("portfolio target")
        verbose_name_plural = _("portfolio targets")
        ordering = ["edition", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "dimension", "key"], name="portfolio_target_once"
            ),
            models.CheckConstraint(
                condition=models.Q(min_percent__lte=100), name="portfolio_target_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.key} ≥ {self.min_percent}%"


class CalibratedScore(models.Model):
    """A proposal's calibrated mean as last fitted (`coalitions.review.calibration`), stored so
    the reviewers' change list sorts by it in SQL and the portfolio page ranks its candidates
    without fitting every review of the edition on each request. Refreshed for the whole
    edition after any review of it is created, changed or deleted, or a reviewed proposal
    moves edition (`review.calibration_store`); `manage.py refresh_calibration` and an hourly
    job redo it all. A proposal without a review has no row."""

    proposal = models.OneToOneField(
        "coalitions.Proposal",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="calibration",
    )
    score = models.FloatField(_("calibrated score"))
    uncertainty = models.FloatField(_("uncertainty"), null=True, blank=True)
    raw = models.FloatField(_("raw mean"))
    reviews = models.PositiveIntegerField(_("reviews"))
    fitted_at = models.DateTimeField(_("fitted"), auto_now=True)

    class Meta:
        verbose_name = _("calibrated score")
        verbose_name_plural = _("calibrated scores")
        indexes = [models.Index(fields=["-score"], name="calibrated_score")]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.score:.2f}"
