"""Reference data (regions, sectors, constituency types, themes) and organizations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from impact.models import StampedQuerySet


class ReferenceModel(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        # Seeded names are English and in the catalogues (see migration 0003); a name an admin
        # adds later has no translation and is shown as typed.
        return gettext(self.name)


class Region(ReferenceModel):
    is_global_south = models.BooleanField(_("global south"), default=False)

    class Meta(ReferenceModel.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Sector(ReferenceModel):
    description = models.CharField(_("description"), max_length=255, blank=True)
    counts_as_civil_society = models.BooleanField(
        _("counts as civil society"),
        default=False,
        help_text=_("Members of this sector count for criteria C1 and C2."),
    )

    class Meta(ReferenceModel.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class ConstituencyType(ReferenceModel):
    class Meta(ReferenceModel.Meta):
        verbose_name = _("constituency type")
        verbose_name_plural = _("constituency types")


class Theme(ReferenceModel):
    class Meta(ReferenceModel.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Organization(models.Model):
    """An organization, reused across proposals so the same NGO is entered once."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="organizations"
    )
    country = CountryField(_("country"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("primary region"),
        on_delete=models.PROTECT,
        related_name="organizations",
        help_text=_("The region of your primary operation, even if you work globally."),
    )
    is_global = models.BooleanField(_("we operate globally"), default=False)
    constituencies = models.ManyToManyField(
        ConstituencyType,
        verbose_name=_("constituency types"),
        blank=True,
        related_name="organizations",
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    # An organization at risk in its own country: public pages, feeds, open data and the
    # Co-Chairs' Summary show it only as `public_name` ("an organization from <region>", with
    # its constituency types); reviewers and organizers still see its name. Set by its
    # representatives and by filers of a proposal it is a member of
    # (`coalitions.organizations.unnamed`).
    listed_without_name = models.BooleanField(
        _("list without its name"),
        default=False,
        help_text=_(
            "Public pages, feeds, open data and the Co-Chairs' Summary show it as an "
            "organization from its region, with its constituency types, never its name."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Part of the EOI form's cache key (coalitions.filing.formcache): moved by every save, and
    # by `update()` (StampedQuerySet), by `formcache.touch_organizations` for constituencies.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StampedQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "country", name="organization_unique_name_country"
            )
        ]
        indexes = [models.Index(Lower("name"), name="organization_lower_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def public_name(self) -> str:
        """The name anyone may read: the name with its acronym, or for an organization
        listed without its name, only its region."""
        if self.listed_without_name:
            return gettext("An organization from %(region)s") % {"region": self.region}
        return str(self)

    @property
    def public_acronym(self) -> str:
        return "" if self.listed_without_name else self.acronym

    @property
    def public_country(self):
        """The country, unless it would help name an organization listed without its name."""
        return "" if self.listed_without_name else self.country
