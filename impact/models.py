"""Site-wide models: the user, conference editions and the notification outbox."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .zones import validate_time_zone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Logs in by e-mail; roles are Django groups (see `impact.roles`)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("E-mails are sent in this language."),
    )
    # Blank until the person says (sign-up fills it from the browser): pages then ask the
    # browser for the zone rather than show times in one the reader never chose.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Session times are shown in this zone, e.g. Africa/Nairobi."),
    )
    # The organization directory also lists organizations whose representatives say so.
    looking_for_coalitions = models.BooleanField(
        _("list my organizations as looking for coalitions"),
        default=False,
        help_text=_(
            "Organizations you represent appear in the public directory, and coalitions "
            "that need them may invite them."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class StampedQuerySet(models.QuerySet):
    """`update()` moves `updated_at` as `save()` does: it is part of cache keys
    (`impact.caches`), which a bulk change must move too."""

    def update(self, **kwargs):
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)


class EditionQuerySet(StampedQuerySet):
    def current(self) -> ConferenceEdition | None:
        """The edition flagged current, else the one that starts last."""
        return self.filter(is_current=True).first() or self.order_by("-starts_on").first()


class ConferenceEdition(models.Model):
    """One conference: its dates, its EOI deadline and the thresholds of its criteria."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    eoi_opens_at = models.DateTimeField(_("call for EOIs opens"), null=True, blank=True)
    eoi_deadline = models.DateTimeField(_("EOI deadline"))
    horizon_date = models.DateField(
        _("horizon date"), help_text=_("Work plans must reach at least this date.")
    )
    horizon_label = models.CharField(
        _("horizon event"), max_length=120, blank=True, help_text=_("e.g. Summit of the Future")
    )
    is_current = models.BooleanField(
        _("current edition"),
        default=False,
        help_text=_("Shown on the home page and used for new EOIs."),
    )
    # Criteria thresholds (see docs/criteria.md); organizers may change them per edition.
    min_csos = models.PositiveSmallIntegerField(_("C1: minimum civil-society members"), default=5)
    min_regions = models.PositiveSmallIntegerField(_("C1: minimum distinct regions"), default=5)
    min_global_south = models.PositiveSmallIntegerField(
        _("C1: minimum global-south members"), default=3
    )
    min_constituencies = models.PositiveSmallIntegerField(
        _("C2: minimum constituency types"), default=3
    )
    min_plan_words = models.PositiveSmallIntegerField(
        _("C3: minimum words in the engagement plan"), default=25
    )
    min_milestones = models.PositiveSmallIntegerField(_("C4: minimum dated milestones"), default=2)
    # How often published coalitions are expected to report progress on their work plans.
    reporting_interval_days = models.PositiveSmallIntegerField(
        _("reporting interval (days)"),
        default=90,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A coalition without a progress report for this long is shown as 'report due'; "
            "for twice as long, as 'inactive'."
        ),
    )

    # The matched assignment (coalitions.review.matching) gives every proposal this many
    # reviewers from each network.
    reviewers_per_network = models.PositiveSmallIntegerField(
        _("reviewers per network"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Automatic assignment gives each proposal this many reviewers per network."),
    )

    # Part of the EOI form's cache key (coalitions.filing.formcache): moved by every save.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("conference edition")
        verbose_name_plural = _("conference editions")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.is_current:
            # Only one edition is current at a time.
            ConferenceEdition.objects.exclude(pk=self.pk).filter(is_current=True).update(
                is_current=False
            )

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
        if self.ends_on and self.horizon_date and self.horizon_date < self.ends_on:
            raise ValidationError(
                {"horizon_date": _("The horizon date cannot be before the conference ends.")}
            )

    @property
    def horizon_label_display(self) -> str:
        """The label in the reader's language when it is one the catalogues know (the demo's);
        as typed otherwise."""
        return gettext(self.horizon_label) if self.horizon_label else ""

    @property
    def deadline_passed(self) -> bool:
        return timezone.now() > self.eoi_deadline

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return (self.eoi_opens_at is None or self.eoi_opens_at <= now) and now <= self.eoi_deadline

    def days_to_deadline(self, today: date | None = None) -> int:
        today = today or timezone.localdate()
        return (timezone.localtime(self.eoi_deadline).date() - today).days


class NotificationQuerySet(models.QuerySet):
    def visible(self) -> NotificationQuerySet:
        """What a recipient sees on the site: everything but messages still held back."""
        return self.exclude(state=Notification.State.HELD)

    def unread_for(self, user) -> NotificationQuerySet:
        return self.visible().filter(recipient=user, read_at__isnull=True)


class Notification(models.Model):
    """One message in the outbox.

    Written in the same transaction as the change that causes it (`impact.notify.notify`); a
    Celery task sends it after commit (`impact.mailer.send_one`) and a periodic sweep re-sends
    anything left pending (`impact.outbox.sweep`), so a broker outage delays mail and loses
    none. Users also read their notifications on the site. Both render the message from
    `kind` and `context` in the reader's language of the moment (`impact.rendering`).

    States: held → pending (on release) → sending (claimed by one worker) → sent | failed;
    a transient failure puts the row back to pending for a retry.
    """

    class State(models.TextChoices):
        HELD = "held", _("held for release")
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    email = models.EmailField(_("e-mail address"))
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    # The recipient's language when queued; once sent, the language the e-mail went out in.
    language = models.CharField(_("language"), max_length=8, default="en")
    # What the kind's templates read, as JSON (ids and plain values, `impact.snapshots`): the
    # site and the mailer render the message from it in the reader's language. None on rows
    # queued before it was kept; those have only the text below.
    context = models.JSONField(_("context"), null=True, blank=True)
    # The text as rendered when queued, in the recipient's language then: what the admin lists
    # and searches, and the whole message of rows without a context.
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    dedup_key = models.CharField(_("deduplication key"), max_length=255, unique=True)
    hold_key = models.CharField(
        _("release group"),
        max_length=120,
        blank=True,
        db_index=True,
        help_text=_("Held messages wait until this group is released (e.g. a review round)."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    # Touched by every state change: the sweep uses it to find rows nobody is working on.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            # The notifications page and the unread badge.
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notif_recipient_unread",
            ),
            # The sweep: pending/sending rows untouched for a while.
            models.Index(fields=["state", "updated_at"], name="notif_state_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email}"


class LostCacheWrite(models.Model):
    """A write to the shared cache that failed (`impact.cache`): something stale may be left
    in it until the cache's generation is bumped. Kept where every process sees it, so that
    `impact.cache.sweep_lost_writes` bumps it even if the process that saw the failure
    stopped before Redis answered again."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"cache write lost at {self.at:%Y-%m-%d %H:%M:%S}"


class AuditEntryQuerySet(models.QuerySet):
    """The trail is append-only: rows are added, never changed or removed in bulk either.
    Only who did it may be emptied or anonymized (an erased account: its link is set to null
    by the database's cascade, its label and address by personal-data erasure)."""

    def update(self, **kwargs):
        if set(kwargs) <= AuditEntry.ERASABLE:
            return super().update(**kwargs)
        raise AuditTrailIsAppendOnly(gettext("The audit trail cannot be changed."))

    def delete(self):
        raise AuditTrailIsAppendOnly(gettext("The audit trail cannot be deleted."))


class AuditTrailIsAppendOnly(Exception):
    pass


class AuditEntry(models.Model):
    """One privileged action: who, when, from where, what it changed (impact.audit).

    The actor is kept twice: a link (emptied if the account is erased) and the label it had
    then, which erasure may anonymize. Nothing else in a row ever changes; PostgreSQL refuses
    it too (migration 0009's trigger).
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as then)"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("from (address)"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("kind of record"), max_length=100, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    target_label = models.CharField(_("record (as then)"), max_length=300, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    # The personal data of a row, which erasure may empty (nothing else ever changes).
    ERASABLE = frozenset({"actor", "actor_id", "actor_label", "ip"})

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditTrailIsAppendOnly(gettext("The audit trail cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly(gettext("The audit trail cannot be deleted."))


# Registered with the app from here; defined beside the webhooks' code.
from .webhook_models import WebhookDelivery, WebhookEndpoint, WebhookEvent  # noqa: E402, F401
