"""Sessions of a conference edition and the people who speak in them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalitions.models import Proposal
from impact.models import ConferenceEdition

from ..enums import INTERPRETATION_LANGUAGES, ParticipantRole, SessionFormat, SessionKind
from ..zones import validate_time_zone, zone

LANGUAGE_NAMES = dict(INTERPRETATION_LANGUAGES)
# A session whose end time is before its start ends the next day; past this it is a typo.
MAX_OVERNIGHT = datetime.timedelta(hours=12)


class SessionQuerySet(models.QuerySet):
    def in_programme_order(self) -> SessionQuerySet:
        return self.order_by("date", "starts_at", "ends_at", "title", "pk")

    def organized_by(self, user) -> SessionQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(organizers=user)


class Session(models.Model):
    """One session of the programme. Times are wall-clock times in the session's time zone."""

    edition = models.ForeignKey(
        ConferenceEdition,
        verbose_name=_("conference edition"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.WORKSHOP
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The start and end are wall-clock times in this zone."),
    )
    additional_zones = models.JSONField(
        _("additional official time zones"),
        default=list,
        blank=True,
        help_text=_("Other zones the session's times are announced in, e.g. America/New_York."),
    )
    times_to_be_confirmed = models.BooleanField(_("times to be confirmed"), default=False)
    room = models.CharField(_("room"), max_length=100, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=SessionFormat.choices, default=SessionFormat.IN_PERSON
    )
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    interpretation = models.JSONField(
        _("interpretation languages"),
        default=list,
        blank=True,
        help_text=_("Language codes, e.g. en, fr, es."),
    )
    expected_outcomes = models.TextField(_("expected outcomes"), blank=True)
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("session organizers"),
        blank=True,
        related_name="organized_sessions",
        help_text=_("They write and submit the session's report."),
    )
    coalition = models.ForeignKey(
        Proposal,
        verbose_name=_("coalition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at", "ends_at", "title", "pk"]
        indexes = [models.Index(fields=["edition", "date", "starts_at"], name="session_programme")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("summaries:report", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at:
            if self.ends_at == self.starts_at:
                errors["ends_at"] = _("A session must end after it starts.")
            elif self.date and self.ends - self.starts > MAX_OVERNIGHT and self.crosses_midnight:
                errors["ends_at"] = _(
                    "A session must end after it starts. One that runs past midnight ends on "
                    "the next day, within 12 hours of its start."
                )
        for name in self.additional_zones or []:
            try:
                validate_time_zone(name)
            except ValidationError as error:
                errors.setdefault("additional_zones", []).extend(error.messages)
        if self.format in (SessionFormat.ONLINE, SessionFormat.HYBRID) and not self.online_link:
            errors["online_link"] = _("Online and hybrid sessions need an online link.")
        unknown = [code for code in self.interpretation or [] if code not in LANGUAGE_NAMES]
        if unknown:
            errors["interpretation"] = _("Unknown language codes: %(codes)s") % {
                "codes": ", ".join(unknown)
            }
        if errors:
            raise ValidationError(errors)

    @property
    def starts(self) -> datetime.datetime:
        """The start as an aware datetime in the session's zone."""
        return datetime.datetime.combine(self.date, self.starts_at, tzinfo=zone(self.time_zone))

    @property
    def crosses_midnight(self) -> bool:
        """An end time before the start time is on the next day (23:00–01:00)."""
        return self.ends_at < self.starts_at

    @property
    def ends_on(self) -> datetime.date:
        return self.date + datetime.timedelta(days=1) if self.crosses_midnight else self.date

    @property
    def ends(self) -> datetime.datetime:
        return datetime.datetime.combine(self.ends_on, self.ends_at, tzinfo=zone(self.time_zone))

    @property
    def official_zones(self) -> list[str]:
        """The session's own zone, then each additional official zone once."""
        zones = [self.time_zone]
        for name in self.additional_zones or []:
            if name and name not in zones:
                zones.append(name)
        return zones

    @property
    def is_online(self) -> bool:
        """Online or hybrid: people join from other time zones."""
        return self.format in (SessionFormat.ONLINE, SessionFormat.HYBRID)

    @property
    def interpretation_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.interpretation or []]


class Participant(models.Model):
    """A moderator, speaker or panelist of a session (not necessarily a user of the portal)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(
        _("title or position"), max_length=200, blank=True, help_text=_("e.g. Ambassador")
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    group = models.CharField(
        _("group"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Civil-society co-facilitators; Member States' representatives"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker or moderator")
        verbose_name_plural = _("speakers and moderators")
        ordering = ["session", "position", "pk"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.title, self.affiliation) if part)


class AgendaItem(models.Model):
    """One timed item of a session's agenda."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.TimeField(_("starts"), null=True, blank=True)
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    title = models.CharField(_("item"), max_length=200)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "pk"]

    def __str__(self) -> str:
        return self.title
