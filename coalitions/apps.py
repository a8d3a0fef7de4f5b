from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionsConfig(AppConfig):
    name = "coalitions"
    verbose_name = _("Coalitions")

    def ready(self) -> None:
        # The admin is part of review (`coalitions/review/admin/`), not at the app's top level
        # where `admin.autodiscover()` looks.
        # The admin, and the reminder jobs' Celery tasks (the worker finds them through here;
        # the matched assignment's, in `review.assigning`, through the admin's actions).
        from . import audit_trail, derived, privacy, reference_signals, tasks  # noqa: F401
        from .hub import progress_reminders, signals  # noqa: F401
        from .review import admin, conflicts, reminders  # noqa: F401

        signals.connect()
        # The criteria stored on proposals follow the tables they are computed from (and the
        # calibrated scores and the portfolio's tally theirs); their cached reference data is
        # dropped when those tables change.
        derived.connect()
        reference_signals.connect()
        # Privileged actions on proposals, reviews and organizations: impact.audit's trail.
        audit_trail.connect()
        # A person deleting their account hands their proposals over first.
        privacy.connect()
        # A conflict of interest that appears after an assignment withdraws it.
        conflicts.connect()
